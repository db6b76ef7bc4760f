; A lambda or inner def created in a loop body that reads the loop variable and is kept for
; later: it sees the variable's value at call time (usually the last one), not the value it
; had when the function was created. Only where the function clearly outlives the iteration:
;   - passed to a registering method: handlers.append(lambda: f(i)), btn.connect(...),
;     loop.call_soon(...), atexit.register(...), widget.bind(...), ...;
;   - a keyword argument named command/callback/target (tkinter buttons, threads);
;   - an element of a list/tuple/set display or a dict value: [lambda: i], {k: lambda: i};
;   - the element of a list/set/dict comprehension: [lambda: i for i in range(3)];
;   - assigned to an attribute or an item: self.cb = lambda: i, table[k] = lambda: i;
;   - wrapped by property() or stored with setattr();
;   - an inner def whose name is appended/registered or stored in an attribute/item by a
;     later statement of the same loop (reported on that name): #captures-loop-variable?
;     follows the name to the def it was last bound to.
; Silent when the lambda is run on the spot (sorted/map/filter/min/max key=..., a plain local
; assignment, a generator expression) and when the loop variable is bound as a default
; (`lambda i=i: i`), which is the fix.

; lambda passed to a registering method
((call
   function: (attribute attribute: (identifier) @method)
   arguments: (argument_list (lambda) @construct))
 (#any-of? @method "append" "appendleft" "add" "insert" "register" "connect" "bind" "bind_all"
   "after" "after_idle" "add_done_callback" "add_callback" "call_soon" "call_later" "call_at"
   "call_soon_threadsafe" "callLater" "on" "subscribe" "trace_add" "setdefault")
 (#captures-loop-variable? @construct))

; command=/callback=/target= keyword argument
((keyword_argument
   name: (identifier) @name
   value: (lambda) @construct)
 (#any-of? @name "command" "callback" "target")
 (#captures-loop-variable? @construct))

; lambda as an element of a display, or a dict value
((list (lambda) @construct)
 (#captures-loop-variable? @construct))
((tuple (lambda) @construct)
 (#captures-loop-variable? @construct))
((set (lambda) @construct)
 (#captures-loop-variable? @construct))
((pair value: (lambda) @construct)
 (#captures-loop-variable? @construct))

; [lambda: i for i in ...], {lambda: i for ...}, {k: lambda: k for k in ...}
((list_comprehension body: (lambda) @construct)
 (#captures-loop-variable? @construct))
((set_comprehension body: (lambda) @construct)
 (#captures-loop-variable? @construct))

; self.cb = lambda: i / table[k] = lambda: i
((assignment
   left: [(attribute) (subscript)]
   right: (lambda) @construct)
 (#captures-loop-variable? @construct))

; property(lambda self: ...) / setattr(obj, name, lambda: ...)
((call
   function: (identifier) @fn
   arguments: (argument_list (lambda) @construct))
 (#any-of? @fn "property" "setattr")
 (#captures-loop-variable? @construct))

; an inner def whose name is appended/registered or stored in an attribute/item; the finding
; is on that name. Rooted at the statement, not at the block: a block-rooted pattern keeps a
; query state alive over every block of the file.
((expression_statement
   (call
     function: (attribute attribute: (identifier) @method)
     arguments: (argument_list (identifier) @construct)))
 (#any-of? @method "append" "appendleft" "add" "insert" "register" "connect" "bind" "bind_all"
   "after" "after_idle" "add_done_callback" "add_callback" "call_soon" "call_later" "call_at"
   "call_soon_threadsafe" "callLater" "on" "subscribe" "trace_add" "setdefault")
 (#captures-loop-variable? @construct))

((expression_statement
   (assignment
     left: [(attribute) (subscript)]
     right: (identifier) @construct))
 (#captures-loop-variable? @construct))
