; Sets: set(...) and frozenset(...) calls by their bare names, and set literals
; `{a, b}` (the node type `set`, which is never a dict). Set comprehensions are left to
; the comprehension note; `{}` is an empty dict and is not matched.
(call
  function: (identifier) @_f
  (#any-of? @_f "set" "frozenset")) @construct

(set) @construct
