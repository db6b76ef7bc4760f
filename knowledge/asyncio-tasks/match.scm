; The asyncio functions that start the event loop or run coroutines side by
; side: asyncio.run/create_task/ensure_future/gather/wait/wait_for/as_completed/
; TaskGroup, plus .create_task(...) on a loop or a TaskGroup (loop.create_task,
; tg.create_task). The asyncio.create_task form is left to the first pattern.
(call
  function: (attribute
    object: (identifier) @module
    attribute: (identifier) @function)
  (#eq? @module "asyncio")
  (#any-of? @function
    "run" "create_task" "ensure_future" "gather" "wait" "wait_for"
    "as_completed" "TaskGroup")) @construct

(call
  function: (attribute
    object: [(identifier) (attribute)] @object
    attribute: (identifier) @function)
  (#eq? @function "create_task")
  (#not-eq? @object "asyncio")) @construct
