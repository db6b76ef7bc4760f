#!/usr/bin/env python3
"""The knowledge engine in LSP sessions (issue 3, "Features" and "Tests"): hover in both
languages and both markup kinds, innermost construct, pitfalls first, switching notes off,
inlay hints, push and pull diagnostics, extra note folders, pylore/showNote."""

import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from lspclient import (FIXTURES, KNOWLEDGE, ServerTestCase, position_of, range_of,  # noqa: E402
                       read_front_matter, run_tests)

URI = "file:///features.py"
MARKDOWN = {"textDocument": {"hover": {"contentFormat": ["markdown", "plaintext"]}}}
PLAINTEXT = {"textDocument": {"hover": {"contentFormat": ["plaintext"]}}}
EXTRA = os.path.join(FIXTURES, "notes", "extra")
BROKEN = os.path.join(FIXTURES, "broken-notes")
OVERRIDE = os.path.join(FIXTURES, "notes", "override")

# One line per construct used below; each test finds positions by searching this text.
SOURCE = (
    "square = lambda x: x * x\n"                          # lambda-assignment + lambda (tie)
    "pairs = sorted(data, key=lambda p: (p if p else 0))\n"  # conditional inside lambda
    "def countdown(n):\n"                                 # generator (name)
    "    while n > 0:\n"
    "        yield n\n"                                   # generator (yield keyword)
    "        n -= 1\n"
    "def add(item, bucket=[]):\n"                         # mutable-default-argument
    "    return bucket\n"
    "def plain(a, b):\n"
    "    return a + b\n"
)


def title(note, lang="en"):
    return read_front_matter(note, lang)["title"]


def summary(note, lang="en"):
    """The first paragraph of a note (as Markdown source)."""
    path = os.path.join(KNOWLEDGE, note, lang + ".md")
    with open(path, encoding="utf-8") as f:
        text = f.read()
    body = text.split("\n---\n", 1)[1].strip()
    return body.split("\n\n", 1)[0].replace("\n", " ")


def pos(needle, offset=0, text=SOURCE, enc="utf-16"):
    return position_of(text, needle, enc, offset=offset)


class FeatureCase(ServerTestCase):
    capabilities = MARKDOWN

    def open_source(self, text=SOURCE):
        return self.client.open(URI, text)

    def hover_at(self, needle, offset=0, text=SOURCE):
        p = pos(needle, offset, text)
        return self.client.hover(URI, p["line"], p["character"])


