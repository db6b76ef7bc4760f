; Removing from (or adding to) the very list, dict or set that an enclosing `for` loop
; iterates over, inside that loop: `for x in xs: xs.remove(x)`, `for k in d: del d[k]`,
; `for x in s: s.add(y)`, `for k in d: d["new"] = v`. Methods: remove, pop, popitem, insert,
; clear, discard, add, update, setdefault; `del`, slice assignment and assignment of a
; literal key.
; `append`/`extend` are left out on purpose: appending to the list being walked is a common,
; deliberate work-queue idiom (the loop visits the new items), so flagging it is mostly noise.
; The loop's iterable must be spelled exactly like the modified object (`xs`, `self.items`),
; or be `enumerate(xs)`, so loops over a copy (`list(xs)`, `xs[:]`, `xs.copy()`,
; `sorted(xs)`) stay silent (#in-loop-over?: the loop's body, in the same function).
; Also silent:
;   - when every path from the statement to the end of its block leaves the loop (`break`,
;     `return`, `raise`): changing the list and then stopping the iteration is safe;
;   - in a loop's `else:` block (`for ... else: xs.remove(y)` runs after the loop ended);
;     an `if ... else:` block inside the loop still counts;
;   - on `self` (`for c in self: self.clear(...)` calls the class's own methods).
; Patterns are rooted at the statement, not at its block (a block-rooted pattern keeps a query
; state alive over every block of the file); what follows the statement is asked with
; #always-reaches?.

; xs.remove(x) / d.pop(k) / s.add(y) as a statement
((expression_statement
   (call
     function: (attribute
                 object: [(identifier) (attribute)] @seq
                 attribute: (identifier) @method)) @construct) @stmt
 (#any-of? @method "remove" "pop" "popitem" "insert" "clear" "discard" "add" "update" "setdefault")
 (#not-eq? @seq "self")
 (#in-loop-over? @stmt @seq "enumerate")
 (#not-always-reaches? @stmt break_statement return_statement raise_statement))

; item = d.pop(k) / x = xs.pop() / v = d.setdefault(k, [])
((expression_statement
   (assignment
     right: (call
              function: (attribute
                          object: [(identifier) (attribute)] @seq
                          attribute: (identifier) @method)) @construct)) @stmt
 (#any-of? @method "pop" "popitem" "setdefault")
 (#not-eq? @seq "self")
 (#in-loop-over? @stmt @seq "enumerate")
 (#not-always-reaches? @stmt break_statement return_statement raise_statement))

; del xs[i] / del d[k]
((delete_statement
   (subscript
     value: [(identifier) (attribute)] @seq)) @construct
 (#not-eq? @seq "self")
 (#in-loop-over? @construct @seq "enumerate")
 (#not-always-reaches? @construct break_statement return_statement raise_statement))

; xs[i:j] = [...] (a slice assignment can change a list's length) and d["key"] = value (a
; literal key that the dict may not hold yet). Other item assignments are left out: an index
; assignment on a list (`xs[i] = v`, most of them) never changes its size, and pylore cannot
; tell a list from a dict.
((expression_statement
   (assignment
     left: (subscript
             value: [(identifier) (attribute)] @seq
             subscript: [(slice) (string)]) @construct)) @stmt
 (#not-eq? @seq "self")
 (#in-loop-over? @stmt @seq "enumerate")
 (#not-always-reaches? @stmt break_statement return_statement raise_statement))
