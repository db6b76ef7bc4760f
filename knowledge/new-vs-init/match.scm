; __new__ against __init__: the name of a method defined as `def __new__` in a class body
; (only the name is captured, never the whole method), and calls of some `.__new__(...)`,
; such as super().__new__(cls) or object.__new__(cls), where an instance is made by hand.
(function_definition
  name: (identifier) @construct
  (#eq? @construct "__new__")
  (#has-ancestor? @construct class_definition))

(call
  function: (attribute
    attribute: (identifier) @_m)
  (#eq? @_m "__new__")) @construct