class HoverEnglishMarkdown(FeatureCase):

    def test_hover_shows_title_summary_example_and_range(self):
        self.open_source()
        h = self.hover_at("countdown", 2)
        self.assertEqual(h["contents"]["kind"], "markdown")
        value = h["contents"]["value"]
        self.assertIn(title("generator"), value)
        self.assertIn(summary("generator").split("`")[0].strip(), value)
        self.assertIn("```python", value)
        self.assertIn("generator", value)  # where to read the whole note (the id)
        self.assertEqual(h["range"], range_of(SOURCE, "countdown"))

    def test_hover_is_short(self):
        """A hover is the summary and one example, not the whole note."""
        self.open_source()
        value = self.hover_at("countdown", 2)["contents"]["value"]
        self.assertEqual(value.count("```python"), 1)
        full = self.client.call("pylore/showNote", {"textDocument": {"uri": URI},
                                                    "position": pos("countdown", 2)})
        self.assertGreater(len(full["contents"]), len(value))

    def test_yield_keyword(self):
        self.open_source()
        h = self.hover_at("yield", 1)
        self.assertIn(title("generator"), h["contents"]["value"])
        self.assertEqual(h["range"], range_of(SOURCE, "yield"))

    def test_innermost_construct_wins(self):
        self.open_source()
        inner = self.hover_at("p if p", 2)
        self.assertIn(title("conditional-expression"), inner["contents"]["value"])
        self.assertNotIn(title("lambda"), inner["contents"]["value"])
        self.assertEqual(inner["range"], range_of(SOURCE, "p if p else 0"))
        outer = self.hover_at("lambda p", 1)
        self.assertIn(title("lambda"), outer["contents"]["value"])
        self.assertEqual(outer["range"], range_of(SOURCE, "lambda p: (p if p else 0)"))

    def test_pitfalls_first_when_tied(self):
        self.open_source()
        h = self.hover_at("lambda x", 3)
        value = h["contents"]["value"]
        a, b = value.find(title("lambda-assignment")), value.find(title("lambda"))
        self.assertGreaterEqual(a, 0, value)
        self.assertGreater(b, a, value)
        self.assertEqual(h["range"], range_of(SOURCE, "lambda x: x * x"))

    def test_pitfall_hover_on_its_construct(self):
        self.open_source()
        h = self.hover_at("[]", 1)
        self.assertIn(title("mutable-default-argument"), h["contents"]["value"])
        self.assertEqual(h["range"], range_of(SOURCE, "[]"))

    def test_nothing_to_explain(self):
        self.open_source()
        self.assertIsNone(self.hover_at("a + b", 0))
        self.assertIsNone(self.hover_at("plain", 5))  # the `(` after a plain def's name

    def test_show_note_returns_the_whole_note(self):
        self.open_source()
        note = self.client.call("pylore/showNote", {"textDocument": {"uri": URI},
                                                    "position": pos("countdown", 2)})
        self.assertEqual(note["id"], "generator")
        self.assertEqual(note["kind"], "explanation")
        self.assertEqual(note["title"], title("generator"))
        with open(os.path.join(KNOWLEDGE, "generator", "en.md"),
                  encoding="utf-8") as f:
            md = f.read()
        # Every example of the note is in the whole note.
        blocks = md.count("```python")
        self.assertEqual(note["contents"].count("```python"), blocks)
        nothing = self.client.call("pylore/showNote", {"textDocument": {"uri": URI},
                                                       "position": pos("a + b")})
        self.assertIsNone(nothing)

    def test_show_note_of_a_tie_is_the_pitfall(self):
        self.open_source()
        note = self.client.call("pylore/showNote", {"textDocument": {"uri": URI},
                                                    "position": pos("lambda x")})
        self.assertEqual((note["id"], note["kind"]), ("lambda-assignment", "pitfall"))


class HoverPlaintext(FeatureCase):
    capabilities = PLAINTEXT

    def test_plaintext_is_rendered_not_markdown(self):
        self.open_source()
        h = self.hover_at("countdown", 2)
        self.assertEqual(h["contents"]["kind"], "plaintext")
        value = h["contents"]["value"]
        self.assertIn(title("generator"), value)
        # Rendered from the Markdown tree: no fences, no emphasis markers, the example code
        # is there as code (indented).
        self.assertNotIn("```", value)
        self.assertNotIn("**", value)
        self.assertIn("    def countdown(n):", value)
        self.assertEqual(h["range"], range_of(SOURCE, "countdown"))

    def test_no_capability_means_plaintext(self):
        c = self.start()
        c.initialize(capabilities={})
        c.open(URI, SOURCE)
        p = pos("yield")
        self.assertEqual(c.hover(URI, p["line"], p["character"])["contents"]["kind"], "plaintext")
        self.assertEqual(c.shutdown_and_exit(), 0)


class HoverChinese(FeatureCase):
    initialization_options = {"language": "zh"}

    def test_language_option(self):
        self.open_source()
        value = self.hover_at("countdown", 2)["contents"]["value"]
        self.assertIn(title("generator", "zh"), value)
        self.assertNotIn(title("generator", "en"), value)

    def test_diagnostic_messages_in_chinese(self):
        diags = self.open_source()
        mda = [d for d in diags if d["code"] == "mutable-default-argument"]
        self.assertEqual(len(mda), 1)
        self.assertEqual(mda[0]["message"], summary("mutable-default-argument", "zh"))


