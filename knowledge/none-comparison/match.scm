; `x == None`, `x != None`, `None == x`: use `is None` / `is not None`.
(comparison_operator
  operators: ["==" "!="]
  (none)) @construct

(comparison_operator
  (none)
  operators: ["==" "!="]) @construct
