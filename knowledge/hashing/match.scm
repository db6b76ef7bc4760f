; Hashing: calls of hash(...), the name of a method defined as `def __hash__`, and
; `__hash__ = None` (or any assignment to __hash__) directly in a class body, which
; makes instances unhashable. Only the name is captured for the two class forms, never
; the whole method.
(call
  function: (identifier) @_f
  (#eq? @_f "hash")) @construct

(function_definition
  name: (identifier) @construct
  (#eq? @construct "__hash__"))

(class_definition
  body: (block
    (expression_statement
      (assignment
        left: (identifier) @construct)))
  (#eq? @construct "__hash__"))
