; The Python 2 exec statement: `exec code`, `exec code in globals, locals`.
; `exec(...)` is an ordinary call and does not match.
(exec_statement) @construct