class LanguageSelection(ServerTestCase):
    auto_initialize = False

    def hover_lang(self, **init):
        c = self.client
        c.initialize(capabilities=MARKDOWN, **init)
        c.open(URI, SOURCE)
        p = pos("countdown", 1)
        value = c.hover(URI, p["line"], p["character"])["contents"]["value"]
        if title("generator", "zh") in value:
            return "zh"
        self.assertIn(title("generator", "en"), value)
        return "en"

    def test_locale_zh_cn(self):
        self.assertEqual(self.hover_lang(locale="zh-CN"), "zh")

    def test_locale_zh_tw(self):
        self.assertEqual(self.hover_lang(locale="zh-TW"), "zh")

    def test_locale_zh(self):
        self.assertEqual(self.hover_lang(locale="zh"), "zh")

    def test_locale_other_is_english(self):
        self.assertEqual(self.hover_lang(locale="fr-FR"), "en")

    def test_option_beats_locale(self):
        self.assertEqual(self.hover_lang(locale="zh-CN", initialization_options={"language": "en"}),
                         "en")

    def test_auto_option_uses_locale(self):
        self.assertEqual(self.hover_lang(locale="zh-CN", initialization_options={"language": "auto"}),
                         "zh")

    def test_no_locale_no_option_is_english(self):
        self.assertEqual(self.hover_lang(), "en")

    def test_cli_lang_for_the_server(self):
        self.client = self.start(args=("serve", "--lang", "zh"))
        self.assertEqual(self.hover_lang(), "zh")

    def test_lang_environment_variable(self):
        self.client = self.start(env={"LANG": "zh_CN.UTF-8"})
        self.assertEqual(self.hover_lang(), "zh")

    def test_locale_beats_lang_environment_variable(self):
        self.client = self.start(env={"LANG": "zh_CN.UTF-8"})
        self.assertEqual(self.hover_lang(locale="en-US"), "en")

    def test_missing_translation_falls_back_to_english(self):
        # The fixture's `lambda` override has no zh.md.
        self.assertEqual(self.hover_lang(locale="zh", initialization_options={
            "notesPaths": [EXTRA]}), "zh")
        p = pos("lambda p", 1)
        value = self.client.hover(URI, p["line"], p["character"])["contents"]["value"]
        self.assertIn("Fixture lambda override", value)


class SwitchingNotesOff(ServerTestCase):
    auto_initialize = False

    def test_disabled_explanation(self):
        c = self.client
        c.initialize(initialization_options={"disabledNotes": ["generator"]})
        c.open(URI, SOURCE)
        p = pos("countdown", 2)
        self.assertIsNone(c.hover(URI, p["line"], p["character"]))
        p = pos("yield", 2)
        self.assertIsNone(c.hover(URI, p["line"], p["character"]))
        # Others still work.
        p = pos("lambda p", 1)
        self.assertIsNotNone(c.hover(URI, p["line"], p["character"]))
        hints = c.call("textDocument/inlayHint", {"textDocument": {"uri": URI}, "range": {
            "start": {"line": 0, "character": 0}, "end": {"line": 20, "character": 0}}})
        self.assertEqual([h for h in hints if h.get("data") == "generator"], [])

    def test_disabled_pitfall(self):
        c = self.client
        c.initialize(initialization_options={"disabledNotes": ["mutable-default-argument",
                                                               "lambda-assignment"]})
        diags = c.open(URI, SOURCE)
        codes = {d["code"] for d in diags}
        self.assertNotIn("mutable-default-argument", codes)
        self.assertNotIn("lambda-assignment", codes)
        p = pos("lambda x", 1)
        value = c.hover(URI, p["line"], p["character"])["contents"]["value"]
        self.assertNotIn(title("lambda-assignment"), value)
        self.assertIn(title("lambda"), value)

    def test_explanations_false(self):
        c = self.client
        c.initialize(initialization_options={"explanations": False})
        diags = c.open(URI, SOURCE)
        # Pitfalls stay on.
        self.assertIn("mutable-default-argument", {d["code"] for d in diags})
        for needle in ("countdown", "yield", "lambda p", "p if p"):
            p = pos(needle, 1)
            self.assertIsNone(c.hover(URI, p["line"], p["character"]), needle)
        p = pos("lambda x", 1)
        value = c.hover(URI, p["line"], p["character"])["contents"]["value"]
        self.assertIn(title("lambda-assignment"), value)
        self.assertNotIn(title("lambda") + "\n", value)
        hints = c.call("textDocument/inlayHint", {"textDocument": {"uri": URI}, "range": {
            "start": {"line": 0, "character": 0}, "end": {"line": 20, "character": 0}}})
        self.assertEqual(hints, [])

    def test_unknown_disabled_note_is_harmless(self):
        c = self.client
        c.initialize(initialization_options={"disabledNotes": ["no-such-note"]})
        self.assertIn("mutable-default-argument", {d["code"] for d in c.open(URI, SOURCE)})


