; `name=value` in a call. The inline hints of this note are the parameter names shown before
; positional arguments of well-known calls; they come from signatures.tsv, not from this query.
(keyword_argument name: (identifier) @construct)
