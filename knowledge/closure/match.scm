; closure: attach where an inner function really closes over its enclosing function.
; No predicate can say "this inner function reads a variable of the enclosing one" at any
; depth, so three precise shapes are used instead:
;  1. a `nonlocal` statement (only legal inside a nested function): the whole statement;
;  2. a def nested directly in a function's body (plain or decorated, e.g. a decorator's
;     wrapper) that the enclosing function returns by name (`return inner`): the inner
;     def's name. A nested function that escapes its maker is the closure pattern
;     (factories, decorators); a nested helper that is only called locally is not matched;
;  3. a lambda returned by a function whose body reads one of that function's parameters
;     (at most two levels deep in the lambda's body): the parameter's use inside the
;     lambda, e.g. `factor` in `return lambda x: x * factor`. Capturing the free variable
;     (not the lambda) leaves the rest of the lambda to the lambda note.
; Loops are the late-binding-closure pitfall's business and are not singled out here.

(nonlocal_statement) @construct @hint.2

(function_definition
  body: (block
    [(function_definition name: (identifier) @construct)
     (decorated_definition definition: (function_definition name: (identifier) @construct))]
    (return_statement (identifier) @returned))
  (#eq? @construct @returned))

(function_definition
  parameters: (parameters
    [(identifier) @param
     (typed_parameter (identifier) @param)
     (default_parameter name: (identifier) @param)
     (typed_default_parameter name: (identifier) @param)])
  body: (block
    (return_statement
      (lambda
        body: [(identifier) @construct
               (_ (identifier) @construct)
               (_ (_ (identifier) @construct))])))
  (#eq? @construct @param))

; Any def that really captures names of the functions around it (its free variables, as
; CPython's symbol table finds them): the hint `captures x, y` goes after its name.
((function_definition name: (identifier) @construct @hint)
  (#has-free-variables? @construct))
