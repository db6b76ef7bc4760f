; A negative integer used as an index, `items[-1]`, or as the start or stop of
; a slice, `items[-3:]`, `items[:-1]`. The `-1` of `items[::-1]` is a step (it
; walks backwards), not an index, so it is left to the slicing note.

; plain index (also one index of a tuple subscript: grid[-1, 0])
(subscript
  subscript: (unary_operator operator: "-" argument: (integer)) @construct)

; a slice bound followed by a colon: start, or a stop that has a step after it
(slice
  (unary_operator operator: "-" argument: (integer)) @construct
  .
  ":")

; the last part of a slice with a single colon: start:stop, so it is the stop
((slice
   (unary_operator operator: "-" argument: (integer)) @construct
   .) @_slice
  (#match? @_slice "^[^:]*:[^:]*$"))
