; A call of time.sleep (however it was imported: `import time`, `import time as t`,
; `from time import sleep`) whose innermost enclosing definition is an `async def`.
; `from asyncio import sleep` then `sleep(1)` is not matched: #imported-from? follows the name
; to its import.
((call
   function: [
     (identifier)
     (attribute attribute: (identifier))
   ]) @construct
 (#imported-from? @construct "time" "sleep")
 (#enclosing? @construct "async_function"))