def in_range(p, start, end):
    key = lambda q: (q["line"], q["character"])  # noqa: E731
    return key(start) <= key(p) <= key(end)


class InlayHints(FeatureCase):

    def hints(self, start, end, label="generator"):
        hints = self.client.call("textDocument/inlayHint", {
            "textDocument": {"uri": URI}, "range": {"start": start, "end": end}})
        self.assertIsInstance(hints, list)
        for h in hints:
            self.assertIsInstance(h["label"], str)
            self.assertLessEqual(len(h["label"]), 40)
            # Never outside the requested range.
            self.assertTrue(in_range(h["position"], start, end), (h, start, end))
        return [h["position"] for h in hints if h["label"] == label]

    def test_generator_hint_after_the_parameters(self):
        self.open_source()
        gen = self.hints({"line": 0, "character": 0}, {"line": 20, "character": 0})
        # After `def countdown(n)`, and not after the other defs.
        self.assertIn(pos("(n):", 3), gen)
        self.assertNotIn(pos("(item, bucket=[])", 17), gen)
        self.assertNotIn(pos("(a, b)", 6), gen)

    def test_only_in_the_requested_range(self):
        self.open_source()
        anchor = pos("(n):", 3)
        line = anchor["line"]
        self.assertIn(anchor, self.hints({"line": line, "character": 0}, {"line": line, "character": 30}))
        self.assertIn(anchor, self.hints(anchor, anchor))
        # Ranges that do not hold the hint's position (the range check is in hints()).
        for a, b in (((0, 0), (line - 1, 0)), ((line + 1, 0), (20, 0)), ((line, 0), (line, 10))):
            got = self.hints({"line": a[0], "character": a[1]}, {"line": b[0], "character": b[1]})
            self.assertNotIn(anchor, got, (a, b))

    def test_nested_def_yield_does_not_make_the_outer_a_generator(self):
        text = "def outer():\n    def inner():\n        yield 1\n    return inner\n"
        self.open_source(text)
        gen = self.hints({"line": 0, "character": 0}, {"line": 9, "character": 0})
        self.assertIn(pos("inner():", 7, text), gen)
        self.assertNotIn(pos("outer():", 7, text), gen)

    def test_range_starting_between_construct_and_hint(self):
        """A def header over several lines: the hint (after the parameters) is on a later
        line than the construct (the name); a range holding only the hint still shows it."""
        text = "def countdown(\n    n,\n    step=1,\n):\n    yield n\n"
        self.open_source(text)
        anchor = pos("):", 1, text)
        self.assertEqual(self.hints({"line": 0, "character": 0}, {"line": 9, "character": 0}), [anchor])
        self.assertEqual(self.hints({"line": 3, "character": 0}, {"line": 3, "character": 5}), [anchor])
        self.assertEqual(self.hints({"line": 2, "character": 0}, {"line": 4, "character": 0}), [anchor])
        self.assertEqual(self.hints({"line": 4, "character": 0}, {"line": 9, "character": 0}), [])

    def test_hint_follows_edits(self):
        text = "def f(n):\n    return n\n"
        self.open_source(text)
        self.assertEqual(self.hints({"line": 0, "character": 0}, {"line": 5, "character": 0}), [])
        self.client.change(URI, 2, [{"range": {"start": {"line": 1, "character": 4},
                                               "end": {"line": 1, "character": 10}},
                                     "text": "yield"}])
        self.assertIn({"line": 0, "character": 8},
                      self.hints({"line": 0, "character": 0}, {"line": 5, "character": 0}))

    def test_hint_only_after_the_def(self):
        """`def countdown(n) generator:`, not `yield generator n` as well."""
        self.open_source()
        gen = self.hints({"line": 0, "character": 0}, {"line": 20, "character": 0})
        self.assertEqual(gen, [pos("(n):", 3)])


class InlayHintsOff(FeatureCase):
    initialization_options = {"inlayHints": False}

    def test_no_hints(self):
        self.open_source()
        hints = self.client.call("textDocument/inlayHint", {"textDocument": {"uri": URI}, "range": {
            "start": {"line": 0, "character": 0}, "end": {"line": 20, "character": 0}}})
        self.assertEqual(hints, [])
        # Hovers are unaffected.
        self.assertIsNotNone(self.hover_at("countdown", 1))


