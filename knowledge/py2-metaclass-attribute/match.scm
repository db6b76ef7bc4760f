; `__metaclass__ = M` as a statement of a class body (Python 2's way to pick a metaclass).
(class_definition
  body: (block
    (expression_statement
      (assignment
        left: (identifier) @construct
        (#eq? @construct "__metaclass__")))))
