; An import of a standard module that exists only in Python 2 (PEP 3108 renamed, merged or
; removed it): `import Queue`, `import cPickle as pickle`, `from urllib2 import urlopen`.
; The module name is captured, so the note is the hover of that name.
; Silent where the import is a fallback that code running on both versions uses on purpose:
; inside a `try` body or an `except` clause (`try: import cPickle except ImportError: ...`),
; and under an `if` that tests the version (`if PY2:`, `if sys.version_info[0] == 2:`).
; Python 3's own names (queue, configparser, ...) are py2-module-renames, an explanation.
(import_statement
  name: [
    (dotted_name) @construct
    (aliased_import name: (dotted_name) @construct)]
  (#match? @construct "^(urllib2|urlparse|robotparser|Queue|ConfigParser|cPickle|StringIO|cStringIO|httplib|Tkinter|tkMessageBox|tkFileDialog|tkSimpleDialog|ScrolledText|__builtin__|commands|SocketServer|BaseHTTPServer|SimpleHTTPServer|CGIHTTPServer|Cookie|cookielib|htmlentitydefs|HTMLParser|xmlrpclib|SimpleXMLRPCServer|DocXMLRPCServer|copy_reg|thread|UserDict|UserList|UserString|anydbm|whichdb)$")
  (#not-in-field? @construct body try_statement)
  (#not-has-ancestor? @construct except_clause)
  (#not-ancestor-field-match? @construct if_statement condition "version|PY[23]|py[23]|PYTHON[23]"))

(import_from_statement
  module_name: (dotted_name) @construct
  (#match? @construct "^(urllib2|urlparse|robotparser|Queue|ConfigParser|cPickle|StringIO|cStringIO|httplib|Tkinter|tkMessageBox|tkFileDialog|tkSimpleDialog|ScrolledText|__builtin__|commands|SocketServer|BaseHTTPServer|SimpleHTTPServer|CGIHTTPServer|Cookie|cookielib|htmlentitydefs|HTMLParser|xmlrpclib|SimpleXMLRPCServer|DocXMLRPCServer|copy_reg|thread|UserDict|UserList|UserString|anydbm|whichdb)$")
  (#not-in-field? @construct body try_statement)
  (#not-has-ancestor? @construct except_clause)
  (#not-ancestor-field-match? @construct if_statement condition "version|PY[23]|py[23]|PYTHON[23]"))
