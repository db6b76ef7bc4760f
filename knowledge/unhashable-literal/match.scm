; A list, dict or set (display or comprehension) used as a set element or a dict key:
; `{[1, 2]}`, `{{}: 1}`, `{[k]: v for k in ks}`. Building it raises TypeError: unhashable type.
(set
  [(list) (dictionary) (set)
   (list_comprehension) (dictionary_comprehension) (set_comprehension)] @construct)

(set_comprehension
  body: [(list) (dictionary) (set)
         (list_comprehension) (dictionary_comprehension) (set_comprehension)] @construct)

(pair
  key: [(list) (dictionary) (set)
        (list_comprehension) (dictionary_comprehension) (set_comprehension)] @construct)
