; The keywords `and`, `or` and `not`. Only the keyword is captured: the operands
; can be long conditions, and hovering them should not show this note.
; `not in` and `is not` are comparison operators and are not matched.
(boolean_operator operator: ["and" "or"] @construct)
(not_operator "not" @construct)
