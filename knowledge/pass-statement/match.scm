; pass-statement: the `pass` statement itself, a one-word node (pass_statement), so the
; hover covers only the keyword. `...` used as a placeholder body is an expression
; statement (ellipsis) and is deliberately not matched.
(pass_statement) @construct
