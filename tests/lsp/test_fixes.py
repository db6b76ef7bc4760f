#!/usr/bin/env python3
"""Quick fixes and the whole note in LSP sessions (issue 10): every before/after case of
tests/fixtures/fixcases.py through textDocument/codeAction (the edited text compiles with
CPython and the diagnostic is gone), "Fix all" and source.fixAll.pylore (safe fixes only),
"Explain: <title>" and workspace/executeCommand pylore.showNote with and without
window/showDocument, and the diagnostics' codeDescription and Deprecated tag."""

import os
import shutil
import sys
import tempfile
import urllib.parse

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
sys.path.insert(0, os.path.join(os.path.dirname(HERE), "fixtures"))
from fixcases import CASES  # noqa: E402
from lspclient import ServerTestCase, read_front_matter, run_tests  # noqa: E402

MARKDOWN = {"textDocument": {"hover": {"contentFormat": ["markdown", "plaintext"]}}}


def fix_of(note, lang="en"):
    """(safe, title) from the note's `fix:` front matter."""
    safety, title = read_front_matter(note, lang)["fix"].split(":", 1)
    return safety.strip() == "safe", title.strip()


def line_starts(text):
    starts, i = [0], 0
    while i < len(text):
        if text[i] == "\r" and i + 1 < len(text) and text[i + 1] == "\n":
            i += 2
            starts.append(i)
            continue
        if text[i] in "\r\n":
            starts.append(i + 1)
        i += 1
    return starts


def index_of(text, pos):
    """The str index of an LSP position (UTF-16 columns)."""
    starts = line_starts(text)
    i = starts[pos["line"]] if pos["line"] < len(starts) else len(text)
    units = 0
    while units < pos["character"] and i < len(text) and text[i] not in "\r\n":
        units += 2 if ord(text[i]) > 0xFFFF else 1
        i += 1
    return i


def apply_edits(text, edits):
    spans = sorted(((index_of(text, e["range"]["start"]), index_of(text, e["range"]["end"]),
                     e["newText"]) for e in edits), reverse=True)
    for k in range(len(spans) - 1):
        assert spans[k + 1][1] <= spans[k][0], "overlapping edits: %r" % edits
    for a, z, new in spans:
        text = text[:a] + new + text[z:]
    return text


class Fixes(ServerTestCase):
    capabilities = MARKDOWN

    def actions(self, uri, rng, diagnostics=(), only=None):
        ctx = {"diagnostics": list(diagnostics)}
        if only is not None:
            ctx["only"] = only
        return self.client.call("textDocument/codeAction", {
            "textDocument": {"uri": uri}, "range": rng, "context": ctx})

    def edit_of(self, uri, action):
        changes = action["edit"]["changes"]
        self.assertEqual(list(changes), [uri])
        return changes[uri]

    def test_capabilities(self):
        caps = self.init_result["capabilities"]
        self.assertEqual(caps["codeActionProvider"]["codeActionKinds"],
                         ["quickfix", "source.fixAll.pylore"])
        self.assertEqual(caps["executeCommandProvider"]["commands"], ["pylore.showNote"])

    def test_every_case(self):
        for n, (note, before, after) in enumerate(CASES):
            with self.subTest(case=n, note=note, before=before):
                uri = "file:///case%d.py" % n
                safe, title = fix_of(note)
                text, version = before, 1
                diags = [d for d in self.client.open(uri, text) if d["code"] == note]
                self.assertTrue(diags, "the case shows no %s" % note)
                for _ in range(10):
                    if not diags:
                        break
                    d = diags[0]
                    acts = [a for a in self.actions(uri, d["range"], [d], ["quickfix"])
                            if a["title"] == title]
                    if after is None:
                        self.assertEqual(acts, [])
                        break
                    self.assertEqual(len(acts), 1, acts)
                    act = acts[0]
                    self.assertEqual(act["kind"], "quickfix")
                    self.assertEqual(act["isPreferred"], safe)
                    self.assertEqual([x["code"] for x in act["diagnostics"]], [note])
                    self.assertEqual(act["diagnostics"][0]["range"], d["range"])
                    text = apply_edits(text, self.edit_of(uri, act))
                    version += 1
                    published = self.client.change(uri, version, [{"text": text}])
                    self.assertEqual([x for x in published if x["code"] == "syntax-error"], [])
                    diags = [x for x in published if x["code"] == note]
                if after is not None:
                    self.assertEqual(text, after)
                    self.assertEqual(diags, [])
                    compile(text, uri, "exec")
                self.client.notify("textDocument/didClose", {"textDocument": {"uri": uri}})
                self.client.diagnostics(uri)

    def test_fix_all_of_a_note_and_source_fix_all(self):
        uri = "file:///all.py"
        text = ("def f(x=[]):\n    print x\n    print x, 1,\n    if x is 1: pass\n"
                "    print >>sys.stderr, x <> 1\n")
        diags = self.client.open(uri, text)
        prints = [d for d in diags if d["code"] == "py2-print"]
        self.assertEqual(len(prints), 3)
        self.assertEqual(len([d for d in diags if d["code"] == "py2-not-equal"]), 1)
        acts = self.actions(uri, prints[0]["range"], [prints[0]])
        by_title = {a["title"]: a for a in acts}
        fix_all = by_title['Fix all "%s" in this file' % read_front_matter("py2-print")["title"]]
        fixed = apply_edits(text, self.edit_of(uri, fix_all))
        self.assertEqual(fixed, "def f(x=[]):\n    print(x)\n    print(x, 1, end=\" \")\n"
                                "    if x is 1: pass\n    print(x <> 1, file=sys.stderr)\n")
        self.assertIn("Explain: %s" % read_front_matter("py2-print")["title"], by_title)
        # source.fixAll: every safe fix (print, is) but not the unsafe one (the default)
        acts = self.actions(uri, {"start": {"line": 0, "character": 0},
                                  "end": {"line": 0, "character": 0}}, [], ["source.fixAll"])
        self.assertEqual([a["kind"] for a in acts], ["source.fixAll.pylore"])
        fixed = apply_edits(text, self.edit_of(uri, acts[0]))
        # one edit, after as many rounds as it takes (`<>` inside the print statement)
        self.assertEqual(len(self.edit_of(uri, acts[0])), 1)
        self.assertEqual(fixed, "def f(x=[]):\n    print(x)\n    print(x, 1, end=\" \")\n"
                                "    if x == 1: pass\n    print(x != 1, file=sys.stderr)\n")
        left = self.client.change(uri, 2, [{"text": fixed}])
        self.assertEqual([d["code"] for d in left], ["mutable-default-argument"])
        # the light bulb (no `only`) does not compute the whole-file fix
        acts = self.actions(uri, left[0]["range"], left)
        self.assertNotIn("source.fixAll.pylore", [a.get("kind") for a in acts])
        # only=["quickfix"] leaves out source actions and commands
        acts = self.actions(uri, left[0]["range"], left, ["quickfix"])
        self.assertEqual({a["kind"] for a in acts}, {"quickfix"})

    def test_diagnostic_links_and_tags(self):
        uri = "file:///tags.py"
        diags = {d["code"]: d for d in self.client.open(uri, "print 1\ndef f(x=[]): pass\n")}
        self.assertEqual(diags["py2-print"]["tags"], [2])
        self.assertNotIn("tags", diags["mutable-default-argument"])
        href = diags["mutable-default-argument"]["codeDescription"]["href"]
        self.assertTrue(href.startswith("https://") and
                        href.endswith("/knowledge/mutable-default-argument/en.md"), href)


