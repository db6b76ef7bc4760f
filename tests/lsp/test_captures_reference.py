#!/usr/bin/env python3
"""The `captures x, y` hint against CPython's own symbol table (issue 14): for every def of a
corpus, the names pylore says the def captures must be the free variables CPython finds
(`symtable`, the table compile() uses; `__class__`, which CPython adds for `super()`, is left
out). The corpus is this repository's Python fixtures plus standard-library modules of the
Python running the test, which are full of closures, decorators and classes inside
functions."""

import os
import symtable
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from lspclient import FIXTURES, ServerTestCase, run_tests  # noqa: E402

STDLIB = os.path.dirname(os.__file__)
CORPUS = [os.path.join(FIXTURES, "py", "hints.py")] + [
    os.path.join(STDLIB, name) for name in (
        "functools.py", "dataclasses.py", "contextlib.py", "argparse.py", "typing.py",
        "asyncio/tasks.py", "unittest/mock.py", "inspect.py")]
URI = "file:///corpus.py"
PREFIX = "captures "


def cpython_frees(source, path):
    """{def line (0-based): sorted free variables} for every def with some, per CPython."""
    out = {}

    def walk(table):
        for child in table.get_children():
            # Defs only: lambdas and (before 3.12) comprehensions have tables of their own.
            if child.get_type() == "function" and child.get_name().strip("<>") not in (
                    "lambda", "listcomp", "setcomp", "dictcomp", "genexpr"):
                frees = sorted(set(child.get_frees()) - {"__class__"})
                if frees:
                    out[child.get_lineno() - 1] = frees
            walk(child)

    walk(symtable.symtable(source, path, "exec"))
    return out


class CapturesAgreeWithCPython(ServerTestCase):

    def test_corpus(self):
        files = [p for p in CORPUS if os.path.exists(p)]
        self.assertGreaterEqual(len(files), 4, "the corpus is missing")
        compared = skipped = 0
        for version, path in enumerate(files, 1):
            with open(path, encoding="utf-8") as f:
                source = f.read()
            want = cpython_frees(source, path)
            if version == 1:
                self.client.open(URI, source, version=version)
            else:
                self.client.change(URI, version, [{"text": source}])
            hints = self.client.call("textDocument/inlayHint", {
                "textDocument": {"uri": URI}, "range": {"start": {"line": 0, "character": 0},
                                                        "end": {"line": 100000, "character": 0}}})
            got, lines_with_hints = {}, set()
            for h in hints:
                line = h["position"]["line"]
                if h.get("kind") != 2:
                    lines_with_hints.add(line)
                # A long label is cut with "…": it cannot be compared name by name.
                if h["label"].startswith(PREFIX) and "\u2026" not in h["label"]:
                    got[line] = sorted(h["label"][len(PREFIX):].split(", "))
            for line in sorted(set(want) | set(got)):
                # One construct hint per line: another may have taken a def's line, and a
                # cut label was left out above.
                if line not in got and line in lines_with_hints:
                    skipped += 1
                    continue
                with self.subTest(path=os.path.basename(path), line=line + 1):
                    self.assertEqual(got.get(line), want.get(line))
                compared += 1
        # Enough closures for the comparison to mean something.
        self.assertGreaterEqual(compared, 30)
        print(f"{compared} defs with free variables compared in {len(files)} files "
              f"({skipped} lines held another hint)", file=sys.stderr)


if __name__ == "__main__":
    run_tests()
