; strip-methods: calls of .strip(), .lstrip(), .rstrip(), .removeprefix() and
; .removesuffix(), with or without arguments (str and bytes have all five).
(call
  function: (attribute
    attribute: (identifier) @_m)
  (#any-of? @_m "strip" "lstrip" "rstrip" "removeprefix" "removesuffix")) @construct
