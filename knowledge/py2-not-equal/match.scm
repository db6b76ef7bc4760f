; `a <> b`, Python 2's second spelling of `!=`.
(comparison_operator
  operators: "<>" @construct)
