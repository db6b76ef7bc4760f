; time.sleep(...) whose innermost enclosing function is an `async def`.
; A plain `sleep(...)` after `from time import sleep` is not matched: no predicate can tell
; it apart from `from asyncio import sleep` (an `imported-from?` predicate would).
(call
  function: (attribute
    object: (identifier) @module
    attribute: (identifier) @function)
  (#eq? @module "time")
  (#eq? @function "sleep")
  (#in-async-function? @function)) @construct
