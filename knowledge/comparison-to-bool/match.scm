; `x == True`, `x != False`, `x is True`, `True == x` used as a condition: the condition of
; an if/elif/while (directly or as an operand of and/or/not), an assert's test, a
; comprehension's `if`, or a conditional expression's test. A comparison with True/False
; that is stored, returned or passed on (`flag = x == True`, `f(x == True)`) is not a
; condition and stays silent.
([(comparison_operator operators: ["==" "!=" "is" "is not"] [(true) (false)])
  (comparison_operator [(true) (false)] operators: ["==" "!=" "is" "is not"])] @construct
 (#in-field? @construct condition if_statement elif_clause while_statement)
 (#not-has-ancestor? @construct argument_list lambda))

(assert_statement
  .
  [(comparison_operator operators: ["==" "!=" "is" "is not"] [(true) (false)])
   (comparison_operator [(true) (false)] operators: ["==" "!=" "is" "is not"])] @construct)

(if_clause
  [(comparison_operator operators: ["==" "!=" "is" "is not"] [(true) (false)])
   (comparison_operator [(true) (false)] operators: ["==" "!=" "is" "is not"])] @construct)

(conditional_expression
  (_)
  .
  [(comparison_operator operators: ["==" "!=" "is" "is not"] [(true) (false)])
   (comparison_operator [(true) (false)] operators: ["==" "!=" "is" "is not"])] @construct)
