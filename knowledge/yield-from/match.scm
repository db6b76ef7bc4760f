; yield-from: the whole `yield from <expr>` expression (a `yield` node that has the anonymous
; "from" keyword child), so the hover covers the delegation and its operand. A plain
; `yield x` has no "from" child and is left to the generator note.
(yield "from" @hint) @construct
