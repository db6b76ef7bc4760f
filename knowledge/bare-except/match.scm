; `except:` with no exception type. The `except` keyword is the diagnostic range.
; Silent when every path through the handler ends in a `raise` (clean up, then re-raise):
; nothing is swallowed. A `raise` under an `if` without an `else`, after a `return`, or in a
; nested handler or loop leaves a path that swallows KeyboardInterrupt, so it does not count.
(except_clause
  !value
  "except" @construct
  (block) @handler
  (#not-always-reaches? @handler raise_statement))
