; Comparing with True or False as a condition: the condition of an if/elif/while (directly
; or as an operand of and/or/not), an assert's test, a comprehension's `if`, or a
; conditional expression's test. A comparison that is stored, returned or passed on
; (`flag = x == True`, `f(x == True)`) is not a condition and stays silent.
; `== True`, `!= False` (either side) always; `is True` / `is not False` only when the other
; side is already a bool (a comparison, `not`, and/or in parentheses, or a call of bool,
; isinstance, callable, hasattr, all, any, startswith, endswith, is*/has*): elsewhere `is`
; is how code tells the True object from other truthy values (1, a list), on purpose.

([(comparison_operator operators: ["==" "!="] [(true) (false)])
   (comparison_operator [(true) (false)] operators: ["==" "!="])
   (comparison_operator
     .
     [(call function: [(identifier) @f (attribute attribute: (identifier) @f)])
      (parenthesized_expression [(comparison_operator) (not_operator) (boolean_operator)])]
     operators: ["is" "is not"]
     .
     [(true) (false)])] @construct
 (#match? @f "^(bool|isinstance|issubclass|callable|hasattr|all|any|startswith|endswith|is[a-z_]*|has[a-z_]*)$")
 (#in-field? @construct condition if_statement elif_clause while_statement)
 (#not-has-ancestor? @construct argument_list lambda))

(assert_statement
  .
  [(comparison_operator operators: ["==" "!="] [(true) (false)])
   (comparison_operator [(true) (false)] operators: ["==" "!="])
   (comparison_operator
     .
     [(call function: [(identifier) @f (attribute attribute: (identifier) @f)])
      (parenthesized_expression [(comparison_operator) (not_operator) (boolean_operator)])]
     operators: ["is" "is not"]
     .
     [(true) (false)])] @construct
  (#match? @f "^(bool|isinstance|issubclass|callable|hasattr|all|any|startswith|endswith|is[a-z_]*|has[a-z_]*)$"))

(if_clause
  [(comparison_operator operators: ["==" "!="] [(true) (false)])
   (comparison_operator [(true) (false)] operators: ["==" "!="])
   (comparison_operator
     .
     [(call function: [(identifier) @f (attribute attribute: (identifier) @f)])
      (parenthesized_expression [(comparison_operator) (not_operator) (boolean_operator)])]
     operators: ["is" "is not"]
     .
     [(true) (false)])] @construct
  (#match? @f "^(bool|isinstance|issubclass|callable|hasattr|all|any|startswith|endswith|is[a-z_]*|has[a-z_]*)$"))

(conditional_expression
  (_)
  .
  [(comparison_operator operators: ["==" "!="] [(true) (false)])
   (comparison_operator [(true) (false)] operators: ["==" "!="])
   (comparison_operator
     .
     [(call function: [(identifier) @f (attribute attribute: (identifier) @f)])
      (parenthesized_expression [(comparison_operator) (not_operator) (boolean_operator)])]
     operators: ["is" "is not"]
     .
     [(true) (false)])] @construct
  (#match? @f "^(bool|isinstance|issubclass|callable|hasattr|all|any|startswith|endswith|is[a-z_]*|has[a-z_]*)$"))
