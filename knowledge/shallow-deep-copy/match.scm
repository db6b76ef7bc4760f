; Copies:
; - copy.copy(...) and copy.deepcopy(...), and a bare deepcopy(...) (from copy import
;   deepcopy); a bare copy(...) is not matched, it is too often some other function;
; - .copy() method calls with no arguments (list, dict, set, and others);
; - a full slice `x[:]` (or `x[::]`) read as a value: on the right of `=`, or anywhere
;   except as the target of `=`, `+=` or `del` (slice assignment `x[:] = ...` and
;   `del x[:]` change the list in place and copy nothing).
(call
  function: (attribute
    object: (identifier) @_o
    attribute: (identifier) @_m)
  (#eq? @_o "copy")
  (#any-of? @_m "copy" "deepcopy")) @construct

(call
  function: (identifier) @_f
  (#eq? @_f "deepcopy")) @construct

(call
  function: (attribute
    attribute: (identifier) @_m)
  arguments: (argument_list) @_a
  (#eq? @_m "copy")
  (#eq? @_a "()")) @construct

(assignment
  right: (subscript
    subscript: (slice) @_s) @construct
  (#any-of? @_s ":" "::"))

(subscript
  subscript: (slice) @_s
  (#any-of? @_s ":" "::")
  (#not-has-parent? @construct assignment augmented_assignment delete_statement)) @construct
