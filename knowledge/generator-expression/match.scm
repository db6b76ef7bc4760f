; `(expr for x in iterable)`, including the form without its own parentheses
; as the only argument of a call: `sum(x * x for x in data)`.
(generator_expression) @construct

; The hint `lazy, one pass` only where the generator is kept (assigned, returned, passed
; along with other arguments): passed alone to a call, `sum(x for x in xs)`, the call
; consumes it at once and its name says what happens.
((generator_expression) @construct @hint
  (#not-has-parent? @construct call))