class PushDiagnostics(FeatureCase):

    def test_fields(self):
        diags = self.open_source()
        mda = [d for d in diags if d["code"] == "mutable-default-argument"]
        self.assertEqual(len(mda), 1)
        d = mda[0]
        self.assertEqual(d["source"], "pylore")
        self.assertEqual(d["severity"], {"error": 1, "warning": 2, "information": 3, "hint": 4}[
            read_front_matter("mutable-default-argument")["severity"]])
        self.assertEqual(d["range"], range_of(SOURCE, "[]"))
        self.assertEqual(d["message"], summary("mutable-default-argument"))
        la = [d for d in diags if d["code"] == "lambda-assignment"]
        self.assertEqual(len(la), 1)
        self.assertEqual(la[0]["severity"], {"error": 1, "warning": 2, "information": 3, "hint": 4}[
            read_front_matter("lambda-assignment")["severity"]])
        self.assertEqual(la[0]["range"], range_of(SOURCE, "lambda x: x * x"))
        # Explanations never become diagnostics.
        self.assertFalse({"lambda", "generator", "conditional-expression"} & {x["code"] for x in diags})

    def test_message_is_the_summary(self):
        diags = self.open_source()
        d = [d for d in diags if d["code"] == "lambda-assignment"][0]
        self.assertEqual(d["message"], summary("lambda-assignment"))

    def test_syntax_error_hover_shows_its_note(self):
        text = "x = [1，2]\n"
        diags = self.open_source(text)
        self.assertEqual([d["code"] for d in diags], ["fullwidth-punctuation"])
        h = self.client.hover(URI, 0, 6)
        value = h["contents"]["value"]
        self.assertIn("fullwidth-punctuation", value)
        # (a Markdown hover leaves out the summary the editor shows as the diagnostic above it)
        self.assertIn("numbers = [1, 2, 3]", value)
        self.assertEqual(h["range"], diags[0]["range"])

    def test_syntax_errors(self):
        text = "def broken(:\n    pass\nx = (1,\n"
        diags = self.open_source(text)
        syntax = [d for d in diags if d["code"] == "syntax-error"]
        self.assertGreaterEqual(len(syntax), 1)
        for d in syntax:
            self.assertEqual(d["severity"], 1)
            self.assertEqual(d["source"], "pylore")
            self.assertTrue(d["message"])
        self.assertEqual(syntax[0]["range"]["start"]["line"], 0)

    def test_published_after_each_change(self):
        self.open_source("x = 1\n")
        diags = self.client.change(URI, 2, [{"text": "def f(a={}):\n    pass\n"}])
        self.assertEqual([d["code"] for d in diags], ["mutable-default-argument"])
        diags = self.client.change(URI, 3, [{"text": "def f(a=None):\n    pass\n"}])
        self.assertEqual(diags, [])


class PullDiagnostics(FeatureCase):
    capabilities = {"textDocument": {"diagnostic": {"dynamicRegistration": False}}}

    def test_pull(self):
        self.assertIn("diagnosticProvider", self.init_result["capabilities"])
        # No push: didOpen publishes nothing.
        self.client.open(URI, SOURCE, wait=False)
        self.client.assert_no_unread()
        report = self.client.call("textDocument/diagnostic", {"textDocument": {"uri": URI}})
        self.assertEqual(report["kind"], "full")
        codes = sorted(d["code"] for d in report["items"])
        self.assertEqual(codes, ["lambda-assignment", "mutable-default-argument"])
        mda = [d for d in report["items"] if d["code"] == "mutable-default-argument"][0]
        self.assertEqual(mda["range"], range_of(SOURCE, "[]"))
        # After a change, the next pull sees the new text.
        self.client.change(URI, 2, [{"text": "x = (\n"}], wait=False)
        report = self.client.call("textDocument/diagnostic", {"textDocument": {"uri": URI}})
        self.assertEqual([d["code"] for d in report["items"]], ["unclosed-bracket"])
        self.client.notify("textDocument/didClose", {"textDocument": {"uri": URI}})
        self.client.assert_no_unread()
        err = self.client.call_error("textDocument/diagnostic", {"textDocument": {"uri": URI}})
        self.assertEqual(err["code"], -32602)

    def test_pull_and_push_agree(self):
        report = None
        self.client.open(URI, SOURCE, wait=False)
        report = self.client.call("textDocument/diagnostic", {"textDocument": {"uri": URI}})
        push = self.start()
        push.initialize()
        self.assertEqual(push.open(URI, SOURCE), report["items"])
        self.assertEqual(push.shutdown_and_exit(), 0)


