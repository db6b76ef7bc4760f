; A mutable class attribute (`items = []`, `{}`, `set()`, a comprehension, list()/dict()/
; defaultdict()/...) changed in place through `self` in a method of the same class:
; `self.items.append(x)`, `self.items[k] = v`, `self.items[k] += 1`, `del self.items[k]`, `self.items += [x]`.
; Every instance shares the one object. `self.items` is captured.
; (The item stores share one pattern, rooted at the subscript; `del self.items[k]` has its
; own, rooted at the del statement.)
; Silent when the class also assigns `self.items = ...` (each instance then has its own),
; and for `cls.items` or `Cart.items`, which say on purpose that the object is shared.
(call
  function: (attribute
    object: (attribute
      object: (identifier) @self
      attribute: (identifier) @name) @construct
    attribute: (identifier) @method)
  (#eq? @self "self")
  (#any-of? @method "append" "extend" "insert" "remove" "pop" "clear" "sort" "reverse" "update" "setdefault" "popitem" "add" "discard" "difference_update" "intersection_update" "symmetric_difference_update" "appendleft" "extendleft" "popleft" "rotate")
  (#class-attribute? @name "list" "dictionary" "set" "list_comprehension" "dictionary_comprehension" "set_comprehension" "list()" "dict()" "set()" "defaultdict()" "OrderedDict()" "Counter()" "deque()"))

((subscript
   value: (attribute
     object: (identifier) @self
     attribute: (identifier) @name) @construct)
 (#eq? @self "self")
 (#in-field? @construct left assignment augmented_assignment)
 (#class-attribute? @name "list" "dictionary" "list_comprehension" "dictionary_comprehension" "list()" "dict()" "defaultdict()" "OrderedDict()" "Counter()" "deque()"))

(augmented_assignment
  left: (attribute
    object: (identifier) @self
    attribute: (identifier) @name) @construct
  operator: ["+=" "*=" "|=" "&=" "-=" "^="]
  (#eq? @self "self")
  (#class-attribute? @name "list" "dictionary" "set" "list_comprehension" "dictionary_comprehension" "set_comprehension" "list()" "dict()" "set()" "defaultdict()" "OrderedDict()" "Counter()" "deque()"))

(delete_statement
  [(subscript
     value: (attribute
       object: (identifier) @self
       attribute: (identifier) @name) @construct)
   (expression_list
     (subscript
       value: (attribute
         object: (identifier) @self
         attribute: (identifier) @name) @construct))]
  (#eq? @self "self")
  (#class-attribute? @name "list" "dictionary" "list_comprehension" "dictionary_comprehension" "list()" "dict()" "defaultdict()" "OrderedDict()" "Counter()" "deque()"))
