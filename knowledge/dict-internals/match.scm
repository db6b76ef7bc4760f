; Dict internals: the view methods .keys(), .values() and .items() called with no
; arguments, dict(...) and dict.fromkeys(...) calls, and OrderedDict(...) calls (bare or
; collections.OrderedDict). Dict displays `{...}` are left alone: hovering anywhere in a
; long literal would show this note.
(call
  function: (attribute
    attribute: (identifier) @_m)
  arguments: (argument_list) @_args
  (#any-of? @_m "keys" "values" "items")
  (#eq? @_args "()")) @construct

(call
  function: [
    (identifier) @_f
    (attribute attribute: (identifier) @_f)]
  (#eq? @_f "OrderedDict")) @construct

(call
  function: (identifier) @_f
  (#eq? @_f "dict")) @construct

(call
  function: (attribute
    object: (identifier) @_o
    attribute: (identifier) @_m)
  (#eq? @_o "dict")
  (#eq? @_m "fromkeys")) @construct
