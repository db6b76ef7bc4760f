; A comparison with two or more operators, `a < b < c`: three operands or more. The hint
; spells out what it means, `a < b and b < c`.
(comparison_operator (_) (_) (_)) @construct @hint
