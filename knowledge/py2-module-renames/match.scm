; Python 2 module renames: the module name in an import of a standard module that
; Python 3 renamed or regrouped (queue, configparser, builtins, urllib.*, http.*,
; tkinter, socketserver, _thread, reprlib, copyreg, html.parser, xmlrpc.client), and
; any import from six.moves, the compatibility layer that maps the two sets of names.
; Only the dotted name is captured, so the note is the hover of the module name.
; Modules whose name did not change (pickle, io, subprocess) are not matched: importing
; them says nothing about Python 2.
(import_statement
  name: [
    (dotted_name) @construct
    (aliased_import name: (dotted_name) @construct)]
  (#match? @construct "^(queue|configparser|builtins|urllib\\.(request|parse|error)|http\\.(client|server|cookies|cookiejar)|tkinter(\\..*)?|socketserver|_thread|reprlib|copyreg|html\\.(parser|entities)|xmlrpc\\.(client|server)|six\\.moves(\\..*)?)$"))

(import_from_statement
  module_name: (dotted_name) @construct
  (#match? @construct "^(queue|configparser|builtins|urllib\\.(request|parse|error)|http\\.(client|server|cookies|cookiejar)|tkinter(\\..*)?|socketserver|_thread|reprlib|copyreg|html\\.(parser|entities)|xmlrpc\\.(client|server)|six\\.moves(\\..*)?)$"))
