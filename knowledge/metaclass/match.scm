; Metaclass: the `metaclass=...` keyword among a class statement's bases, and the name
; `type` written as a base (`class Meta(type):` defines a metaclass). Only the keyword
; argument or the `type` name is captured, so the rest of the bases keep the
; inheritance note.
(class_definition
  superclasses: (argument_list
    (keyword_argument
      name: (identifier) @_kw) @construct)
  (#eq? @_kw "metaclass"))

(class_definition
  superclasses: (argument_list
    (identifier) @construct)
  (#eq? @construct "type"))
