; str.join and str.split:
; - `.join(...)` only on a string literal separator (`", ".join(parts)`), because
;   `os.path.join(...)` and `sep.join(...)` on a name cannot be told apart from str.join
;   by syntax alone;
; - `.split(...)` / `.rsplit(...)` calls, except the well-known functions that are not
;   str.split: os.path.split, posixpath/ntpath.split, re.split and shlex.split.
(call
  function: (attribute
    object: (string)
    attribute: (identifier) @_m)
  (#eq? @_m "join")) @construct

(call
  function: (attribute
    object: (_) @_o
    attribute: (identifier) @_m)
  (#any-of? @_m "split" "rsplit")
  (#not-any-of? @_o "os.path" "posixpath" "ntpath" "re" "shlex")) @construct
