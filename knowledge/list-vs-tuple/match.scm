; list vs tuple: attached where code chooses a tuple as a record with named fields,
; namedtuple(...) calls (bare or collections.namedtuple) and `NamedTuple` written as a
; base class. Plain list and tuple literals are not matched: they are on every line.
(call
  function: [
    (identifier) @_f
    (attribute attribute: (identifier) @_f)]
  (#eq? @_f "namedtuple")) @construct

(class_definition
  superclasses: (argument_list
    (identifier) @construct)
  (#eq? @construct "NamedTuple"))

(class_definition
  superclasses: (argument_list
    (attribute
      attribute: (identifier) @_n) @construct)
  (#eq? @_n "NamedTuple"))
