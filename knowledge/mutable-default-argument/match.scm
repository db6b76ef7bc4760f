; A mutable default value: it is created once, when `def` (or `lambda`) runs,
; and shared by every call. The default value is captured.

; Literals and comprehensions: [], {}, {1, 2}, [x for ...], {k: v for ...}, {x for ...}
(default_parameter
  value: [(list) (dictionary) (set)
          (list_comprehension) (dictionary_comprehension) (set_comprehension)] @construct)
(typed_default_parameter
  value: [(list) (dictionary) (set)
          (list_comprehension) (dictionary_comprehension) (set_comprehension)] @construct)

; Calls of the built-in mutable constructors and of collections' containers:
; list(), dict(), set(), deque(), defaultdict(list), OrderedDict(), Counter()
((default_parameter
   value: (call function: (identifier) @_f) @construct)
  (#any-of? @_f "list" "dict" "set" "deque" "defaultdict" "OrderedDict" "Counter"))
((typed_default_parameter
   value: (call function: (identifier) @_f) @construct)
  (#any-of? @_f "list" "dict" "set" "deque" "defaultdict" "OrderedDict" "Counter"))

; The same containers qualified by the module: collections.deque(), ...
((default_parameter
   value: (call function: (attribute object: (identifier) @_m attribute: (identifier) @_f)) @construct)
  (#eq? @_m "collections")
  (#any-of? @_f "deque" "defaultdict" "OrderedDict" "Counter"))
((typed_default_parameter
   value: (call function: (attribute object: (identifier) @_m attribute: (identifier) @_f)) @construct)
  (#eq? @_m "collections")
  (#any-of? @_f "deque" "defaultdict" "OrderedDict" "Counter"))
