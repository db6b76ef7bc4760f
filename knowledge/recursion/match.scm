; recursion: attach to the recursive call itself, i.e. a call, inside a function, of that
; function's own name (#ancestor-field-eq? walks up to an enclosing def whose `name` equals
; the callee; a nested function calling its outer function counts as indirect recursion).
; Bare-name calls inside a class body are excluded: there a method name is not in scope,
; so `print(...)` inside `def print(self, ...)` calls the built-in, not the method.
; Method recursion is matched in its usual form, `self.<name>(...)` inside `def <name>`;
; `other.close()` inside `def close` is usually delegation to another object, so only
; `self` counts.
((call
   function: (identifier) @callee) @construct
  (#ancestor-field-eq? @construct function_definition name @callee)
  (#not-has-ancestor? @construct class_definition))

((call
   function: (attribute
     object: (identifier) @object
     attribute: (identifier) @callee)) @construct
  (#eq? @object "self")
  (#ancestor-field-eq? @construct function_definition name @callee))
