; `from __future__ import ...` of a feature that Python 2 code used to opt in to
; what Python 3 always does. Python 3 features (`generator_stop`, 3.5, and
; `annotations`, 3.7) are a different story and do not match.
; A statement naming two such features matches twice with the same range.
(future_import_statement
  name: [
    (dotted_name) @feature
    (aliased_import name: (dotted_name) @feature)
  ]
  (#any-of? @feature
    "print_function" "division" "absolute_import" "unicode_literals"
    "with_statement" "generators" "nested_scopes")) @construct
