#!/usr/bin/env python3
"""Inline hints (issue 14, "Tests"): one fixture per kind of hint, each checked for its label
in English and Chinese, its position in UTF-16 and UTF-8, the encodings the server negotiates
(every fixture has an accented letter, a CJK character and an astral emoji before the hint on
its line, so they differ; UTF-32 columns are checked by tests/unit/test_inlay.c) and its kind; near misses where no hint may appear (inside strings and
f-string fields among them: a hint there would sit in the string's text); the inlayHints
settings; tooltips, lazy resolve and the label-part command."""

import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from lspclient import ServerTestCase, position_of, run_tests  # noqa: E402

# Two, three and four bytes in UTF-8; one, one and two units in UTF-16; one each in UTF-32.
S = '"é中😀"'

# (name, source, text the hint follows (or, for argument names, precedes), which
#  occurrence of it, English label, Chinese label, LSP InlayHintKind or None)
FIXTURES = [
    ("generator", f"def countdown(n, s={S}):\n    yield n\n", f"(n, s={S})", 0,
     "generator", "生成器", None),
    ("coroutine", f"async def fetch(url, s={S}):\n    return url\n", f"(url, s={S})", 0,
     "coroutine function", "协程函数", None),
    ("captures", f"def outer():\n    x = y = 1\n    def inner(s={S}):\n        return x + y\n"
     "    return inner\n", "def inner", 0, "captures x, y", "捕获 x, y", None),
    ("nonlocal", f"def outer():\n    x = 1\n    def bump():\n        nonlocal x; s = {S}\n"
     "        x += 1\n    return bump\n", "nonlocal x", 0,
     "rebinds outer name", "重新绑定外层名字", None),
    ("global", f"count = 0\ndef bump():\n    s = {S}; global count\n", "global count", 0,
     "rebinds module name", "重新绑定模块级名字", None),
    ("one decorator", f"@cache\ndef load(s={S}): pass\n", "def load", 0,
     "= cache(load)", "= cache(load)", None),
    ("decorators", f"@a\n@b\ndef load(s={S}): pass\n", "def load", 0,
     "= 2 decorators", "= 2 个装饰器", None),
    ("*args", f"def f(s={S}, *args): pass\n", "*args", 0, "tuple", "元组", None),
    ("**kwargs", f"def f(s={S}, **kwargs): pass\n", "**kwargs", 0, "dict", "字典", None),
    ("bare *", f"def f(s={S}, *, key): pass\n", "*", 0,
     "keyword-only after this", "此后仅限关键字", None),
    ("/", f"def f(s={S}, /, key=1): pass\n", "/", 0,
     "positional-only before this", "此前仅限位置", None),
    ("default once", f"def f(s={S}, seen=[]): pass\n", "seen=[]", 0,
     "evaluated once", "只求值一次", None),
    ("genexp", f"pairs = ({S}, (x * 2 for x in xs))\n", "(x * 2 for x in xs)", 0,
     "lazy, one pass", "惰性，只能遍历一次", None),
    ("yield from", f"def chain():\n    yield from ({S}, range(3))\n", "yield from", 0,
     "delegates to", "委托给", None),
    ("chained comparison", f"ok = {S} < b < c\n", f"{S} < b < c", 0,
     f"{S} < b and b < c", f"{S} < b and b < c", None),
    ("walrus", f"if (n := len({S})) > 3: pass\n", f"n := len({S})", 0,
     "assigns and returns", "赋值并返回该值", None),
    ("nested conditional", f"v = {S} if c else b if d else e\n", f"{S} if c else b if d else e", 0,
     f"{S} if c else (b if d else e)", f"{S} if c else (b if d else e)", None),
    ("recursion", f"def fact(n, s={S}):\n    return n * fact(n - 1, s)\n", "fact(n - 1, s)", 0,
     "recursive call", "递归调用", None),
    ("super", f"class K(B):\n    def m(self):\n        s = {S}; return super().m()\n",
     "super()", 0, "next in MRO", "MRO 中的下一个类", None),
    ("int base", f"n = int({S}, 16)\n", "16", 0, "base=", "base=", 2),
    ("round ndigits", f"r = round(len({S}), 2)\n", "2)", 0, "ndigits=", "ndigits=", 2),
    ("open mode", f"f = open({S}, 'w')\n", "'w'", 0, "mode=", "mode=", 2),
    ("range step", f"r = range(len({S}), 10, 2)\n", "len(", 0, "start=", "start=", 2),
    ("str.split maxsplit", f"parts = {S}.split(',', 1)\n", "1)", 0, "maxsplit=", "maxsplit=", 2),
    ("enumerate start", f"e = enumerate({S}, 1)\n", "1)", 0, "start=", "start=", 2),
]

