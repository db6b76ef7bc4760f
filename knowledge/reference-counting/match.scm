; Reference counts only show up in code through sys.getrefcount(obj):
; attach the note to that call (and to getrefcount(obj) after
; `from sys import getrefcount`; the name is specific to sys).
(call
  function: (attribute
    object: (identifier) @module
    attribute: (identifier) @function)
  (#eq? @module "sys")
  (#eq? @function "getrefcount")) @construct

(call
  function: (identifier) @function
  (#eq? @function "getrefcount")) @construct
