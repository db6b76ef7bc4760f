; Calls of the gc module's functions: gc.collect(), gc.disable(), gc.freeze(), ...
; (The function names are listed so that an unrelated variable that happens to be
; called `gc` only matches if it also has a method with one of these names.)
(call
  function: (attribute
    object: (identifier) @module
    attribute: (identifier) @function)
  (#eq? @module "gc")
  (#any-of? @function
    "collect" "disable" "enable" "isenabled" "freeze" "unfreeze"
    "get_freeze_count" "get_count" "get_threshold" "set_threshold"
    "get_objects" "get_referrers" "get_referents" "is_tracked"
    "is_finalized" "get_stats" "get_debug" "set_debug")) @construct
