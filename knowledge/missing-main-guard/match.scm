; Module-level code that starts worker processes. With the spawn and forkserver start
; methods every child imports the main module again, so this code would run again there.
; Silent inside a def or lambda and under `if __name__ == "__main__":`; a class body runs at
; import time, so it is not exempt.
;
; Not matched (precision first):
; - a bare `Pool(...)`: the name is also gevent.pool.Pool and multiprocessing.dummy.Pool
;   (threads), and no predicate can tell where a name was imported from;
; - `executor = ProcessPoolExecutor()` alone: the executor starts its workers on the
;   first submit(), so a module-level executor used from guarded code is fine.

; multiprocessing.Pool(...), mp.Pool(...): the constructor starts the workers.
(call
  function: (attribute
    object: (identifier) @module
    attribute: (identifier) @class)
  (#any-of? @module "multiprocessing" "mp")
  (#eq? @class "Pool")
  (#not-inside? @class "function" "lambda")
  (#not-ancestor-field-match? @class if_statement condition "__main__")) @construct

; with ProcessPoolExecutor() as ex: ...   (also concurrent.futures.ProcessPoolExecutor)
(with_item
  value: [
    (call
      function: [
        (identifier) @class
        (attribute attribute: (identifier) @class)
      ]) @construct
    (as_pattern
      (call
        function: [
          (identifier) @class
          (attribute attribute: (identifier) @class)
        ]) @construct)
  ]
  (#eq? @class "ProcessPoolExecutor")
  (#not-inside? @class "function" "lambda")
  (#not-ancestor-field-match? @class if_statement condition "__main__"))

; ProcessPoolExecutor().map(...), Process(...).start(), mp.Process(...).start()
(call
  function: (attribute
    object: (call
      function: [
        (identifier) @class
        (attribute object: (_) @module attribute: (identifier) @class)
      ])
    attribute: (identifier) @method)
  (#any-of? @class "Process" "ProcessPoolExecutor")
  (#any-of? @method "start" "map" "submit")
  (#not-inside? @class "function" "lambda")
  (#not-ancestor-field-match? @class if_statement condition "__main__")) @construct

; p = Process(...) directly followed by p.start(), both at module level
(module
  (expression_statement
    (assignment
      left: (identifier) @variable
      right: (call
        function: [
          (identifier) @class
          (attribute object: (identifier) @module attribute: (identifier) @class)
        ])))
  .
  (expression_statement
    (call
      function: (attribute
        object: (identifier) @object
        attribute: (identifier) @start)) @construct)
  (#eq? @class "Process")
  (#any-of? @module "multiprocessing" "mp")
  (#eq? @object @variable)
  (#eq? @start "start"))
