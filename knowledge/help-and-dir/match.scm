; help() and dir(): calls of the two built-ins by their bare names.
(call
  function: (identifier) @_f
  (#any-of? @_f "help" "dir")) @construct
