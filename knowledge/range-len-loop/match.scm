; `for i in range(len(xs)):` whose body uses `i` only to read `xs[i]`: enumerate (or a plain
; loop over xs) says the same without the index arithmetic. The `range(len(xs))` call is
; captured. Silent when the index is used for anything else (xs[i + 1], ys[i], i itself,
; xs[i] = ... or del xs[i]), since then the index is really needed.
(for_statement
  left: (identifier) @index
  right: (call
    function: (identifier) @range
    arguments: (argument_list
      .
      (call
        function: (identifier) @len
        arguments: (argument_list . [(identifier) (attribute)] @seq .))
      .)) @construct
  body: (block) @body
  (#eq? @range "range")
  (#eq? @len "len")
  (#only-indexes? @index @body @seq)
  (#not-bound-in-file? @range)
  (#not-bound-in-file? @len))
