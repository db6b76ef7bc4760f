; `except:` with no exception type. The `except` keyword is the diagnostic range.
; Silent when the handler contains a `raise` (clean up, then re-raise): nothing is swallowed.
(except_clause
  !value
  "except" @construct
  (block) @handler
  (#not-has-descendant? @handler raise_statement))
