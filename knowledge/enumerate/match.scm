; A call of the built-in enumerate(...), unless the file defines its own
; `enumerate`. The whole call is captured (`enumerate(names, start=1)`).
((call
   function: (identifier) @_f) @construct
  (#eq? @_f "enumerate")
  (#not-bound-in-file? @_f))
