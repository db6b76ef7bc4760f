; break-continue: the `break` and `continue` statements themselves (one-word nodes), so the
; hover covers only the keyword; the loop around them is not a hover target. `return`
; inside a loop also ends it but is not matched (see the nomatch example).
(break_statement) @construct
(continue_statement) @construct
