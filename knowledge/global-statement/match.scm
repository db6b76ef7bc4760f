; `global name`: assignments to the name in this function rebind the module's variable.
(global_statement) @construct @hint
