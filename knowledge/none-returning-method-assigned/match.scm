; The result of a method that changes its object in place, and so returns None, kept:
; `xs = xs.sort()` (sort of a list or of a NumPy array: both return None), and
; `print(xs.reverse())`, `print(xs.append(1))` (sort, reverse, append, extend, clear).
; Precision first: an assignment of `.append()`, `.reverse()` or `.extend()` is not matched,
; because other types' methods of those names return something (imaplib's append returns the
; server's answer, docutils' node.append the node, networkx's Graph.reverse a new graph);
; `insert` is left out for the same reason (tkinter's Treeview.insert returns the item's id).
; A receiver bound by an import is a module (`numpy.sort(a)` returns a new array) and is not
; matched.
((assignment
   left: (_) @target
   right: (call
            function: (attribute
                        object: (_) @object
                        attribute: (identifier) @method)) @construct)
 (#eq? @method "sort")
 (#not-has-parent? @target pattern_list)
 (#not-bound-in-file? @object "import"))

((call
   function: (identifier) @print
   arguments: (argument_list
                (call
                  function: (attribute
                              object: (_) @object
                              attribute: (identifier) @method)) @construct))
 (#eq? @print "print")
 (#any-of? @method "sort" "reverse" "append" "extend" "clear")
 (#not-bound-in-file? @object "import"))
