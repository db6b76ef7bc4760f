; Python 2 names and dict methods that Python 3 removed. Every pattern stays silent when the
; name is bound anywhere in the file (a compatibility shim such as `unicode = str`, a
; `from functools import reduce`, a class defining its own `iteritems`), and inside an `if`
; whose condition looks like a version check (`if PY2:`, `if sys.version_info[0] < 3:`), or is
; six's `if print_ is None:` (its Python 2 fallback, vendored by pip, urllib3, botocore...),
; and inside `__long__`/`__unicode__` methods, which only Python 2 ever calls.

; xrange(...), raw_input(...), unicode(...), long(...), basestring(...), execfile(...), reduce(...)
(call
  function: (identifier) @construct
  (#any-of? @construct
    "xrange" "raw_input" "unicode" "long" "basestring" "execfile" "reduce")
  (#not-bound-in-file? @construct)
  (#not-ancestor-field-match? @construct if_statement condition "PY2|PY3|version|print_ is None")
  (#not-ancestor-field-match? @construct function_definition name "^__(long|unicode)__$"))

; isinstance(x, basestring), isinstance(x, (str, unicode)), issubclass(t, long)
(call
  function: (identifier) @check
  arguments: (argument_list
    .
    (_)
    .
    [
      (identifier) @construct
      (tuple (identifier) @construct)
    ]
    .)
  (#any-of? @check "isinstance" "issubclass")
  (#any-of? @construct "basestring" "unicode" "long")
  (#not-bound-in-file? @construct)
  (#not-ancestor-field-match? @construct if_statement condition "PY2|PY3|version|print_ is None")
  (#not-ancestor-field-match? @construct function_definition name "^__(long|unicode)__$"))

; d.has_key(k); curses.has_key(ch) is a real Python 3 function.
(call
  function: (attribute
    object: (_) @object
    attribute: (identifier) @construct)
  arguments: (argument_list . (_) .)
  (#eq? @construct "has_key")
  (#not-match? @object "curses$")
  (#not-bound-in-file? @construct)
  (#not-ancestor-field-match? @construct if_statement condition "PY2|PY3|version|print_ is None")
  (#not-ancestor-field-match? @construct function_definition name "^__(long|unicode)__$"))

; d.iteritems(), d.iterkeys(), d.itervalues(), with no arguments
; (six.iteritems(d) is the portable helper, not the dict method). mailbox.Mailbox keeps these
; three methods in Python 3; its objects are by convention named box, mbox, inbox...
(call
  function: (attribute
    object: (_) @object
    attribute: (identifier) @construct)
  arguments: (argument_list . ")")
  (#any-of? @construct "iteritems" "iterkeys" "itervalues")
  (#not-match? @object "box$")
  (#not-bound-in-file? @construct)
  (#not-ancestor-field-match? @construct if_statement condition "PY2|PY3|version|print_ is None")
  (#not-ancestor-field-match? @construct function_definition name "^__(long|unicode)__$"))
