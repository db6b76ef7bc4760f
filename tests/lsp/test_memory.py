#!/usr/bin/env python3
"""Memory budget (issue 8): with `analysisCacheKB` small, only the most recently used
documents keep their tree and findings cache; the others are parsed and analysed again from
their text when used. A session that opens more documents than the budget holds, then asks
diagnostics, hovers and inlay hints of an evicted one, edits it (incrementally, while kept and
after being evicted again, with a syntax error coming and going), must answer exactly as a
session that keeps everything. The server's debug log proves the evictions happened."""

import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from lspclient import ServerTestCase, position_of, run_tests  # noqa: E402

CAPS = {"textDocument": {"diagnostic": {}, "hover": {"contentFormat": ["markdown"]}}}


def source(i):
    # About 700 bytes each, with pitfalls and explanations all over the file.
    return ("import time\n\n"
            "def append_%d(item, bucket=[]):\n"
            "    bucket.append(item)\n"
            "    return bucket\n\n"
            "async def wait_%d():\n"
            "    time.sleep(1)\n\n"
            "handlers = []\n"
            "for k in range(%d):\n"
            "    handlers.append(lambda: k)\n\n"
            "def check(x):\n"
            "    if x == None:\n"
            "        return [y for y in x if y is not None]\n"
            "    try:\n"
            "        return len(x)\n"
            "    except:\n"
            "        return 0\n\n"
            "class Box:\n"
            "    def __init__(self, items={}):\n"
            "        self.items = items\n"
            "    def __eq__(self, other):\n"
            "        return type(other) == type(self)\n"
            "%s"
            ) % (i, i, i + 2, "# padding line to vary the length\n" * (i % 3))


URIS = ["file:///mem/m%d.py" % i for i in range(8)]
TEXTS = [source(i) for i in range(len(URIS))]
EVICTED = URIS[0]


def td(uri):
    return {"textDocument": {"uri": uri}}


class MemoryBudget(ServerTestCase):
    auto_initialize = False

    def session(self, options, log_level):
        c = self.start(args=("serve", "--log-level", log_level))
        c.initialize(capabilities=CAPS, initialization_options=options)
        return c

    def diag(self, c, uri):
        return c.call("textDocument/diagnostic", td(uri))

    def features(self, c, uri, text):
        """Everything asked of one document: diagnostics, hovers, inlay hints."""
        got = [self.diag(c, uri)]
        for needle in ("bucket=[]", "lambda", "== None", "except", "for y", "sleep", "async",
                       "items={}", "type(other)"):
            p = position_of(text, needle)
            got.append(c.call("textDocument/hover", {"textDocument": {"uri": uri},
                                                     "position": p}))
        got.append(c.call("textDocument/inlayHint", {
            "textDocument": {"uri": uri},
            "range": {"start": {"line": 0, "character": 0},
                      "end": {"line": text.count("\n") + 1, "character": 0}}}))
        return got

    def touch_others(self, c, out):
        for uri in URIS[1:]:
            out.append(self.diag(c, uri))

    def script(self, c):
        out = []
        for uri, text in zip(URIS, TEXTS):
            c.open(uri, text, wait=False)
        self.touch_others(c, out)
        text = TEXTS[0]
        out += self.features(c, EVICTED, text)  # evicted since opened: never analysed yet
        self.touch_others(c, out)
        out += self.features(c, EVICTED, text)  # evicted after being analysed
        # An edit while it is kept (incremental), then an edit after eviction (from scratch).
        def edit(version, needle, new):
            nonlocal text
            start = position_of(text, needle)
            end = position_of(text, needle, offset=len(needle))
            c.change(EVICTED, version, [{"range": {"start": start, "end": end}, "text": new}],
                     wait=False)
            text = text.replace(needle, new, 1)
        edit(2, "bucket.append(item)", "bucket.append(item) if item else None")
        out += self.features(c, EVICTED, text)
        self.touch_others(c, out)
        edit(3, "return len(x)", "return len(x")  # a syntax error comes
        out += self.features(c, EVICTED, text)
        self.touch_others(c, out)
        edit(4, "return len(x", "return len(x)")  # and goes
        out += self.features(c, EVICTED, text)
        c.assert_no_unread()
        return out

    def test_evicted_documents_answer_as_in_a_fresh_session(self):
        small = self.session({"analysisCacheKB": 1}, "debug")
        self.client = small
        got = self.script(small)
        small.wait_stderr("%s: parsed and analysed from scratch" % EVICTED)

        full = self.session(None, "debug")
        want = self.script(full)
        full.assert_no_unread()
        self.assertNotIn("parsed and analysed from scratch", full.stderr)
        self.assertEqual(len(got), len(want))
        for i, (g, w) in enumerate(zip(got, want)):
            self.assertEqual(g, w, "answer %d" % i)
        # The answers are not trivially empty: pitfalls were found and hovers explained.
        self.assertTrue(any(isinstance(w, dict) and w.get("items") for w in want))
        self.assertTrue(any(isinstance(w, dict) and "contents" in w for w in want))


if __name__ == "__main__":
    run_tests()
