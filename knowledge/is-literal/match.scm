; `x is 1`, `x is not "a"`, `1 is x`, `x is ()`: identity test against a literal (number,
; string, bytes, tuple), the `is` operator right next to the literal. True, False, None and
; `...` are singletons and stay silent; so do f-strings.

; Literal right after `is` / `is not`.
((comparison_operator
   ["is" "is not"]
   .
   [(integer) (float) (tuple) (concatenated_string)
    (unary_operator argument: [(integer) (float)])]) @construct)

((comparison_operator
   ["is" "is not"]
   .
   (string (string_start) @prefix)) @construct
 (#not-match? @prefix "[fF]"))

; Literal right before `is` / `is not` (`1 is x`). When the other side is a literal too, the
; patterns above already fire, so here the right operand must not look like one.
((comparison_operator
   [(integer) (float) (tuple) (concatenated_string)
    (unary_operator argument: [(integer) (float)])]
   .
   ["is" "is not"]
   .
   (_) @right) @construct
 (#not-match? @right "^([-+]?[0-9.]|[rRbBuU]*['\"]|[(])"))

((comparison_operator
   (string (string_start) @prefix)
   .
   ["is" "is not"]
   .
   (_) @right) @construct
 (#not-match? @prefix "[fF]")
 (#not-match? @right "^([-+]?[0-9.]|[rRbBuU]*['\"]|[(])"))
