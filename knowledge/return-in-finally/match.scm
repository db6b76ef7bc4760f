; `return`, `break` or `continue` that leaves a `finally` block: it discards the exception
; in flight (and replaces a return value). A `return` counts when the nearest finally clause
; is nearer than the nearest def, lambda or class (a function defined inside the finally
; block returns from itself); `break`/`continue` when it is nearer than the nearest loop
; (a loop inside the finally block is fine).
((return_statement) @construct
 (#closest-ancestor? @construct finally_clause function_definition lambda class_definition))

([(break_statement) (continue_statement)] @construct
 (#closest-ancestor? @construct finally_clause for_statement while_statement function_definition class_definition))
