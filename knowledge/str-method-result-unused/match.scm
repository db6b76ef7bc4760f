; A string method whose result is thrown away: the call is a whole statement
; (`name.strip()`, `s.replace("a", "b")`). Strings (and bytes) are immutable, so these
; methods return a new string and the statement does nothing. The call is captured.
; Only the shapes that are string methods and nothing else in practice:
; - case methods with no arguments (`window.title("Editor")` in tkinter takes one);
(expression_statement
  (call
    function: (attribute attribute: (identifier) @method)
    arguments: (argument_list) @args) @construct
  (#any-of? @method "upper" "lower" "casefold" "swapcase" "capitalize" "title")
  (#eq? @args "()"))

; - strip with no argument or one (the characters to remove);
(expression_statement
  (call
    function: (attribute attribute: (identifier) @method)
    arguments: [
      (argument_list . ")")
      (argument_list . (_) .)]) @construct
  (#any-of? @method "strip" "lstrip" "rstrip"))

; - the ones whose first argument is a string: replace("a", "b"), removeprefix("x"), ...
;   (`path.replace(target)` renames a file and `os.replace(a, b)` moves one: their first
;   argument is not a string literal);
(expression_statement
  (call
    function: (attribute attribute: (identifier) @method)
    arguments: (argument_list . [(string) (concatenated_string)])) @construct
  (#any-of? @method "replace" "removeprefix" "removesuffix"))

; - padding, which only strings and bytes have;
(expression_statement
  (call
    function: (attribute attribute: (identifier) @method)
    arguments: (argument_list . (_))) @construct
  (#any-of? @method "center" "ljust" "rjust" "zfill" "expandtabs"))

; - format on a string literal.
(expression_statement
  (call
    function: (attribute
      object: [(string) (concatenated_string)]
      attribute: (identifier) @method)) @construct
  (#eq? @method "format"))
