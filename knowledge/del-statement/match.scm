; The whole `del ...` statement: it is one short line, and every form of it
; (name, item, slice, key, attribute) is what the note explains.
(delete_statement) @construct
