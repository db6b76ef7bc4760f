; The constructors that start or connect processes, and get_context()/set_start_method(),
; where the start method (fork/spawn/forkserver) is chosen: multiprocessing.Process(...),
; mp.Pool(...) after `import multiprocessing as mp`, Queue(...) after
; `from multiprocessing import Queue`. #imported-from? follows the name to its import, so
; psutil.Process, queue.Queue, asyncio.Queue and other libraries' Pool are not matched.
((call
   function: [
     (identifier)
     (attribute attribute: (identifier))
   ]) @construct
 (#imported-from? @construct "multiprocessing"
   "Process" "Pool" "Queue" "SimpleQueue" "JoinableQueue" "Pipe" "Manager"
   "get_context" "set_start_method"))
