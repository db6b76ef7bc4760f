; The result of a list method that changes the list in place, and so returns None, used as a
; value: assigned (`xs = xs.sort()`, `ys = xs.append(1)`) or printed (`print(xs.reverse())`).
; The call is captured. Each method is matched with the arguments list's own method takes,
; which leaves out look-alikes that do return something: `np.append(arr, x)` (two
; arguments), `np.insert(arr, i, x)` (three), `table.sort("name")` (a positional argument),
; and insert is matched only with a number first (`xs.insert(0, x)`): tkinter's
; `tree.insert("", "end")` returns the new item's id.
; `update`, `add` and `pop` are not matched: many libraries' methods of those names return
; a value.
(assignment
  right: (call
    function: (attribute attribute: (identifier) @method)
    arguments: (argument_list . (_) .)) @construct
  (#any-of? @method "append" "extend" "remove"))

(assignment
  right: (call
    function: (attribute attribute: (identifier) @method)
    arguments: (argument_list . [(integer) (unary_operator)] . (_) .)) @construct
  (#eq? @method "insert"))

(assignment
  right: (call
    function: (attribute attribute: (identifier) @method)
    arguments: [
      (argument_list . ")")
      (argument_list . (keyword_argument))]) @construct
  (#eq? @method "sort"))

(assignment
  right: (call
    function: (attribute attribute: (identifier) @method)
    arguments: (argument_list) @args) @construct
  (#any-of? @method "reverse" "clear")
  (#eq? @args "()"))

(call
  function: (identifier) @print
  arguments: (argument_list
    (call
      function: (attribute attribute: (identifier) @method)
      arguments: (argument_list . (_) .)) @construct)
  (#eq? @print "print")
  (#any-of? @method "append" "extend" "remove"))

(call
  function: (identifier) @print
  arguments: (argument_list
    (call
      function: (attribute attribute: (identifier) @method)
      arguments: [
        (argument_list . ")")
        (argument_list . (keyword_argument))]) @construct)
  (#eq? @print "print")
  (#any-of? @method "sort" "reverse" "clear"))
