; queue.Queue and its variants, made through the module (queue.Queue(...),
; queue.LifoQueue(...), queue.PriorityQueue(...), queue.SimpleQueue(...)), and
; `.task_done()` calls, a method name that only these queues (and
; multiprocessing.JoinableQueue, which works the same way) define.
; Bare Queue(...) after `from queue import Queue` is not matched: multiprocessing and
; asyncio have classes of that name too.
(call
  function: (attribute
    object: (identifier) @module
    attribute: (identifier) @function)
  (#eq? @module "queue")
  (#any-of? @function "Queue" "LifoQueue" "PriorityQueue" "SimpleQueue")) @construct

(call
  function: (attribute
    attribute: (identifier) @function)
  arguments: (argument_list) @_args
  (#eq? @function "task_done")
  (#eq? @_args "()")) @construct
