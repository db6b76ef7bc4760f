; A lambda bound directly to a plain name: `name = lambda ...`, at module level,
; in a function or in a class body (also `name: T = lambda ...` and the inner
; assignment of `a = b = lambda ...`). The lambda is captured, so its hover
; shows this pitfall together with the `lambda` explanation.
; Not matched: a lambda passed as an argument, used as a default value, stored
; in a dict, list or tuple, or assigned to an attribute or item (self.cb = ...).
(assignment
  left: (identifier)
  right: (lambda) @construct)
