; The GIL has no syntax of its own, so this note attaches to the few calls
; whose whole point is the GIL:
;  - ProcessPoolExecutor(...): the standard way around the GIL for CPU-bound
;    pure-Python work (one interpreter, and one GIL, per worker process).
;    ThreadPoolExecutor is left to the threading note, so the two never
;    overlap, and multiprocessing.* constructors to the multiprocessing note.
;  - sys._is_gil_enabled() (3.13+): whether the GIL is on right now.
;  - sysconfig.get_config_var("Py_GIL_DISABLED"): whether this is a
;    free-threaded build.
;  - sys.setswitchinterval()/sys.getswitchinterval(): how often a running
;    thread is asked to hand the GIL over.
(call
  function: (attribute
    attribute: (identifier) @function)
  (#eq? @function "ProcessPoolExecutor")) @construct

(call
  function: (identifier) @function
  (#eq? @function "ProcessPoolExecutor")) @construct

(call
  function: (attribute
    object: (identifier) @module
    attribute: (identifier) @function)
  (#eq? @module "sys")
  (#any-of? @function "_is_gil_enabled" "setswitchinterval" "getswitchinterval")) @construct

(call
  function: (attribute
    object: (identifier) @module
    attribute: (identifier) @function)
  arguments: (argument_list . (string) @name .)
  (#eq? @module "sysconfig")
  (#eq? @function "get_config_var")
  (#match? @name "^[\"']Py_GIL_DISABLED[\"']$")) @construct
