; Comparing with True or False as a condition: the condition of an if/elif/while (directly
; or as an operand of and/or/not) or an assert's test. A comparison that is stored, returned
; or passed on (`flag = x == True`, `f(x == True)`) is not a condition and stays silent.
; `== True`, `!= False` (the literal on either side) always; `is True` / `is not False` only
; when the other side is already a bool (a parenthesized comparison, or a call of bool,
; isinstance, callable, hasattr, all, any, startswith, endswith, is*/has*): elsewhere `is`
; is how code tells the True object from other truthy values (1, a list), on purpose.
; Comprehension `if`s and conditional expressions are not looked at: every pattern costs
; time on every file, and these two are where the mistake is rare.
((comparison_operator [(true) (false)]) @construct
 (#match? @construct "(==|!=)[ \t]*(True|False)$|^(True|False)[ \t]*(==|!=)|^([A-Za-z_][A-Za-z0-9_]*[.])*(bool|isinstance|issubclass|callable|hasattr|all|any|startswith|endswith|is[a-z_]*|has[a-z_]*)[(].*[)][ \t]+is( not)?[ \t]+(True|False)$|^[(].*[)][ \t]+is( not)?[ \t]+(True|False)$")
 (#in-field? @construct condition if_statement elif_clause while_statement)
 (#not-has-ancestor? @construct argument_list lambda))

(assert_statement
  .
  (comparison_operator [(true) (false)]) @construct
  (#match? @construct "(==|!=)[ \t]*(True|False)$|^(True|False)[ \t]*(==|!=)|^([A-Za-z_][A-Za-z0-9_]*[.])*(bool|isinstance|issubclass|callable|hasattr|all|any|startswith|endswith|is[a-z_]*|has[a-z_]*)[(].*[)][ \t]+is( not)?[ \t]+(True|False)$|^[(].*[)][ \t]+is( not)?[ \t]+(True|False)$"))
