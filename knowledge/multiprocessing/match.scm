; The constructors that start or connect processes, called through the module:
; multiprocessing.Process(...), mp.Pool(...), ... (`mp` is the conventional alias
; of `import multiprocessing as mp`), plus get_context()/set_start_method(), where
; the start method (fork/spawn/forkserver) is chosen.
;
; Not matched: bare Process(...), Pool(...), Queue(...) after
; `from multiprocessing import Process`. Those names are too common elsewhere
; (psutil.Process, queue.Queue, asyncio.Queue, other libraries' Pool) and no
; predicate can check where a name was imported from; an `imported-from?`
; predicate would make that precise.
(call
  function: (attribute
    object: (identifier) @module
    attribute: (identifier) @function)
  (#any-of? @module "multiprocessing" "mp")
  (#any-of? @function
    "Process" "Pool" "Queue" "SimpleQueue" "JoinableQueue" "Pipe" "Manager"
    "get_context" "set_start_method")) @construct
