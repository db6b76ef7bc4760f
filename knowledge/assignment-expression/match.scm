; The walrus operator `name := value` (Python 3.8+): the hint goes after the expression.
(named_expression) @construct @hint
