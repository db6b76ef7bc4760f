; A generator function: a `def` whose own body contains `yield` (or `yield from`).
; `yield` inside a nested def, lambda or class does not count (#has-descendant?
; does not look inside them). The hover range is the function's name, and the
; inlay hint goes after the parameter list: `def countdown(n) generator:`.
(function_definition
  name: (identifier) @construct
  parameters: (parameters) @hint
  body: (block) @_body
  (#has-descendant? @_body yield))

; The `yield` keyword itself (but not `yield from`, which has its own note).
((yield "yield" @construct) @_yield
  (#not-match? @_yield "^yield[[:space:]\\]+from([^A-Za-z0-9_]|$)"))
