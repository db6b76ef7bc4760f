; Inheritance: the parenthesised list of base classes in a class statement,
; `class Dog(Animal):`. Only when its first item is a positional base, so an empty
; `class A():` or a keywords-only `class A(metaclass=M):` is not matched.
(class_definition
  superclasses: (argument_list
    .
    [(identifier) (attribute) (subscript) (call)]) @construct)
