; `(expr for x in iterable)`, including the form without its own parentheses
; as the only argument of a call: `sum(x * x for x in data)`.
(generator_expression) @construct
