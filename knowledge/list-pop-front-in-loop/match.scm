; Removing or adding at the front of a list inside a loop: each call shifts every other
; element, so the loop is quadratic. Receivers of pop(0) are almost always lists; insert(0, x)
; is also a method of tkinter widgets, ElementTree elements and arrays, so it is matched in
; the two shapes where it is a list growing at the front over many iterations.

; items.pop(0) in a for or while loop
(call
  function: (attribute
    attribute: (identifier) @method)
  arguments: (argument_list . (integer) @index .)
  (#eq? @method "pop")
  (#eq? @index "0")
  (#in-field? @method body for_statement while_statement)) @construct

; items.insert(0, x) in a `while` loop (not `while True`, which often builds a new list on
; each pass), x not a string literal (widgets' insert(0, "text")), items not sys.path
(call
  function: (attribute
    object: (_) @object
    attribute: (identifier) @method)
  arguments: (argument_list . (integer) @index . (_) @value .)
  (#eq? @method "insert")
  (#eq? @index "0")
  (#not-eq? @object "sys.path")
  (#not-match? @value "^[rRbBuUfF]*[\"']")
  (#in-field? @method body while_statement)
  (#not-ancestor-field-match? @method while_statement condition "^True$")) @construct

; for x in xs: items.insert(0, x)   (reversing by inserting each item at the front)
(for_statement
  left: (identifier) @variable
  body: (block
    (expression_statement
      (call
        function: (attribute
          object: (_) @object
          attribute: (identifier) @method)
        arguments: (argument_list . (integer) @index . (identifier) @value .)) @construct))
  (#eq? @method "insert")
  (#eq? @index "0")
  (#eq? @value @variable)
  (#not-eq? @object "sys.path"))
