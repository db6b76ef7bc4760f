; Memory management has no syntax of its own: the note attaches to the calls that look
; at memory, sys.getsizeof(...) and sys._debugmallocstats() (pymalloc's own report),
; and the tracemalloc functions that start tracing or read what it saw.
(call
  function: (attribute
    object: (identifier) @module
    attribute: (identifier) @function)
  (#eq? @module "sys")
  (#any-of? @function "getsizeof" "_debugmallocstats")) @construct

(call
  function: (attribute
    object: (identifier) @module
    attribute: (identifier) @function)
  (#eq? @module "tracemalloc")
  (#any-of? @function
    "start" "stop" "take_snapshot" "get_traced_memory" "reset_peak"
    "get_tracemalloc_memory" "get_object_traceback")) @construct