class ShowNote(ServerTestCase):
    auto_initialize = False

    def setUp(self):
        super().setUp()
        self.cache = tempfile.mkdtemp(prefix="pylore cache ")
        self.addCleanup(shutil.rmtree, self.cache, True)

    def start_with(self, show_document, options=None):
        self.client.close()
        self.client = self.start(env=dict(os.environ, XDG_CACHE_HOME=self.cache))
        caps = dict(MARKDOWN)
        if show_document:
            caps["window"] = {"showDocument": {"support": True}}
        self.client.initialize(capabilities=caps, initialization_options=options)

    def test_explain_then_show_without_show_document(self):
        self.start_with(False)
        uri = "file:///n.py"
        text = "square = lambda x: x * x\n"
        self.client.open(uri, text)
        acts = self.client.call("textDocument/codeAction", {
            "textDocument": {"uri": uri},
            "range": {"start": {"line": 0, "character": 10}, "end": {"line": 0, "character": 10}},
            "context": {"diagnostics": []}})
        explains = [a for a in acts if a["title"].startswith("Explain: ")]
        titles = {a["title"] for a in explains}
        self.assertIn("Explain: " + read_front_matter("lambda")["title"], titles)
        self.assertIn("Explain: " + read_front_matter("lambda-assignment")["title"], titles)
        cmd = [a for a in explains if a["command"]["arguments"] == [{"id": "lambda"}]][0]
        self.assertEqual(cmd["command"]["command"], "pylore.showNote")
        res = self.client.call("workspace/executeCommand", cmd["command"])
        self.assertEqual(res["id"], "lambda")
        self.assertTrue(res["contents"].startswith("# "), res)
        self.assertNotIn("uri", res)
        self.assertEqual(os.listdir(self.cache), [])
        # by position: the innermost construct there
        res = self.client.call("workspace/executeCommand", {
            "command": "pylore.showNote", "arguments": [
                {"textDocument": {"uri": uri}, "position": {"line": 0, "character": 10}}]})
        self.assertIn(res["id"], ("lambda", "lambda-assignment"))
        err = self.client.call_error("workspace/executeCommand", {"command": "nope"})
        self.assertEqual(err["code"], -32602)

    def test_show_document(self):
        self.start_with(True)
        id = self.client.request("workspace/executeCommand", {
            "command": "pylore.showNote", "arguments": [{"id": "py2-print"}]})
        req = self.client.wait_for(lambda m: m.get("method") == "window/showDocument")
        self.assertIn("id", req)
        uri = req["params"]["uri"]
        path = os.path.join(self.cache, "pylore", "notes", "en", "py2-print.md")
        self.assertEqual(urllib.parse.unquote(urllib.parse.urlparse(uri).path), path)
        self.client.send({"jsonrpc": "2.0", "id": req["id"], "result": {"success": True}})
        res = self.client.response(id)["result"]
        self.assertEqual(res["uri"], uri)
        with open(path, encoding="utf-8") as f:
            self.assertTrue(f.read().startswith("# " + read_front_matter("py2-print")["title"]))


if __name__ == "__main__":
    run_tests()
