; One `@expression` line above a def or class. Only the decorator line is
; captured, so hovering inside the decorated function does not show this note.
(decorator) @construct

; The hints go after the decorated name: `= deco(f)` for one decorator, the count for
; several (the first decorator is the construct, as above).
(decorated_definition
  . (decorator) @construct
  . definition: [(function_definition name: (identifier) @hint)
                 (class_definition name: (identifier) @hint)])
(decorated_definition
  . (decorator) @construct
  . (decorator)
  definition: [(function_definition name: (identifier) @hint.2)
               (class_definition name: (identifier) @hint.2)])
