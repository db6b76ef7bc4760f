; One `@expression` line above a def or class. Only the decorator line is
; captured, so hovering inside the decorated function does not show this note.
(decorator) @construct
