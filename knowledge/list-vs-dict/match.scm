; List or dict: a membership test against a list display, `x in [...]` or
; `x not in [...]`, the moment where a scan of a list does a lookup's job.
; A set display, `x in {...}`, is the near miss.
(comparison_operator
  operators: ["in" "not in"]
  .
  (list)) @construct
