; `== True`, `== False`, `!= True`, `!= False` in the condition of an if, elif or while
; statement (either side). `x is True` is not matched: it tests for the True object itself,
; which code may mean on purpose (a value that can be True, a truthy object, or None).
((comparison_operator
   operators: ["==" "!="]
   [(true) (false)]) @construct
 (#in-field? @construct condition if_statement elif_clause while_statement))
