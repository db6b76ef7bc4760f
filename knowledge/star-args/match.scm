; `*args` / `**kwargs` in a def or lambda parameter list (also with an annotation:
; `*args: int`). The bare `*` and `/` markers are keyword_separator /
; positional_separator nodes and belong to keyword-only-parameters.
(parameters [(list_splat_pattern) (dictionary_splat_pattern)] @construct)
(parameters (typed_parameter [(list_splat_pattern) (dictionary_splat_pattern)] @construct))
(lambda_parameters [(list_splat_pattern) (dictionary_splat_pattern)] @construct)

; `*iterable` / `**mapping` unpacked into the arguments of a call
; (including the base-class list of a class statement).
(argument_list [(list_splat) (dictionary_splat)] @construct)
