; A string method whose result is thrown away: the call is a whole statement
; (`name.strip()`, `s.replace("a", "b")`). Strings (and bytes) are immutable, so these
; methods return a new string and the statement does nothing. The call is captured.
; Only the shapes that are string methods and nothing else in practice (the regex checks
; the method with its arguments):
; - case methods with no arguments (`window.title("Editor")` in tkinter takes one);
; - strip/lstrip/rstrip with no argument or one;
; - replace with two arguments, the first a string (`path.replace(target)` renames a file),
;   not on the os module (`os.replace("a", "b")` moves one);
; - removeprefix/removesuffix with a string; center/ljust/rjust/zfill/expandtabs;
; - format on a string literal.
; The regex wants arguments without a comma where one argument is expected.
((expression_statement
   (call
     function: (attribute
       object: (_) @object
       attribute: (identifier) @method)) @construct)
 (#any-of? @method "upper" "casefold" "swapcase" "capitalize" "title" "strip" "lstrip" "rstrip" "replace" "removeprefix" "removesuffix" "center" "ljust" "rjust" "zfill" "expandtabs" "format")
 (#match? @construct "[.](upper|casefold|swapcase|capitalize|title)[(][)]$|[.][lr]?strip[(][^,]*[)]$|[.]replace[(][rRbBuU]*['\"].*,.*[)]$|[.]remove(prefix|suffix)[(][rRbBuU]*['\"][^,]*[)]$|[.](center|ljust|rjust|zfill|expandtabs)[(].+[)]$|^[rRbBuU]*['\"].*['\"][.]format[(]")
 (#not-imported-from? @object "os"))

; lower() alike, except in a file that uses tkinter, where `widget.lower()` lowers a window.
((expression_statement
   (call
     function: (attribute attribute: (identifier) @method)
     arguments: (argument_list) @args) @construct)
 (#eq? @method "lower")
 (#eq? @args "()")
 (#not-file-imports? @construct "tkinter" "Tkinter"))
