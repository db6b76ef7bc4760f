; gevent's entry points: gevent.spawn/spawn_later/joinall/wait/kill/killall,
; greenlet.link_exception(callback) (a name only gevent's Greenlet uses), and
; monkey.patch_all() / gevent.monkey.patch_all(), which is what makes ordinary
; blocking code cooperative.
(call
  function: (attribute
    object: (identifier) @module
    attribute: (identifier) @function)
  (#eq? @module "gevent")
  (#any-of? @function "spawn" "spawn_later" "joinall" "wait" "kill" "killall")) @construct

(call
  function: (attribute
    attribute: (identifier) @function)
  (#eq? @function "link_exception")) @construct

(call
  function: (attribute
    object: [(identifier) (attribute)] @object
    attribute: (identifier) @function)
  (#any-of? @object "monkey" "gevent.monkey")
  (#eq? @function "patch_all")) @construct
