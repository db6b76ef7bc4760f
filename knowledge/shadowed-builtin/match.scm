; A built-in function or type name rebound by an assignment (`list = [1, 2]`,
; `min = a if a < b else b`, also inside a chain: `a = dict = {}`), a `with ... as open`
; target, a single-name for-loop target (`for id in ids:`) or a module-level def of a core
; built-in (`def sum(xs):`).
; Deliberately silent (to keep false positives near zero):
;   - class-body attributes (`type = "x"` in a class does not hide the built-in from methods);
;   - aliases whose right side is a bare name or attribute (`input = raw_input`,
;     `open = io.open`): compatibility shims that rebind on purpose; `None`, `True` and
;     `False` are not aliases (`list = None` hides the built-in);
;   - tuple unpacking (`family, type, proto, ... = info`) and comprehension variables;
;   - function parameters (`def f(id, type):` is common and local), and re-assignments of
;     such a parameter (`type = type.upper()`): the parameter shadowed the name first;
;   - fallbacks in a handler of NameError, ImportError or AttributeError
;     (`except NameError: def sorted(...)`, `except ImportError: open = ...`);
;   - module-level defs of names that modules define on purpose as their API
;     (`gzip.open`, `fnmatch.filter`, `fileinput.input`, `locale.format`).
; Patterns are rooted at the assignment, so the innermost assignment of a chain is one too.

; name = value, outside a class body.
((assignment
   left: (identifier) @construct
   right: (_) @rhs)
 (#any-of? @construct "list" "dict" "str" "int" "float" "set" "tuple" "bytes" "len" "sum" "min" "max" "print" "input" "type" "id" "open" "filter" "map" "zip" "range" "iter" "next" "object" "all" "any" "sorted" "reversed" "format" "hash" "vars")
 (#not-match? @rhs "^[A-Za-z_][A-Za-z0-9_.]*$")
 (#not-enclosing? @construct "class")
 (#not-ancestor-field-match? @construct except_clause value "NameError|ImportError|AttributeError")
 (#not-bound-in-scope? @construct "parameter"))

; name = None / True / False, outside a class body.
((assignment
   left: (identifier) @construct
   right: [(none) (true) (false)])
 (#any-of? @construct "list" "dict" "str" "int" "float" "set" "tuple" "bytes" "len" "sum" "min" "max" "print" "input" "type" "id" "open" "filter" "map" "zip" "range" "iter" "next" "object" "all" "any" "sorted" "reversed" "format" "hash" "vars")
 (#not-enclosing? @construct "class")
 (#not-ancestor-field-match? @construct except_clause value "NameError|ImportError|AttributeError")
 (#not-bound-in-scope? @construct "parameter"))

; with open(path) as open: ...
((as_pattern_target (identifier) @construct) @target
 (#has-parent? @target as_pattern)
 (#any-of? @construct "list" "dict" "str" "int" "float" "set" "tuple" "bytes" "len" "sum" "min" "max" "print" "input" "type" "id" "open" "filter" "map" "zip" "range" "iter" "next" "object" "all" "any" "sorted" "reversed" "format" "hash" "vars")
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
 (#not-has-ancestor? @def class_definition function_definition)
 (#not-ancestor-field-match? @def except_clause value "NameError|ImportError|AttributeError"))
