; A default value that is a call or a new container: it is evaluated once, when `def` (or
; `lambda`) runs, not at each call. Names and constants are left out: for them "once" changes
; nothing a reader can see.
(default_parameter
  value: [(call) (list) (dictionary) (set)
          (list_comprehension) (dictionary_comprehension) (set_comprehension)] @construct @hint)
(typed_default_parameter
  value: [(call) (list) (dictionary) (set)
          (list_comprehension) (dictionary_comprehension) (set_comprehension)] @construct @hint)
