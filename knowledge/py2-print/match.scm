; The Python 2 print statement: `print "x"`, `print a, b,`, `print >>f, "x"`.
; tree-sitter-python keeps a print_statement node for it; `print(...)` is an ordinary call,
; and `print -1` parses as a subtraction, so neither matches.
(print_statement) @construct
