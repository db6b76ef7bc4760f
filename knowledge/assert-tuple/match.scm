; `assert (condition, "message")`: the parentheses make one non-empty tuple, which is always
; true, so the assert can never fail. An empty tuple (`assert ()`) is always false and is left
; alone; `assert (a == b), "message"` (parentheses around the condition only) is fine.
(assert_statement
  .
  (tuple (_)) @construct)
