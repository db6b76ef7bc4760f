# Explanations, not warnings: hover these constructs in an editor, or use `pylore explain`.
from functools import wraps


def countdown(n):
    while n > 0:
        yield n
        n -= 1


def logged(func):
    @wraps(func)
    def wrapper(*args, **kwargs):
        print("calling", func.__name__)
        return func(*args, **kwargs)
    return wrapper


@logged
def total(*numbers):
    return sum(n for n in numbers if n % 2 == 0)


label = "big" if total(*countdown(5)) > 5 else "small"
squares = {n: n * n for n in range(5)}
