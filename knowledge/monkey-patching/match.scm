; Monkey patching: an assignment statement whose target is an attribute of a bare name
; that is a class or a module, and whose value looks like a function (a name, a dotted
; name or a lambda): `Greeter.hello = loud_hello`, `time.sleep = fake_sleep`.
; Precision:
; - a class is recognised by its CapWords name (upper-case first letter and at least one
;   lower-case letter, so ALL_CAPS constants are left out);
; - a module only when it is one of a few standard modules that code commonly patches
;   (no predicate tells whether a name was bound by `import`);
; - `self.x = ...`, `obj.attr = ...` on lower-case names, and values that are numbers,
;   strings, calls or literals are ordinary attribute assignments and are not matched.
(expression_statement
  (assignment
    left: (attribute
      object: (identifier) @_obj)
    right: [(identifier) (attribute) (lambda)]) @construct
  (#match? @_obj "^_?[A-Z][A-Za-z0-9_]*[a-z][A-Za-z0-9_]*$"))

(expression_statement
  (assignment
    left: (attribute
      object: (identifier) @_obj)
    right: [(identifier) (attribute) (lambda)]) @construct
  (#any-of? @_obj "builtins" "os" "sys" "time" "socket" "random" "subprocess" "shutil" "datetime" "math" "json"))
