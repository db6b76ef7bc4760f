; `[[0] * 3] * 3`, `[[]] * n`, `n * [{}]`, `[set()] * n`: a one-element list whose element
; is a mutable object, repeated with `*`. Every slot refers to the same inner object.
; Silent on `[0] * n`, `[None] * n`, `[(0, 0)] * n`, `[""] * n`, on comprehensions, and where
; the product is only read on the spot: anywhere inside a call's arguments, or a comparison
; operand (`assertEqual(x, [[1, 2]] * 3)`, `product(*[[True, False]] * 2)`).

; The mutable element is a display, a comprehension or a repeated list.
((binary_operator
   left: (list
           .
           [(list) (dictionary) (set)
            (list_comprehension) (dictionary_comprehension) (set_comprehension)
            (binary_operator left: (list) operator: "*")
            (binary_operator operator: "*" right: (list))]
           .)
   operator: "*") @construct
 (#not-has-parent? @construct comparison_operator)
 (#not-has-ancestor? @construct argument_list))

((binary_operator
   operator: "*"
   right: (list
            .
            [(list) (dictionary) (set)
             (list_comprehension) (dictionary_comprehension) (set_comprehension)
             (binary_operator left: (list) operator: "*")
             (binary_operator operator: "*" right: (list))]
            .)) @construct
 (#not-has-parent? @construct comparison_operator)
 (#not-has-ancestor? @construct argument_list))

; The mutable element is a constructor call: list(), dict(), set(), deque(), ...
((binary_operator
   left: (list . (call function: (_) @ctor) .)
   operator: "*") @construct
 (#match? @ctor "^((collections[.])?(deque|defaultdict|OrderedDict|Counter)|list|dict|set)$")
 (#not-has-parent? @construct comparison_operator)
 (#not-has-ancestor? @construct argument_list))

((binary_operator
   operator: "*"
   right: (list . (call function: (_) @ctor) .)) @construct
 (#match? @ctor "^((collections[.])?(deque|defaultdict|OrderedDict|Counter)|list|dict|set)$")
 (#not-has-parent? @construct comparison_operator)
 (#not-has-ancestor? @construct argument_list))
