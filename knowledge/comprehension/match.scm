; List, dict and set comprehensions. Generator expressions `(x for x in y)`
; have their own note (generator-expression).
[(list_comprehension) (dictionary_comprehension) (set_comprehension)] @construct
