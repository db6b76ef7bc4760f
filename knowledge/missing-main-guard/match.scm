; Module-level code that starts worker processes. With the spawn and forkserver start
; methods every child imports the main module again, so this code would run again there.
; Silent inside a def or lambda and under `if __name__ == "__main__":`; a class body runs at
; import time, so it is not exempt.
;
; Not matched (precision first):
; - `executor = ProcessPoolExecutor()` alone: the executor starts its workers on the
;   first submit(), so a module-level executor used from guarded code is fine.

; multiprocessing.Pool(...), mp.Pool(...) after `import multiprocessing as mp`, Pool(...) after
; `from multiprocessing import Pool`: the constructor starts the workers. gevent.pool.Pool and
; multiprocessing.dummy.Pool (threads) are other names, which #imported-from? tells apart.
((call
   function: [
     (identifier) @name
     (attribute attribute: (identifier) @name)
   ]) @construct
 (#eq? @name "Pool")
 (#imported-from? @construct "multiprocessing" "Pool")
 (#not-inside? @construct "function" "lambda")
 (#not-ancestor-field-match? @construct if_statement condition "__main__"))

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

; p = Process(...) directly followed by p.start(), both at module level; Process is
; multiprocessing's (psutil.Process is not).
(module
  (expression_statement
    (assignment
      left: (identifier) @variable
      right: (call
        function: [
          (identifier) @class
          (attribute attribute: (identifier) @class)
        ]) @process))
  .
  (expression_statement
    (call
      function: (attribute
        object: (identifier) @object
        attribute: (identifier) @start)) @construct)
  (#eq? @class "Process")
  (#imported-from? @process "multiprocessing" "Process")
  (#eq? @object @variable)
  (#eq? @start "start"))
