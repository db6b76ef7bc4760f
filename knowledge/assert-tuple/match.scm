; `assert (condition, "message")`: the test is a non-empty tuple, which is always true, so
; the assert can never fail. `assert ()` (always false) and `assert x, ("a", "b")` (a tuple
; as the message) are not matched. The tuple is captured.
(assert_statement
  .
  (tuple (_)) @construct)
