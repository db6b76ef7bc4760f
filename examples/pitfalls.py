"""Classic Python pitfalls: run `pylore check examples/` to see each one flagged."""

# Hover `lambda` on the next line: `pylore explain examples/pitfalls.py:4:12`
square = lambda x: x * x


def add_item(item, bucket=[]):
    bucket.append(item)
    return bucket


def describe(value):
    if value == None:
        return "nothing"
    if type(value) == int:
        return "an int"
    if value is 1:
        return "one"
    return "something"


grid = [[0] * 3] * 3
min = 3 if len(grid) < 3 else len(grid)
url = "https://example.com/".lstrip("https://")

handlers = []
for i in range(3):
    handlers.append(lambda: i)

try:
    import json
except:
    json = None
