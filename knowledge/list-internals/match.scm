; List internals, attached to the calls whose cost comes from them: `.insert(i, x)`
; with an integer literal index (two arguments) and `.pop(i)` with a single integer
; literal, above all insert(0, x) and pop(0), which shift every later item. A literal
; index is what suggests a list (dict.pop takes a key, set.pop no argument).
; Plain `.append(x)` and `.pop()` are cheap and on countless lines: not matched.
(call
  function: (attribute
    attribute: (identifier) @_m)
  arguments: (argument_list
    .
    (integer)
    .
    (_)
    .)
  (#eq? @_m "insert")) @construct

(call
  function: (attribute
    attribute: (identifier) @_m)
  arguments: (argument_list
    .
    (integer)
    .)
  (#eq? @_m "pop")) @construct
