; The result of a list method that changes the list in place, and so returns None, used as a
; value: assigned (`xs = xs.sort()`, `ys = xs.append(1)`) or printed (`print(xs.reverse())`).
; The call is captured. The regex wants the arguments list's own method takes, which leaves
; out look-alikes that do return something: `np.append(arr, x)` (two arguments),
; `np.insert(arr, i, x)` (three), `table.sort("name")` (a positional argument), tkinter's
; `tree.insert("", "end")` (insert is matched only with a number first: `xs.insert(0, x)`).
; One argument is recognised when it has no comma (`xs.append((a, b))` is not matched).
; `update`, `add` and `pop` are not matched: many libraries' methods of those names return
; a value.
(assignment
  right: (call
    function: (attribute attribute: (identifier) @method)) @construct
  (#any-of? @method "append" "extend" "remove" "insert" "sort" "reverse" "clear")
  (#match? @construct "[.](append|extend|remove)[(][^,]+[)]$|[.]insert[(][ \t]*-?[0-9]+[ \t]*,[^,]+[)]$|[.]sort[(]([ \t]*(key|reverse)[ \t]*=.*)?[)]$|[.](reverse|clear)[(][)]$"))

(call
  function: (identifier) @print
  arguments: (argument_list
    (call
      function: (attribute attribute: (identifier) @method)) @construct)
  (#eq? @print "print")
  (#any-of? @method "append" "extend" "remove" "insert" "sort" "reverse" "clear")
  (#match? @construct "[.](append|extend|remove)[(][^,]+[)]$|[.]insert[(][ \t]*-?[0-9]+[ \t]*,[^,]+[)]$|[.]sort[(]([ \t]*(key|reverse)[ \t]*=.*)?[)]$|[.](reverse|clear)[(][)]$"))
