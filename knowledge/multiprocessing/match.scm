; The constructors that start or connect processes, and get_context()/set_start_method(),
; where the start method (fork/spawn/forkserver) is chosen: multiprocessing.Process(...),
; mp.Pool(...) after `import multiprocessing as mp`, Queue(...) after
; `from multiprocessing import Queue`. #imported-from? follows the name to its import, so
; psutil.Process, queue.Queue, asyncio.Queue and other libraries' Pool are not matched.
; The cheap #any-of? runs first and rejects almost every call.
((call
   function: [
     (identifier) @name
     (attribute attribute: (identifier) @name)
   ]) @construct
 (#any-of? @name "Process" "Pool" "Queue" "SimpleQueue" "JoinableQueue" "Pipe" "Manager"
   "get_context" "set_start_method")
 (#imported-from? @construct "multiprocessing"
   "Process" "Pool" "Queue" "SimpleQueue" "JoinableQueue" "Pipe" "Manager"
   "get_context" "set_start_method"))
