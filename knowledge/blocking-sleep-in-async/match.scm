; A call of time.sleep (however time was imported: `import time`, `import time as t`,
; `from time import sleep`) whose innermost enclosing definition is an `async def`.
; `from asyncio import sleep` then `sleep(1)` is not matched: #imported-from? follows the name
; to its import. The #eq? comes first because it is cheap and rejects almost every call (a
; `from time import sleep as nap` is not matched for that).
((call
   function: [
     (identifier) @name
     (attribute attribute: (identifier) @name)
   ]) @construct
 (#eq? @name "sleep")
 (#imported-from? @construct "time" "sleep")
 (#enclosing? @construct "async_function"))
