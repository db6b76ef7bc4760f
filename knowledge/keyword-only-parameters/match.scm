; keyword-only-parameters: the bare `*` and the `/` markers of a parameter list.
; tree-sitter-python gives each marker its own node (keyword_separator, positional_separator),
; inside `def` parameters and `lambda` parameters alike, so the hover covers exactly the
; one-character marker and nothing else in the signature. `*args` and `**kwargs`
; (list_splat_pattern, dictionary_splat_pattern) and `*`/`**` at call sites are different
; nodes and belong to the star-args note.
(keyword_separator) @construct @hint
(positional_separator) @construct @hint.2
