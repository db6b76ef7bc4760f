; Packages: the name `__all__` when it is assigned (or extended with +=) at module
; level, and the module part of a relative import (`.`, `..utils`, `.models`).
; Only the `__all__` name is captured, not the whole (often long) list. The module-level test
; is a predicate on the statement rather than a pattern rooted at `module`, so that a hover
; does not have to run the query from the top of the file.
((expression_statement
   [(assignment
      left: (identifier) @construct)
    (augmented_assignment
      left: (identifier) @construct)]) @_stmt
  (#eq? @construct "__all__")
  (#has-parent? @_stmt module))

(import_from_statement
  module_name: (relative_import) @construct)
