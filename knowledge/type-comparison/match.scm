; `type(x) == T`, `T != type(x)`, `type(a) == type(b)`: a one-argument type() call right next
; to `==` or `!=`. `type(x) is T` (the exact-type check) stays silent, and so does the
; three-argument type(name, bases, namespace).

; type(...) right before the operator.
((comparison_operator
   (call
     function: (identifier) @fn
     arguments: (argument_list . (_) .))
   .
   ["==" "!="]) @construct
 (#eq? @fn "type"))

; type(...) right after the operator, the left operand not a type() call itself (that case
; is already reported by the pattern above).
((comparison_operator
   (_) @left
   .
   ["==" "!="]
   .
   (call
     function: (identifier) @fn
     arguments: (argument_list . (_) .))) @construct
 (#eq? @fn "type")
 (#not-match? @left "^type[ \t]*[(]"))
