; A built-in function or type name rebound by a plain assignment (`list = [1, 2]`,
; `min = a if a < b else b`), a single-name for-loop target (`for id in ids:`) or a
; module-level def of a core built-in (`def sum(xs):`).
; Deliberately silent (to keep false positives near zero):
;   - class-body attributes (`type = "x"` in a class does not hide the built-in from methods);
;   - aliases whose right side is a bare name or attribute (`input = raw_input`,
;     `open = io.open`): compatibility shims that rebind on purpose;
;   - tuple unpacking (`family, type, proto, ... = info`) and comprehension variables;
;   - function parameters (`def f(id, type):` is common and local), and re-assignments of
;     such a parameter (`type = type.upper()`): the parameter shadowed the name first;
;   - fallbacks in an `except` block (`except NameError: def sorted(...)`);
;   - module-level defs of names that modules define on purpose as their API
;     (`gzip.open`, `fnmatch.filter`, `fileinput.input`, `locale.format`).

; Assignment directly at module level.
((expression_statement
   (assignment
     left: (identifier) @construct
     right: (_) @rhs)) @stmt
 (#any-of? @construct "list" "dict" "str" "int" "float" "set" "tuple" "bytes" "len" "sum" "min" "max" "print" "input" "type" "id" "open" "filter" "map" "zip" "range" "iter" "next" "object" "all" "any" "sorted" "reversed" "format" "hash" "vars")
 (#has-parent? @stmt module)
 (#not-match? @rhs "^[A-Za-z_][A-Za-z0-9_.]*$"))

; Assignment in any block except a class body (function bodies, if/for/with/try blocks).
((block
   (expression_statement
     (assignment
       left: (identifier) @construct
       right: (_) @rhs))) @block
 (#any-of? @construct "list" "dict" "str" "int" "float" "set" "tuple" "bytes" "len" "sum" "min" "max" "print" "input" "type" "id" "open" "filter" "map" "zip" "range" "iter" "next" "object" "all" "any" "sorted" "reversed" "format" "hash" "vars")
 (#not-has-parent? @block class_definition)
 (#not-has-ancestor? @block except_clause)
 (#not-match? @rhs "^[A-Za-z_][A-Za-z0-9_.]*$")
 (#not-bound-in-scope? @construct "parameter"))

; for-loop target.
((for_statement
   left: (identifier) @construct)
 (#any-of? @construct "list" "dict" "str" "int" "float" "set" "tuple" "bytes" "len" "sum" "min" "max" "print" "input" "type" "id" "open" "filter" "map" "zip" "range" "iter" "next" "object" "all" "any" "sorted" "reversed" "format" "hash" "vars")
 (#not-bound-in-scope? @construct "parameter"))

; def of a core built-in name outside any class or function.
((function_definition
   name: (identifier) @construct) @def
 (#any-of? @construct "list" "dict" "set" "tuple" "int" "float" "bytes" "len" "sum" "min" "max" "print" "range" "sorted" "reversed" "zip")
 (#not-has-ancestor? @def class_definition function_definition except_clause))
