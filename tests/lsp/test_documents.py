#!/usr/bin/env python3
"""Open documents: didOpen, didChange (incremental and full), didClose; positions in UTF-8
and UTF-16 with CJK, emoji, CRLF and a last line without newline; rejected changes; bursts of
changes (issue 2, "Documents"). Everything is checked through what the server reports:
diagnostic ranges and hovers."""

import os
import random
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from lspclient import LspClient, ServerTestCase, range_of, run_tests  # noqa: E402

MDA = "mutable-default-argument"


def line_starts(text):
    """Character indexes where LSP lines start (terminators \\n, \\r\\n, \\r)."""
    starts = [0]
    i = 0
    while i < len(text):
        ch = text[i]
        if ch == "\r" and i + 1 < len(text) and text[i + 1] == "\n":
            i += 2
            starts.append(i)
            continue
        if ch in "\r\n":
            starts.append(i + 1)
        i += 1
    return starts


def units(s, enc):
    if enc == "utf-8":
        return len(s.encode("utf-8"))
    if enc == "utf-16":
        return len(s.encode("utf-16-le")) // 2
    return len(s)


def lsp_pos(text, index, enc):
    starts = line_starts(text)
    line = max(i for i, s in enumerate(starts) if s <= index)
    return {"line": line, "character": units(text[starts[line]:index], enc)}


def by_code(diags, code):
    return [d for d in diags if d["code"] == code]


def ranges(diags, code=MDA):
    return sorted((d["range"]["start"]["line"], d["range"]["start"]["character"],
                   d["range"]["end"]["line"], d["range"]["end"]["character"])
                  for d in by_code(diags, code))


def as_tuple(rng):
    return (rng["start"]["line"], rng["start"]["character"], rng["end"]["line"],
            rng["end"]["character"])


