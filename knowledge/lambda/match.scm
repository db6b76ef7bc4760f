; A lambda expression: `lambda params: expression`.
; The whole expression is captured: it is usually short, and any construct
; inside its body (a conditional expression, a call...) is innermost and wins.
(lambda) @construct
