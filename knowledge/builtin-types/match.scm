; Built-in types: calls of the type constructors by their bare names, `int("42")`,
; `list(items)`, `dict(a=1)`, where a value is converted or created. Literals are not
; matched: that would make nearly every line a hover target. `set(...)` and
; `frozenset(...)` are left to the set-frozenset note so one call has one note.
(call
  function: (identifier) @_f
  (#any-of? @_f "int" "float" "complex" "str" "bytes" "list" "tuple" "dict" "bool")) @construct