# (name, source, label that must not appear)
NEAR_MISSES = [
    ("keyword argument", f"n = int({S}, base=16)\n", "base="),
    ("name already says it", f"base = 16\nn = int({S}, base)\n", "base="),
    ("attribute already says it", f"n = int({S}, self.base)\n", "base="),
    ("one decorator is not counted", f"@cache\ndef load(s={S}): pass\n", "= 1 decorators"),
    ("genexp a function names", f"total = sum(x for x in {S})\n", "lazy, one pass"),
    ("genexp in an f-string", f"s = f\"{{(x for x in {S})}}\"\n", "lazy, one pass"),
    ("plain comparison", f"ok = {S} < b\n", f"{S} < b"),
    ("flat conditional", f"v = {S} if c else b\n", f"({S} if c else b)"),
    ("helper that captures nothing", "def outer():\n    def helper(a):\n        return a\n"
     "    return helper\n", "captures"),
    ("immutable default", f"def f(s={S}, n=0): pass\n", "evaluated once"),
    ("sorted keyword-only", f"r = sorted({S}, None, True)\n", "key="),
    # Nothing inside a string: the hint would be drawn in the string's text. An f-string's
    # field is code, but on screen it is inside the quotes too: the hover explains it there.
    ("call in a string", f"s = {S} + 'int(x, 16)'\n", "base="),
    ("call in a comment", f"s = {S}  # int(x, 16)\n", "base="),
    ("call in an f-string field", f"s = f'{{int({S}, 16)}}'\n", "base="),
    ("walrus in an f-string field", f"s = f'{{(n := len({S}))}}'\n", "assigns and returns"),
    ("chain in an f-string field", f"s = f'{{{S} < b < c}}'\n", f"{S} < b and b < c"),
    ("walrus in a multi-line f-string", f"s = f\"\"\"{S}\n{{(n := 10)}}\n\"\"\"\n",
     "assigns and returns"),
    ("lambda with a walrus in an f-string",
     f"s = f'{{(lambda: (n := {S}))()}}'\n", "assigns and returns"),
]

URI = "file:///fixture.py"
EVERYWHERE = {"start": {"line": 0, "character": 0}, "end": {"line": 50, "character": 0}}


def after(source, needle, occurrence, enc, is_argument):
    """Where the hint of a fixture goes: after the needle, or at its start for an argument."""
    return position_of(source, needle, enc, occurrence, offset=0 if is_argument else len(needle))


def label_text(hint):
    label = hint["label"]
    return label if isinstance(label, str) else "".join(part["value"] for part in label)


class Table(ServerTestCase):
    auto_initialize = False

    def session(self, enc, language):
        c = self.client
        c.initialize(capabilities={"general": {"positionEncodings": [enc]}},
                     initialization_options={"language": language})
        return c

    def hints(self, source, version):
        c = self.client
        c.open(URI, source, version=version) if version == 1 else c.change(
            URI, version, [{"text": source}])
        return c.call("textDocument/inlayHint",
                      {"textDocument": {"uri": URI}, "range": EVERYWHERE})

    def check_table(self, enc, language):
        self.session(enc, language)
        version = 1
        for name, source, needle, occurrence, en, zh, kind in FIXTURES:
            with self.subTest(name, enc=enc, language=language):
                hints = self.hints(source, version)
                version += 1
                want = en if language == "en" else zh
                found = [h for h in hints if label_text(h) == want]
                self.assertEqual(len(found), 1, (name, [label_text(h) for h in hints]))
                if not found:
                    continue
                h = found[0]
                self.assertEqual(h["position"], after(source, needle, occurrence, enc, kind == 2))
                self.assertEqual(h.get("kind"), kind)
                # Argument names sit against their argument; other hints are spaced from the code.
                self.assertEqual(h.get("paddingLeft", False), kind != 2)
        for name, source, label in NEAR_MISSES:
            with self.subTest(name, enc=enc, language=language):
                hints = self.hints(source, version)
                version += 1
                self.assertNotIn(label, [label_text(h) for h in hints], name)

    def test_utf16_english(self):
        self.check_table("utf-16", "en")

    def test_utf8_english(self):
        self.check_table("utf-8", "en")

    def test_utf16_chinese(self):
        self.check_table("utf-16", "zh")


