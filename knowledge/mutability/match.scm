; Mutability is attached to two precise places, not to every literal or assignment:
; 1. `+=` with a list or tuple literal on the right (`items += [x]`, `t += (x,)`):
;    on a list it extends the same object in place, which every other name for that
;    list sees, while on a tuple (or str, int) it builds a new object and rebinds only
;    this name. This is where the difference between the two kinds shows in code.
;    `count += 1` is not matched.
; 2. a tuple literal holding a list, dict or set literal (`("Ann", [90, 85])`): the
;    tuple cannot change, but the objects inside it can, and the tuple is unhashable.
(augmented_assignment
  operator: "+="
  right: [(list) (tuple)]) @construct

(tuple
  [(list) (dictionary) (set)]) @construct
