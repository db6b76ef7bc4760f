; A string method whose result is thrown away: the call is a whole statement
; (`name.strip()`, `s.replace("a", "b")`). Strings (and bytes) are immutable, so these
; methods return a new string and the statement does nothing. The call is captured.
; Only the shapes that are string methods and nothing else in practice:
; - case methods with no arguments (`window.title("Editor")` in tkinter takes one); in a
;   file that uses tkinter, `widget.lower()` lowers a window, so lower() is left alone there;
(expression_statement
  (call
    function: (attribute attribute: (identifier) @method)
    arguments: (argument_list) @args) @construct
  (#any-of? @method "upper" "casefold" "swapcase" "capitalize" "title")
  (#eq? @args "()"))

(expression_statement
  (call
    function: (attribute attribute: (identifier) @method)
    arguments: (argument_list) @args) @construct
  (#eq? @method "lower")
  (#eq? @args "()")
  (#not-file-imports? @construct "tkinter" "Tkinter"))

; - strip with no argument or one (the characters to remove);
(expression_statement
  (call
    function: (attribute attribute: (identifier) @method)
    arguments: [
      (argument_list . ")")
      (argument_list . (_) .)]) @construct
  (#any-of? @method "strip" "lstrip" "rstrip"))

; - replace("a", "b") (two arguments, the first a string: `path.replace(target)` renames a
;   file) on anything but the os module (`os.replace("a", "b")` moves a file);
(expression_statement
  (call
    function: (attribute
      object: (_) @object
      attribute: (identifier) @method)
    arguments: (argument_list . [(string) (concatenated_string)] . (_))) @construct
  (#eq? @method "replace")
  (#not-imported-from? @object "os"))

; - removeprefix("x"), removesuffix("x");
(expression_statement
  (call
    function: (attribute attribute: (identifier) @method)
    arguments: (argument_list . [(string) (concatenated_string)] .)) @construct
  (#any-of? @method "removeprefix" "removesuffix"))

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
