; `sequence[start:stop:step]`: a subscript whose index is a slice. The whole
; subscript (usually short) is captured; a negative index inside it is matched
; by negative-index, which is innermost and wins on hover.
(subscript subscript: (slice)) @construct
