; iterator-protocol: the places where the protocol is spelled out, not every `for` loop
; (which uses it implicitly):
;  - calls of the built-ins iter() and next(): the call expression. #not-bound-in-file?
;    makes sure the name really is the built-in (a file that defines its own `next`
;    variable or function is left alone); `obj.next` / `obj.next()` are attributes, not
;    these calls;
;  - `def __iter__` / `def __next__`: only the method's name, so the hover does not cover
;    the method body.
((call
   function: (identifier) @function) @construct
  (#any-of? @function "iter" "next")
  (#not-bound-in-file? @function))

(function_definition
  name: (identifier) @construct
  (#any-of? @construct "__iter__" "__next__"))
