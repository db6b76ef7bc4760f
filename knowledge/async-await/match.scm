; The keywords themselves: `async` of `async def` (and of `async for`,
; `async with` and async comprehensions), and `await`. Only the keyword is
; captured, so the hover does not cover a whole function body or a long
; awaited call (whose asyncio.* function has its own note).
(function_definition "async" @construct)
(await "await" @construct)
(for_statement "async" @construct)
(with_statement "async" @construct)
(for_in_clause "async" @construct)