class Rules(ServerTestCase):

    def labels(self, source, start=0, end=50):
        self.client.open(URI, source)
        hints = self.client.call("textDocument/inlayHint", {"textDocument": {"uri": URI}, "range": {
            "start": {"line": start, "character": 0}, "end": {"line": end, "character": 0}}})
        return [(h["position"]["line"], label_text(h)) for h in hints]

    def test_one_construct_hint_per_line_the_innermost(self):
        got = self.labels("g = (a for a in (b for b in c))\n")
        self.assertEqual(got, [(0, "lazy, one pass")])
        # The innermost: after the inner generator expression.
        hints = self.client.call("textDocument/inlayHint",
                                 {"textDocument": {"uri": URI}, "range": EVERYWHERE})
        self.assertEqual(hints[0]["position"],
                         position_of("g = (a for a in (b for b in c))", "(b for b in c)",
                                     offset=len("(b for b in c)")))

    def test_one_construct_hint_per_line_of_different_notes(self):
        # A walrus inside a chained comparison inside a conditional: three notes, one line.
        got = self.labels("v = a if (n := f()) < b < c else d if e else g\n")
        self.assertEqual(len(got), 1, got)
        self.assertEqual(got, [(0, "assigns and returns")])

    def test_hints_after_a_string_on_the_line(self):
        # The string is left out, not what follows it: positions count its characters.
        source = f"v = [{S}, '}}{{(']; ok = {S} < b < c\n"
        self.client.open(URI, source)
        for enc in ("utf-16",):
            hints = self.client.call("textDocument/inlayHint",
                                     {"textDocument": {"uri": URI}, "range": EVERYWHERE})
            self.assertEqual([label_text(h) for h in hints], [f"{S} < b and b < c"])
            self.assertEqual(hints[0]["position"],
                             position_of(source, f"{S} < b < c", enc, offset=len(f"{S} < b < c")))

    def test_call_opened_above_the_range(self):
        # The range starts inside a call spread over lines: its arguments there get names.
        source = f"n = int(\n    {S},\n    16,\n)\nr = round(\n    x, 2)\n"
        self.assertEqual(self.labels(source, 2, 3), [(2, "base=")])
        self.assertEqual(self.labels(source, 5, 6), [(5, "ndigits=")])
        self.assertEqual(self.labels(source, 3, 5), [])

    def test_argument_hints_do_not_count_against_the_line(self):
        got = self.labels("def f(*args): return int(args[0], 16)\n")
        self.assertEqual(sorted(label for _, label in got), ["base=", "tuple"])

    def test_hint_anchored_in_range_only(self):
        source = "def a():\n    yield 1\n\n\ndef b():\n    yield 2\n"
        self.assertEqual(self.labels(source, 3, 6), [(4, "generator")])


class Settings(ServerTestCase):
    auto_initialize = False
    SOURCE = "def f(*args, seen=[]):\n    yield int(args[0], 16)\n"

    def labels(self, options):
        c = self.client
        c.initialize(initialization_options={"inlayHints": options})
        c.open(URI, self.SOURCE)
        hints = c.call("textDocument/inlayHint", {"textDocument": {"uri": URI}, "range": EVERYWHERE})
        return sorted(label_text(h) for h in hints)

    def test_all_on_by_default(self):
        self.assertEqual(self.labels(True), ["base=", "evaluated once", "generator", "tuple"])

    def test_false(self):
        self.assertEqual(self.labels(False), [])

    def test_constructs_off(self):
        self.assertEqual(self.labels({"constructs": False}), ["base=", "evaluated once", "tuple"])

    def test_parameters_off(self):
        self.assertEqual(self.labels({"parameters": False}), ["base=", "generator"])

    def test_call_arguments_off(self):
        self.assertEqual(self.labels({"callArguments": False}),
                         ["evaluated once", "generator", "tuple"])


