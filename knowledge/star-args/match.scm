; `*args` / `**kwargs` in a def or lambda parameter list (also with an annotation:
; `*args: int`). The bare `*` and `/` markers are keyword_separator /
; positional_separator nodes and belong to keyword-only-parameters.
; The hint says what the parameter holds: `tuple` after *args, `dict` after **kwargs.
(parameters (list_splat_pattern) @construct @hint)
(parameters (dictionary_splat_pattern) @construct @hint.2)
(parameters (typed_parameter (list_splat_pattern) @construct @hint))
(parameters (typed_parameter (dictionary_splat_pattern) @construct @hint.2))
(lambda_parameters (list_splat_pattern) @construct @hint)
(lambda_parameters (dictionary_splat_pattern) @construct @hint.2)

; `*iterable` / `**mapping` unpacked into the arguments of a call
; (including the base-class list of a class statement).
(argument_list [(list_splat) (dictionary_splat)] @construct)
