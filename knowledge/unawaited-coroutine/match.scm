; A coroutine function of asyncio called as a bare statement, without `await`:
; `asyncio.sleep(1)` on a line of its own creates a coroutine object that never runs.
; Not matched: asyncio.gather/shield/ensure_future/create_task, which schedule their work
; at once and return a future or task; `x = asyncio.sleep(1)` and `return asyncio.sleep(1)`,
; which pass the coroutine on.
(expression_statement
  (call
    function: (attribute
      object: (identifier) @module
      attribute: (identifier) @function)
    (#eq? @module "asyncio")
    (#any-of? @function
      "sleep" "wait_for" "wait" "to_thread"
      "open_connection" "start_server"
      "open_unix_connection" "start_unix_server"
      "create_subprocess_exec" "create_subprocess_shell")) @construct)
