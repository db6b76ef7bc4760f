; `return`, `break` or `continue` that leaves a `finally` block: it discards the exception
; being propagated (and replaces the try's own return value). Not matched: a return inside a
; def or lambda defined in the finally block, and a break/continue of a loop that is itself
; inside the finally block (#innermost-ancestor? asks which comes first going up).
((return_statement) @construct
 (#innermost-ancestor? @construct finally_clause function_definition lambda class_definition))

([(break_statement) (continue_statement)] @construct
 (#innermost-ancestor? @construct finally_clause for_statement while_statement function_definition lambda class_definition))
