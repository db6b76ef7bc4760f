; argument-passing: attach where a function mutates or rebinds one of its own parameters in
; a way that shows "call by sharing" at work:
;   tags.append(x)             mutating method call on a parameter  -> the caller sees it
;   tags[k] = v, obj.attr = v  assignment through a parameter       -> the caller sees it
;   tags = [] / tags += [x]    a parameter rebound to a new container literal (the caller does
;                              not see it), or extended in place with one (the caller does)
; Plain rebinding such as `data = data.decode()` or `n += 1` is NOT matched: it is in almost
; every function and would make half the lines of a file a hover target; the literal-container
; case is the one newcomers get wrong ("clearing" a list with `tags = []`).
; #bound-in-scope? checks that the name is a parameter of the function whose body holds the
; statement (not of an outer one). `self`/`cls` are excluded (`self.x = v` is ordinary attribute setting), and the method
; must be one of the mutating methods of list, dict, set, bytearray and deque. Patterns are
; anchored on the statement shapes, not on every call, so they stay cheap.

(expression_statement
  (call
    function: (attribute
      object: (identifier) @obj
      attribute: (identifier) @method)) @construct
  (#any-of? @method "append" "extend" "insert" "remove" "pop" "clear" "sort" "reverse"
    "update" "add" "discard" "setdefault" "popitem" "appendleft" "extendleft" "popleft"
    "rotate" "difference_update" "intersection_update" "symmetric_difference_update")
  (#not-any-of? @obj "self" "cls")
  (#bound-in-scope? @obj "parameter"))

(expression_statement
  [(assignment
     left: [(subscript value: (identifier) @obj)
            (attribute object: (identifier) @obj)])
   (augmented_assignment
     left: [(subscript value: (identifier) @obj)
            (attribute object: (identifier) @obj)])
   (assignment
     left: (identifier) @obj
     right: [(list) (dictionary) (set)])
   (augmented_assignment
     left: (identifier) @obj
     right: [(list) (dictionary) (set)])] @construct
  (#not-any-of? @obj "self" "cls")
  (#bound-in-scope? @obj "parameter"))
