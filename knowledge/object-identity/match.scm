; Object identity: calls of the built-in id(), and `is` / `is not` between two
; names or attributes.
; Deliberately not matched: `x is None` / `x is not None` (the idiomatic check,
; very frequent; teaching it on every line would be noise, and `None`,
; `True`, `False` are not identifier nodes anyway), and `is` against a literal
; (number, string, tuple...), which the is-literal pitfall flags.

(call
  function: (identifier) @function
  (#eq? @function "id")
  (#not-bound-in-file? @function)) @construct

(comparison_operator
  .
  [(identifier) (attribute)]
  operators: ["is" "is not"]
  [(identifier) (attribute)]
  .) @construct
