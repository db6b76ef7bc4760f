; greenlet is a third-party module: the note attaches to importing it (the module name
; in `import greenlet` / `from greenlet import ...`) and to the calls that make or find
; greenlets: greenlet(...), greenlet.greenlet(...), getcurrent(), greenlet.getcurrent().
; gevent's own API (gevent.spawn, ...) belongs to the gevent note.
(import_statement
  name: (dotted_name) @construct
  (#eq? @construct "greenlet"))

(import_from_statement
  module_name: (dotted_name) @construct
  (#eq? @construct "greenlet"))

(call
  function: (identifier) @_f
  (#any-of? @_f "greenlet" "getcurrent")) @construct

(call
  function: (attribute
    object: (identifier) @_m
    attribute: (identifier) @_f)
  (#eq? @_m "greenlet")
  (#any-of? @_f "greenlet" "getcurrent")) @construct