class ExtraNotesFromInitialize(FeatureCase):
    initialization_options = {"notesPaths": [EXTRA]}

    def test_new_note(self):
        text = 'print("hi")\n'
        self.open_source(text)
        h = self.hover_at("print", 1, text)
        self.assertIn("Fixture print call", h["contents"]["value"])
        self.assertIn("FIXTURE-EN", h["contents"]["value"])
        self.assertEqual(h["range"], range_of(text, 'print("hi")'))
        hints = self.client.call("textDocument/inlayHint", {"textDocument": {"uri": URI}, "range": {
            "start": {"line": 0, "character": 0}, "end": {"line": 1, "character": 0}}})
        self.assertEqual([h["label"] for h in hints], ["prints"])

    def test_same_id_overrides_the_built_in(self):
        self.open_source()
        value = self.hover_at("lambda p", 1)["contents"]["value"]
        self.assertIn("Fixture lambda override", value)
        self.assertNotIn(title("lambda"), value)

    def test_show_note_of_an_extra_note(self):
        text = 'print("hi")\n'
        self.open_source(text)
        note = self.client.call("pylore/showNote", {"textDocument": {"uri": URI},
                                                    "position": pos("print", 0, text)})
        self.assertEqual(note["id"], "print-call")
        self.assertIn("FIXTURE-EN-BODY", note["contents"])


class BrokenNotesFromInitialize(ServerTestCase):
    """A folder with broken notes in notesPaths: the good notes load, and the problems are
    logged (to the client too, when it asked with `trace`)."""
    auto_initialize = False
    TEXT = "def g():\n    x = (yield)\n"

    def good_note_works(self):
        self.client.open(URI, self.TEXT)
        h = self.client.hover(URI, 1, 10)
        self.assertIn("Fixture good-note", h["contents"]["value"])

    def test_problems_are_logged_to_the_client(self):
        self.client.initialize(initialization_options={"notesPaths": [BROKEN]}, trace="messages")
        logs = [m["params"] for m in self.client.take_all("window/logMessage")]
        self.assertTrue(any("unknown-predicate/match.scm" in p["message"] and p["type"] == 2
                            for p in logs), logs)
        self.assertTrue(any("missing-en/en.md" in p["message"] for p in logs), logs)
        self.good_note_works()
        self.assertIn("unknown-predicate/match.scm", self.client.wait_stderr("unknown-predicate/match.scm"))

    def test_without_trace_only_stderr(self):
        self.client.initialize(initialization_options={"notesPaths": [BROKEN]})
        self.assertEqual(self.client.take_all("window/logMessage"), [])
        self.good_note_works()
        self.assertIn("unknown-predicate/match.scm", self.client.wait_stderr("unknown-predicate/match.scm"))


class ExtraNotesFromCommandLine(FeatureCase):
    server_args = ("serve", "--notes", OVERRIDE)

    def test_override_of_a_pitfall(self):
        diags = self.open_source()
        la = [d for d in diags if d["code"] == "lambda-assignment"]
        self.assertEqual(len(la), 1)
        self.assertEqual(la[0]["severity"], 1)
        self.assertEqual(la[0]["message"], "FIXTURE-OVERRIDE: a lambda bound to a name.")
        # The rest of the built-in notes are still there.
        self.assertIn("mutable-default-argument", {d["code"] for d in diags})


class ExtraNotesFromEnvironment(FeatureCase):
    server_env = {"PYLORE_NOTES": "/nonexistent-folder:" + OVERRIDE}

    def test_pylore_notes_variable(self):
        diags = self.open_source()
        la = [d for d in diags if d["code"] == "lambda-assignment"]
        self.assertEqual(la[0]["message"], "FIXTURE-OVERRIDE: a lambda bound to a name.")


if __name__ == "__main__":
    run_tests()
