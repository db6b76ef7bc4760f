; range-object: calls of the built-in range(...): the call expression, which is where the
; range object is created. #not-bound-in-file? skips files that define their own `range`
; (so the note never explains a shadowed name as the built-in); method calls such as
; `np.arange(...)` or `random.randrange(...)` are attributes and never match. No inlay hint:
; range() is in countless for loops and a label on each would be noise.
((call
   function: (identifier) @function) @construct
  (#eq? @function "range")
  (#not-bound-in-file? @function))
