; Dict internals: the view methods .keys(), .values() and .items() called with no
; arguments, and OrderedDict(...) calls (bare or collections.OrderedDict).
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
