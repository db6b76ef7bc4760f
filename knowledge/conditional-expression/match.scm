; `a if condition else b`. The `if` of a comprehension filter is an if_clause,
; not a conditional_expression, so it is not matched.
(conditional_expression) @construct
