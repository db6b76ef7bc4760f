; super-call: the `super()` call itself (with or without arguments), not the method
; call that follows it, so `super()` in `super().__init__(name)` is the hover target.
(call
  function: (identifier) @_f
  arguments: (argument_list)
  (#eq? @_f "super")) @construct