class Tooltips(ServerTestCase):
    auto_initialize = False
    SOURCE = "def countdown(n):\n    yield n\nx = int('ff', 16)\n"

    def hints(self, capabilities):
        c = self.client
        init = c.initialize(capabilities=capabilities)
        c.open(URI, self.SOURCE)
        return init, c.call("textDocument/inlayHint",
                            {"textDocument": {"uri": URI}, "range": EVERYWHERE})

    def test_tooltip_inline_without_resolve(self):
        _, hints = self.hints({})
        for h in hints:
            self.assertIsInstance(h["label"], str)
            self.assertTrue(h["tooltip"])
        base = [h for h in hints if h["label"] == "base="][0]
        self.assertIn("base", base["tooltip"].split("\n")[0])  # the signature first

    def test_lazy_tooltip_and_label_part_command(self):
        caps = {"textDocument": {"inlayHint": {"resolveSupport": {
            "properties": ["tooltip", "label.command"]}}}}
        init, hints = self.hints(caps)
        self.assertEqual(init["capabilities"]["inlayHintProvider"], {"resolveProvider": True})
        gen = [h for h in hints if label_text(h) == "generator"][0]
        self.assertNotIn("tooltip", gen)
        part = gen["label"][0]
        self.assertEqual(part["command"]["command"], "pylore.showNote")
        self.assertEqual(part["command"]["arguments"], ["generator"])
        resolved = self.client.call("inlayHint/resolve", gen)
        self.assertTrue(resolved["tooltip"])
        self.assertEqual(resolved["position"], gen["position"])


class AfterEdits(ServerTestCase):
    """The server keeps each document's hints between requests and carries them across
    edits (server/hintcache.c): after ranged edits (typed one at a time, with a request for a
    few lines after each, as an editor asks), the hints of the whole document equal those of
    the same text opened fresh under another URI. The edits change hints away from the line
    they touch: a `yield` makes the def above a generator, a name bound in a function makes
    the def inside it capture that name, and taking the name away undoes it."""

    SOURCE = ("import functools\n"
              "\n"
              "\n"
              "def outer(a, *args):\n"
              "    def inner(step=[]):\n"
              "        return a + b\n"
              "    x = 1\n"
              "    return inner\n"
              "\n"
              "\n"
              "@functools.cache\n"
              "def count(n):\n"
              "    return int('ff', 16) if n else round(n, 2)\n")

    # (line, start character, end character, new text)
    EDITS = [(6, 4, 9, "yield 1"), (6, 4, 11, "b = 2"), (12, 11, 11, "n < 3 < "),
             (6, 4, 9, "pass"), (5, 19, 19, " + n")]

    def all_hints(self, uri):
        hints = self.client.call("textDocument/inlayHint", {
            "textDocument": {"uri": uri},
            "range": {"start": {"line": 0, "character": 0}, "end": {"line": 99, "character": 0}}})
        return sorted((h["position"]["line"], h["position"]["character"], label_text(h))
                      for h in hints)

    def test_hints_after_edits_equal_a_fresh_open(self):
        c = self.client
        uri = "file:///edits/live.py"
        c.open(uri, self.SOURCE)
        self.all_hints(uri)
        lines = self.SOURCE.split("\n")
        for version, (line, a, b, text) in enumerate(self.EDITS, start=2):
            with self.subTest(edit=(line, a, b, text)):
                c.change(uri, version, [{"range": {"start": {"line": line, "character": a},
                                                   "end": {"line": line, "character": b}},
                                         "text": text}])
                lines[line] = lines[line][:a] + text + lines[line][b:]
                c.call("textDocument/inlayHint", {
                    "textDocument": {"uri": uri},
                    "range": {"start": {"line": line, "character": 0},
                              "end": {"line": line + 1, "character": 0}}})
                fresh = "file:///edits/fresh%d.py" % version
                c.open(fresh, "\n".join(lines))
                got, want = self.all_hints(uri), self.all_hints(fresh)
                self.assertEqual(got, want)
                c.notify("textDocument/didClose", {"textDocument": {"uri": fresh}})
                c.diagnostics(fresh)
        labels = [label for _, _, label in self.all_hints(uri)]
        # Not vacuous: the hints the edits brought are there.
        for label in ("captures a", "n < 3 and 3 < int('ff', 16)", "= functools.cache(count)"):
            self.assertIn(label, labels)


if __name__ == "__main__":
    run_tests()
