; `a if condition else b`. The `if` of a comprehension filter is an if_clause,
; not a conditional_expression, so it is not matched.
(conditional_expression) @construct

; The hint spells out how a nested conditional groups, `a if c else (b if d else e)`, after
; the outermost one whose parts hold another without parentheses.
((conditional_expression (conditional_expression)) @construct @hint
  (#not-has-parent? @construct conditional_expression))
