; The keywords themselves: `async` of `async def` (and of `async for`,
; `async with` and async comprehensions), and `await`. Only the keyword is
; captured, so the hover does not cover a whole function body or a long
; awaited call (whose asyncio.* function has its own note).
(function_definition "async" @construct)
(await "await" @construct)
(for_statement "async" @construct)
(with_statement "async" @construct)
(for_in_clause "async" @construct)

; The hint: `coroutine function` after the parameters of an `async def` that does not
; yield (one that yields is an asynchronous generator, the generator note's business).
(function_definition
  "async" @construct
  parameters: (parameters) @hint
  body: (block) @_body
  (#not-has-descendant? @_body yield))