class DocumentsBase:
    """Runs in both encodings (subclasses below set `encoding`)."""
    encoding = None

    @property
    def capabilities(self):
        return {"general": {"positionEncodings": [self.encoding]}}

    def setUp(self):
        super().setUp()
        self.assertEqual(self.init_result["capabilities"].get("positionEncoding", "utf-16"),
                         self.encoding)
        self.uri = "file:///doc.py"
        self.version = 1

    def expect_ranges(self, diags, text, needles, code=MDA):
        want = sorted(as_tuple(range_of(text, n, self.encoding, occ)) for n, occ in needles)
        self.assertEqual(ranges(diags, code), want)

    def hover_range(self, text, needle, offset=0, occurrence=0):
        """Hovers at the `offset`-th character of `needle` and returns the hover's range."""
        at = -1
        for _ in range(occurrence + 1):
            at = text.index(needle, at + 1)
        pos = lsp_pos(text, at + offset, self.encoding)
        h = self.client.hover(self.uri, pos["line"], pos["character"])
        self.assertIsNotNone(h, "no hover at %r in %r" % (pos, text))
        return h["range"]

    def change(self, changes):
        self.version += 1
        return self.client.change(self.uri, self.version, changes)

    def edit(self, text, start, end, new):
        """An incremental change replacing text[start:end] (character indexes)."""
        return {"range": {"start": lsp_pos(text, start, self.encoding),
                          "end": lsp_pos(text, end, self.encoding)}, "text": new}

    # ---- didOpen: ranges in the negotiated encoding ----

    def test_cjk_and_emoji_ranges(self):
        text = ('def f(s="😀", a=[]): pass\n'
                'def 函数(参数={}): pass\n'
                'def g(x="👩‍👩‍👧", b=set()): pass\n'
                'def h(c="𝔘𝔫𝔦", d=[]): return 1')
        diags = self.client.open(self.uri, text)
        self.expect_ranges(diags, text, [("[]", 0), ("{}", 0), ("set()", 0), ("[]", 1)])
        for d in diags:
            self.assertEqual(d["source"], "pylore")

    def test_hover_after_emoji_on_the_same_line(self):
        text = 's = "😀汉字😀"; f = (lambda: 0)\n'
        self.client.open(self.uri, text)
        self.assertEqual(self.hover_range(text, "lambda", 2), range_of(text, "lambda: 0", self.encoding))
        # Hovering on the first and on the last character of the construct.
        self.assertEqual(self.hover_range(text, "lambda", 0), range_of(text, "lambda: 0", self.encoding))
        self.assertEqual(self.hover_range(text, "0)", 0), range_of(text, "lambda: 0", self.encoding))

    def test_crlf_and_no_final_newline(self):
        text = "a = 1\r\nf = (lambda: 0)\r\ndef g(x=[]):\r\n    pass\r\n\r\ndef h(y={}): pass"
        diags = self.client.open(self.uri, text)
        self.assertEqual(by_code(diags, "syntax-error"), [])
        self.expect_ranges(diags, text, [("[]", 0), ("{}", 0)])
        self.assertEqual(self.hover_range(text, "lambda", 1), range_of(text, "lambda: 0", self.encoding))

    def test_lone_cr_is_a_line_end(self):
        text = "a = 1\rf = (lambda: 0)\rdef g(x=[]): pass\r"
        diags = self.client.open(self.uri, text)
        self.expect_ranges(diags, text, [("[]", 0)])
        self.assertEqual(self.hover_range(text, "lambda", 1), range_of(text, "lambda: 0", self.encoding))

    def test_construct_at_the_very_end(self):
        text = "x = 1\ndef g(x=[]): return (lambda: x)"
        diags = self.client.open(self.uri, text)
        self.expect_ranges(diags, text, [("[]", 0)])
        self.assertEqual(self.hover_range(text, "x)", 0), range_of(text, "lambda: x", self.encoding))

    def test_empty_document(self):
        self.assertEqual(self.client.open(self.uri, ""), [])
        self.assertIsNone(self.client.hover(self.uri, 0, 0))
        self.assertIsNone(self.client.hover(self.uri, 5, 5))

    def test_positions_past_the_end_clamp(self):
        text = "def g():\n    yield (lambda: 0)"
        self.client.open(self.uri, text)
        # Past the end of a line / of the document: clamped to that end, answered (not an
        # error): the same answer as at the end itself.
        for line, ch, end in ((0, 200, (0, 8)), (1, 200, (1, 21)), (2, 0, (1, 21)),
                              (99, 99, (1, 21)), (2 ** 31, 2 ** 31, (1, 21))):
            self.assertEqual(self.client.hover(self.uri, line, ch),
                             self.client.hover(self.uri, *end), (line, ch))
        self.assertEqual(self.client.hover(self.uri, 1, 12)["range"], range_of(text, "lambda: 0"))

        def inlay(end_line, end_ch):
            return self.client.call("textDocument/inlayHint", {
                "textDocument": {"uri": self.uri},
                "range": {"start": {"line": 0, "character": 0},
                          "end": {"line": end_line, "character": end_ch}}})
        whole = inlay(1, 17)
        self.assertEqual([h["label"] for h in whole], ["generator"])
        self.assertEqual(inlay(9999, 9999), whole)

    # ---- incremental and full changes ----

    def test_incremental_insert_then_hover(self):
        text = "x = 1\n"
        self.client.open(self.uri, text)
        new = 'y = "😀"; f = (lambda: 0)\n'
        self.change([self.edit(text, len(text), len(text), new)])
        text += new
        self.assertEqual(self.hover_range(text, "lambda", 3), range_of(text, "lambda: 0", self.encoding))

    def test_incremental_edit_after_wide_characters(self):
        text = 'name = "汉字😀"; v = 1\n'
        self.client.open(self.uri, text)
        at = text.index("1")
        # Replace `1` (after CJK and an emoji on the same line) by a lambda.
        diags = self.change([self.edit(text, at, at + 1, "(lambda: [])")])
        text = text[:at] + "(lambda: [])" + text[at + 1:]
        self.assertEqual(by_code(diags, "syntax-error"), [])
        self.assertEqual(self.hover_range(text, "lambda", 1),
                         range_of(text, "lambda: []", self.encoding))

    def test_edit_into_a_def_gives_a_diagnostic(self):
        text = "def 函数(a=None):\n    return a\n"
        self.assertEqual(ranges(self.client.open(self.uri, text)), [])
        at = text.index("None")
        diags = self.change([self.edit(text, at, at + 4, "[]")])
        text = text.replace("None", "[]")
        self.expect_ranges(diags, text, [("[]", 0)])
        # And back.
        at = text.index("[]")
        diags = self.change([self.edit(text, at, at + 2, "None")])
        self.assertEqual(ranges(diags), [])

    def test_several_changes_in_one_notification_apply_in_order(self):
        text = "a = 1\nb = 2\n"
        self.client.open(self.uri, text)
        c1 = self.edit(text, 0, 0, "def f(x=[]): pass\n")
        t1 = "def f(x=[]): pass\n" + text
        # The second change's positions refer to the text after the first change.
        at = t1.index("2")
        c2 = self.edit(t1, at, at + 1, "(lambda: 9)")
        t2 = t1[:at] + "(lambda: 9)" + t1[at + 1:]
        diags = self.change([c1, c2])
        self.expect_ranges(diags, t2, [("[]", 0)])
        self.assertEqual(self.hover_range(t2, "lambda", 0), range_of(t2, "lambda: 9", self.encoding))

    def test_delete_across_crlf_lines(self):
        text = "a = [\r\n  1,\r\n]\r\ndef f(x=[]): pass\r\n"
        self.client.open(self.uri, text)
        start, end = text.index("a ="), text.index("def")
        diags = self.change([self.edit(text, start, end, "")])
        text = text[end:]
        self.expect_ranges(diags, text, [("[]", 0)])
        self.assertEqual(diags[0]["range"]["start"]["line"], 0)

    def test_full_sync_change(self):
        self.client.open(self.uri, "def f(x=[]): pass\n")
        text = "z = 0\n\ndef 函(y={}): pass\n"
        diags = self.change([{"text": text}])
        self.expect_ranges(diags, text, [("{}", 0)])

    def test_full_then_incremental_in_one_notification(self):
        self.client.open(self.uri, "garbage (((\n")
        text = "a = 1\n"
        inc_at = len(text)
        diags = self.change([{"text": text},
                             self.edit(text, inc_at, inc_at, "def f(x=[]): pass\n")])
        text += "def f(x=[]): pass\n"
        self.assertEqual(by_code(diags, "syntax-error"), [])
        self.expect_ranges(diags, text, [("[]", 0)])

    def test_character_past_line_end_clamps_in_a_change(self):
        text = "def f(x\n): pass\n"
        self.client.open(self.uri, text)
        # Insert at character 500 of line 0: the end of that line.
        diags = self.change([{"range": {"start": {"line": 0, "character": 500},
                                        "end": {"line": 0, "character": 500}},
                              "text": "=[]"}])
        text = "def f(x=[]\n): pass\n"
        self.expect_ranges(diags, text, [("[]", 0)])

    def test_past_the_end_of_a_crlf_line_is_before_the_crlf(self):
        text = "a = 1\r\ndef f(x=[]): pass\r\n"
        self.client.open(self.uri, text)
        diags = self.change([{"range": {"start": {"line": 0, "character": 99},
                                        "end": {"line": 0, "character": 99}},
                              "text": "  # comment"}])
        text = "a = 1  # comment\r\ndef f(x=[]): pass\r\n"
        self.expect_ranges(diags, text, [("[]", 0)])
        # Deleting the whole first line, its end given past the line's last character.
        diags = self.change([{"range": {"start": {"line": 0, "character": 0},
                                        "end": {"line": 0, "character": 99}}, "text": ""}])
        self.expect_ranges(diags, "\r\ndef f(x=[]): pass\r\n", [("[]", 0)])

    def test_line_count_zero_is_the_end_of_the_document(self):
        # (line count, 0) is just past the last line: accepted as the end of the document.
        text = "a = 1\ndef f(x=[]): pass"   # two lines, no final newline
        self.client.open(self.uri, text)
        diags = self.change([{"range": {"start": {"line": 2, "character": 0},
                                        "end": {"line": 2, "character": 0}},
                              "text": "\ndef g(y={}): pass\n"}])
        text += "\ndef g(y={}): pass\n"
        self.expect_ranges(diags, text, [("[]", 0), ("{}", 0)])
        # And as the end of a range replacing everything.
        diags = self.change([{"range": {"start": {"line": 0, "character": 0},
                                        "end": {"line": 3, "character": 0}},
                              "text": "def h(z=[]): pass\n"}])
        self.expect_ranges(diags, "def h(z=[]): pass\n", [("[]", 0)])

    def test_out_of_range_change_is_rejected(self):
        text = "f = (lambda: 0)\ndef g(x=[]): pass\n"
        before = self.client.open(self.uri, text)
        lam = range_of(text, "lambda: 0", self.encoding)
        for bad in ({"start": {"line": 50, "character": 0}, "end": {"line": 50, "character": 1}},
                    {"start": {"line": 0, "character": 0}, "end": {"line": 3, "character": 1}},
                    {"start": {"line": 0, "character": 0}, "end": {"line": 4, "character": 0}},
                    {"start": {"line": 4, "character": 0}, "end": {"line": 4, "character": 0}},
                    {"start": {"line": 1, "character": 4}, "end": {"line": 0, "character": 2}}):
            diags = self.change([{"range": bad, "text": "XXXX(((("}])
            # The text is left intact: same diagnostics, same hover.
            self.assertEqual(diags, before, bad)
            self.assertEqual(self.hover_range(text, "lambda", 1), lam)
        self.assertRegex(self.client.wait_stderr("rejected"), "rejected")
        # A valid change afterwards still applies at the right place.
        at = text.index("0)")
        self.change([self.edit(text, at, at + 1, "[]")])
        text = text[:at] + "[]" + text[at + 1:]
        self.assertEqual(self.hover_range(text, "lambda", 1), range_of(text, "lambda: []", self.encoding))

    def test_change_with_malformed_entries_keeps_the_text(self):
        text = "f = (lambda: 0)\n"
        before = self.client.open(self.uri, text)
        for changes in ([{"range": "0:0-1:0", "text": "x"}], [{"text": 5}], [{}], [5],
                        [{"range": {"start": {"line": -1, "character": 0},
                                    "end": {"line": 0, "character": 0}}, "text": "x"}]):
            self.assertEqual(self.change(changes), before, changes)
        self.assertEqual(self.hover_range(text, "lambda", 1), range_of(text, "lambda: 0", self.encoding))

    def test_random_edits_match_a_fresh_open(self):
        """After a series of random incremental edits (CJK, emoji, CRLF text included), the
        diagnostics and hovers equal those of the same text opened fresh."""
        rnd = random.Random(20240611)
        pieces = ["def f(a=[]):\n    return a\n", "g = lambda x: x\n", "汉字 = '😀'\n", "\r\n",
                  "h(lambda: 0)\n", "(", ")", "yield 1\n", "x if y else z", "def k(b={}, *c): pass\n",
                  "😀", "é", "\n", "  ", "[]", "= "]
        text = "".join(pieces)
        self.client.open(self.uri, text)
        fresh = "file:///fresh.py"
        for step in range(60):
            # Pick a range on character boundaries, never inside a CRLF pair.
            a = rnd.randrange(0, len(text) + 1)
            b = min(len(text), a + rnd.choice((0, 0, 1, 2, 5, 20)))
            for idx in (a, b):
                if 0 < idx < len(text) and text[idx - 1] == "\r" and text[idx] == "\n":
                    break
            else:
                new = rnd.choice(pieces) if rnd.random() < 0.8 else ""
                diags = self.change([self.edit(text, a, b, new)], )
                text = text[:a] + new + text[b:]
                if step % 10 == 9:
                    fresh_diags = self.client.open(fresh, text, version=step)
                    self.assertEqual(diags, fresh_diags, "after step %d, text %r" % (step, text))
                    self.client.notify("textDocument/didClose", {"textDocument": {"uri": fresh}})
                    self.client.diagnostics(fresh)

    # ---- bursts, close ----

    def test_burst_of_changes_publishes_the_last_version(self):
        text = "x = 0\n"
        self.client.open(self.uri, text)
        raw = b""
        n = 40
        for i in range(n):
            new = "def f%d(a=[]): pass\n" % i
            raw += LspClient.notification_bytes("textDocument/didChange", {
                "textDocument": {"uri": self.uri, "version": 2 + i},
                "contentChanges": [self.edit(text, len(text), len(text), new)]})
            text += new
        self.client.send_raw(raw)
        final = self.client.diagnostics(self.uri, version=n + 1)
        self.assertEqual(len(by_code(final["diagnostics"], MDA)), n)
        self.expect_ranges(final["diagnostics"], text, [("[]", i) for i in range(n)])
        # Earlier publishes (if any) came in order, and nothing comes after the last one.
        earlier = [m["params"]["version"] for m in
                   self.client.take_all("textDocument/publishDiagnostics")]
        self.assertTrue(all(v < n + 1 for v in earlier), earlier)
        self.assertLessEqual(len(earlier), n - 1)

    def test_burst_of_full_changes_with_hover_in_between(self):
        self.client.open(self.uri, "")
        raw = b""
        for i in range(20):
            raw += LspClient.notification_bytes("textDocument/didChange", {
                "textDocument": {"uri": self.uri, "version": 2 + i},
                "contentChanges": [{"text": "f = (lambda: %s)\n" % ("0" * (i + 1))}]})
        # A hover queued after the burst sees the final text.
        raw += LspClient.request_bytes(900, "textDocument/hover", {
            "textDocument": {"uri": self.uri}, "position": {"line": 0, "character": 6}})
        self.client.send_raw(raw)
        h = self.client.response(900)["result"]
        self.assertEqual(h["range"], {"start": {"line": 0, "character": 5},
                                      "end": {"line": 0, "character": 5 + 8 + 20}})
        self.client.diagnostics(self.uri, version=21)
        self.client.take_all("textDocument/publishDiagnostics")

    def test_close_clears_diagnostics_and_forgets_the_text(self):
        self.client.open(self.uri, "def f(a=[]): pass\n")
        self.client.notify("textDocument/didClose", {"textDocument": {"uri": self.uri}})
        self.assertEqual(self.client.diagnostics(self.uri)["diagnostics"], [])
        err = self.client.call_error("textDocument/hover", {
            "textDocument": {"uri": self.uri}, "position": {"line": 0, "character": 0}})
        self.assertEqual(err["code"], -32602)
        # A change to a closed document is ignored (nothing published).
        self.client.notify("textDocument/didChange", {"textDocument": {"uri": self.uri, "version": 9},
                                                      "contentChanges": [{"text": "x = ("}]})
        self.client.assert_no_unread()
        # Closing twice is harmless; reopening works.
        self.client.notify("textDocument/didClose", {"textDocument": {"uri": self.uri}})
        self.assertEqual(ranges(self.client.open(self.uri, "def f(a={}): pass\n", version=3)),
                         [(0, 8, 0, 10)])

    def test_reopen_replaces_the_text(self):
        self.client.open(self.uri, "def f(a=[]): pass\n")
        self.assertEqual(self.client.open(self.uri, "x = 1\n", version=5), [])

    def test_many_documents(self):
        for i in range(30):
            uri = "file:///many/%d.py" % i
            self.assertEqual(len(self.client.open(uri, "def f(a=[]): pass\n" * (i % 3))), i % 3)
        for i in range(0, 30, 2):
            self.client.notify("textDocument/didClose", {"textDocument": {"uri": "file:///many/%d.py" % i}})
            self.client.diagnostics("file:///many/%d.py" % i)
        text = "f = (lambda: 0)\n"
        for i in range(1, 30, 2):
            uri = "file:///many/%d.py" % i
            self.client.change(uri, 2, [{"text": text}])
            self.assertIsNotNone(self.client.hover(uri, 0, 6))


class DocumentsUtf16(DocumentsBase, ServerTestCase):
    encoding = "utf-16"


class DocumentsUtf8(DocumentsBase, ServerTestCase):
    encoding = "utf-8"


class DocumentsDefaultEncoding(ServerTestCase):
    """No positionEncodings offered: UTF-16 columns."""

    def test_default_is_utf16(self):
        text = 'def f(s="😀", a=[]): pass\n'
        diags = self.client.open("file:///d.py", text)
        self.assertEqual(ranges(diags), [(0, 16, 0, 18)])


if __name__ == "__main__":
    run_tests()
