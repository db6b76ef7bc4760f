#!/usr/bin/env python3
"""The command line (issue 2 "CLI", issue 3 "Features"): check in its three formats,
--select/--ignore, exit statuses, folder walks, explain, notes, parse and notes --check on
broken note folders."""

import atexit
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import unittest

sys.path.insert(0, os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "lsp"))
from lspclient import (FIXTURES, KNOWLEDGE, SCALE, binary, read_front_matter,  # noqa: E402
                       run_tests)

PY = os.path.join(FIXTURES, "py")
TREE = os.path.join(FIXTURES, "tree")
BROKEN = os.path.join(FIXTURES, "broken-notes")
EXTRA = os.path.join(FIXTURES, "notes", "extra")
OVERRIDE = os.path.join(FIXTURES, "notes", "override")
MDA = "mutable-default-argument"
LA = "lambda-assignment"
# The notes these tests know about: later notes must not change the expected findings.
SELECT = ["--select", "%s,%s,syntax-error" % (MDA, LA)]
_SANITIZER = re.compile(r"ERROR: (AddressSanitizer|LeakSanitizer)|runtime error:")

TEXT_LINE = re.compile(r"^(?P<path>.+?):(?P<line>[0-9]+):(?P<col>[0-9]+): "
                       r"(?P<severity>error|warning|information|hint): (?P<message>.+) "
                       r"\[(?P<id>[a-z0-9]+(-[a-z0-9]+)*)\]$")


# `check` caches findings by content (server/checkcache.c): the tests keep theirs apart.
CACHE_DIR = tempfile.mkdtemp(prefix="pylore-cli-cache-")
atexit.register(shutil.rmtree, CACHE_DIR, True)


def run(*args, cwd=FIXTURES, env=None, input=None):
    # These tests read `check`'s text output one finding per line: the concise form (the
    # default text form, with source lines and carets, is tested on its own).
    if args and args[0] == "check" and "--format" not in args:
        args = ("check", "--format", "concise") + tuple(args[1:])
    full_env = dict(os.environ)
    for k in ("PYLORE_NOTES", "LC_ALL", "LC_MESSAGES"):
        full_env.pop(k, None)
    full_env["LANG"] = "C.UTF-8"
    full_env["PYLORE_CACHE_DIR"] = CACHE_DIR
    if env:
        full_env.update(env)
    p = subprocess.run([binary(), *args], cwd=cwd, env=full_env, capture_output=True,
                       timeout=120 * SCALE, input=input)
    p.out = p.stdout.decode("utf-8", "replace")
    p.err = p.stderr.decode("utf-8", "replace")
    m = _SANITIZER.search(p.err)
    if m:
        raise AssertionError("sanitizer report:\n" + p.err[-6000:])
    return p


def summary(note, lang="en"):
    with open(os.path.join(KNOWLEDGE, note, lang + ".md"), encoding="utf-8") as f:
        body = f.read().split("\n---\n", 1)[1].strip()
    return body.split("\n\n", 1)[0].replace("\n", " ")


def char_col(path, line, needle):
    """1-based character column of `needle` on 1-based `line` of a file."""
    with open(path, encoding="utf-8") as f:
        text = f.read().split("\n")[line - 1]
    return text.index(needle) + 1


class CheckText(unittest.TestCase):

    def test_format_and_positions(self):
        p = run("check", *SELECT, "py/pitfalls.py")
        self.assertEqual(p.returncode, 1, p.err)
        lines = p.out.splitlines()
        parsed = [TEXT_LINE.match(l) for l in lines]
        self.assertTrue(all(parsed), lines)
        got = [(m["path"], int(m["line"]), int(m["col"]), m["severity"], m["id"]) for m in parsed]
        pit = os.path.join(PY, "pitfalls.py")
        self.assertEqual(got, [
            # Line 2 has CJK and an emoji before the finding: columns count characters.
            ("py/pitfalls.py", 2, char_col(pit, 2, "[]"), "warning", MDA),
            ("py/pitfalls.py", 6, char_col(pit, 6, "lambda"), "information", LA),
            ("py/pitfalls.py", 10, char_col(pit, 10, "{}"), "warning", MDA),
        ])
        self.assertEqual(got[0][2], 24)
        self.assertEqual(parsed[0]["message"], summary(MDA))
        self.assertEqual(parsed[1]["message"], summary(LA))

    def test_syntax_errors(self):
        p = run("check", "py/syntax_error.py")
        self.assertEqual(p.returncode, 1)
        parsed = [TEXT_LINE.match(l) for l in p.out.splitlines()]
        self.assertTrue(parsed and all(parsed), p.out)
        # Each syntax error is reported under the id of the syntax note that explains it.
        syntax_notes = {n for n in os.listdir(KNOWLEDGE)
                        if os.path.isfile(os.path.join(KNOWLEDGE, n, "en.md")) and
                        read_front_matter(n).get("kind") == "syntax"}
        self.assertTrue({m["id"] for m in parsed} <= syntax_notes, p.out)
        self.assertEqual({m["severity"] for m in parsed}, {"error"})
        self.assertEqual(int(parsed[0]["line"]), 2)

    def test_source_and_caret(self):
        # The default text form shows the source line and a caret under each finding, the
        # caret under the character even after a tab and a wide (full-width) character.
        with tempfile.TemporaryDirectory() as tmp:
            path = os.path.join(tmp, "t.py")
            with open(path, "w", encoding="utf-8") as f:
                f.write("if True:\n\tx = ['汉', 1，2]\n")
            p = subprocess.run([binary(), "check", "--select", "syntax-error", path],
                               capture_output=True)
            out = p.stdout.decode("utf-8").splitlines()
            self.assertEqual(len(out), 4, out)
            self.assertRegex(out[0], r":2:13: error: .*\[fullwidth-punctuation\]$")
            self.assertEqual(out[1], "  |")
            self.assertEqual(out[2], "2 |     x = ['汉', 1，2]")
            # 4 columns for the tab, 2 for each wide character
            self.assertEqual(out[3], "  | " + " " * (4 + len("x = ['") + 2 + len("', 1")) + "^^")
            concise = subprocess.run([binary(), "check", "--format", "concise", "--select",
                                      "syntax-error", path], capture_output=True)
            self.assertEqual(concise.stdout.decode("utf-8").splitlines(), out[:1])

    def test_exit_statuses(self):
        self.assertEqual(run("check", *SELECT, "py/clean.py").returncode, 0)
        self.assertEqual(run("check", *SELECT, "py/clean.py").out, "")
        # Below warning level: reported, but the status stays 0.
        p = run("check", *SELECT, "py/info_only.py")
        self.assertEqual((p.returncode, len(p.out.splitlines())), (0, 1))
        self.assertEqual(run("check", *SELECT, "py/pitfalls.py").returncode, 1)
        self.assertEqual(run("check", *SELECT, "py/syntax_error.py").returncode, 1)
        # Usage and I/O errors: 2, with a message on stderr.
        for args in (["check"], ["check", "py/missing.py"], ["check", "--format", "xml", "py/clean.py"],
                     ["check", "--select", "no-such-note", "py/clean.py"],
                     ["check", "--ignore", "no-such-note", "py/clean.py"],
                     ["check", "--no-such-option", "py/clean.py"], ["check", "--format"],
                     ["frobnicate"], ["explain", "py/clean.py"], ["explain", "py/clean.py:0:1"],
                     ["explain", "py/clean.py:a:b"], ["explain", "py/missing.py:1:1"],
                     ["parse"], ["parse", "py/missing.py"], ["notes", "no-such-note"],
                     ["notes", "--check"]):
            p = run(*args)
            self.assertEqual(p.returncode, 2, (args, p.out, p.err))
            self.assertIn("pylore", p.err, args)
        # A missing file next to files with findings: still 2 (the I/O error wins).
        p = run("check", *SELECT, "py/missing.py", "py/pitfalls.py")
        self.assertEqual(p.returncode, 2)
        self.assertEqual(len(p.out.splitlines()), 3)

    def test_folder_walk(self):
        p = run("check", *SELECT, "tree")
        self.assertEqual(p.returncode, 1)
        paths = [TEXT_LINE.match(l)["path"] for l in p.out.splitlines()]
        # Sorted, recursive, only .py files, no hidden folders and no __pycache__.
        self.assertEqual(paths, ["tree/a.py", "tree/sub/b.py", "tree/sub/deeper/c.py"])
        # Files and folders mixed; the output does not depend on the number of threads.
        outs = {run("check", *SELECT, "--jobs", str(j), "tree", "py").out for j in (1, 2, 4)}
        self.assertEqual(len(outs), 1)
        self.assertIn("py/pitfalls.py", outs.pop())

    def test_select_and_ignore(self):
        p = run("check", "--select", MDA, "py/pitfalls.py")
        self.assertEqual({TEXT_LINE.match(l)["id"] for l in p.out.splitlines()}, {MDA})
        p = run("check", "--select", "%s, %s" % (MDA, LA), "--ignore", MDA, "py/pitfalls.py")
        self.assertEqual({TEXT_LINE.match(l)["id"] for l in p.out.splitlines()}, {LA})
        self.assertEqual(p.returncode, 0)  # only information left
        p = run("check", "--ignore", "syntax-error", "py/syntax_error.py")
        self.assertEqual((p.returncode, p.out), (0, ""))
        p = run("check", "--select", "syntax-error", "py/pitfalls.py", "py/syntax_error.py")
        self.assertEqual({TEXT_LINE.match(l)["path"] for l in p.out.splitlines()}, {"py/syntax_error.py"})
        # Explanations never produce findings, even when selected.
        p = run("check", "--select", "lambda,generator", "py/pitfalls.py")
        self.assertEqual((p.returncode, p.out), (0, ""))

    def test_language(self):
        p = run("check", "--lang", "zh", "--select", MDA, "py/pitfalls.py")
        self.assertEqual(TEXT_LINE.match(p.out.splitlines()[0])["message"], summary(MDA, "zh"))
        p = run("check", "--select", MDA, "py/pitfalls.py", env={"LANG": "zh_CN.UTF-8"})
        self.assertEqual(TEXT_LINE.match(p.out.splitlines()[0])["message"], summary(MDA, "zh"))
        p = run("check", "--select", MDA, "py/pitfalls.py", env={"LANG": "fr_FR.UTF-8"})
        self.assertEqual(TEXT_LINE.match(p.out.splitlines()[0])["message"], summary(MDA, "en"))

    def test_unusual_files(self):
        tmp = tempfile.mkdtemp(prefix="pylore-cli-")
        self.addCleanup(shutil.rmtree, tmp)
        files = {
            "crlf.py": b"x = 1\r\ndef f(a=[]):\r\n    pass\r\n",
            "no_newline.py": b"def f(a=[]): pass",
            "invalid_utf8.py": b"s = '\xff\xfe'\ndef f(a=[]):\n    pass\nx = (\xff abc\n",
            "empty.py": b"",
            "bom.py": b"\xef\xbb\xbfdef f(a=[]): pass\n",
            "nul.py": b"x = 1\x00\ndef f(a=[]): pass\n",
            "name with spaces é.py": b"def f(a=[]): pass\n",
            b"bad\xffname.py": b"def f(a=[]): pass\n",
        }
        for name, data in files.items():
            with open(os.path.join(tmp.encode(), name.encode("utf-8") if isinstance(name, str)
                                   else name), "wb") as f:
                f.write(data)
        p = run("check", *SELECT, "--format", "json", tmp)
        self.assertEqual(p.returncode, 1, p.err)
        found = json.loads(p.stdout)
        by_file = {}
        for x in found:
            by_file.setdefault(os.path.basename(x["path"]), []).append(x)
        self.assertEqual(len(by_file), len(files) - 1)  # all but empty.py
        self.assertEqual(by_file["crlf.py"][0]["range"]["start"], {"line": 2, "column": 9})
        self.assertEqual(by_file["no_newline.py"][0]["range"]["start"], {"line": 1, "column": 9})
        self.assertEqual([x["id"] for x in by_file["invalid_utf8.py"]], [MDA, "invalid-character"])
        self.assertEqual(by_file["invalid_utf8.py"][0]["range"]["start"], {"line": 2, "column": 9})
        # A path that is not UTF-8 is still reported (not dropped from the JSON).
        self.assertIn("bad\ufffdname.py", by_file)
        # SARIF stays valid with such paths: URIs are percent-encoded.
        p = run("check", *SELECT, "--format", "sarif", tmp)
        sarif = json.loads(p.stdout)
        uris = [r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
                for r in sarif["runs"][0]["results"]]
        self.assertEqual(len(uris), len(found))
        for u in uris:
            self.assertRegex(u, r"^[A-Za-z0-9\-._~/%]+$")
        self.assertTrue(any(u.endswith("/bad%FFname.py") for u in uris), uris)
        self.assertTrue(any(u.endswith("/name%20with%20spaces%20%C3%A9.py") for u in uris), uris)
        # The text format prints the path as it is.
        p = run("check", *SELECT, os.path.join(tmp, "crlf.py"))
        self.assertTrue(p.out.startswith(os.path.join(tmp, "crlf.py") + ":2:9: warning: "), p.out)


class CheckJson(unittest.TestCase):

    def test_fields(self):
        p = run("check", *SELECT, "--format", "json", "py/pitfalls.py", "py/syntax_error.py", "py/clean.py")
        self.assertEqual(p.returncode, 1)
        found = json.loads(p.stdout)
        self.assertIsInstance(found, list)
        self.assertGreaterEqual(len(found), 4)
        for x in found:
            self.assertEqual(set(x), {"path", "range", "severity", "id", "message"})
            self.assertIn(x["severity"], ("error", "warning", "information", "hint"))
            r = x["range"]
            for end in ("start", "end"):
                self.assertEqual(set(r[end]), {"line", "column"})
                self.assertIsInstance(r[end]["line"], int)
                self.assertGreaterEqual(r[end]["line"], 1)
                self.assertGreaterEqual(r[end]["column"], 1)
            self.assertLessEqual((r["start"]["line"], r["start"]["column"]),
                                 (r["end"]["line"], r["end"]["column"]))
            self.assertTrue(x["message"])
        first = found[0]
        self.assertEqual(first, {"path": "py/pitfalls.py",
                                 "range": {"start": {"line": 2, "column": 24},
                                           "end": {"line": 2, "column": 26}},
                                 "severity": "warning", "id": MDA, "message": summary(MDA)})

    def test_same_findings_as_text(self):
        text = run("check", *SELECT, "py", "tree").out.splitlines()
        js = json.loads(run("check", *SELECT, "--format", "json", "py", "tree").stdout)
        self.assertEqual(len(text), len(js))
        for line, x in zip(text, js):
            m = TEXT_LINE.match(line)
            self.assertEqual((m["path"], int(m["line"]), int(m["col"]), m["severity"], m["message"], m["id"]),
                             (x["path"], x["range"]["start"]["line"], x["range"]["start"]["column"],
                              x["severity"], x["message"], x["id"]))

    def test_clean_is_an_empty_list(self):
        p = run("check", *SELECT, "--format", "json", "py/clean.py")
        self.assertEqual((p.returncode, json.loads(p.stdout)), (0, []))


class CheckSarif(unittest.TestCase):

    def sarif(self, *paths):
        p = run("check", *SELECT, "--format", "sarif", *paths)
        return p, json.loads(p.stdout)

    def test_required_fields(self):
        p, doc = self.sarif("py/pitfalls.py", "py/syntax_error.py", "py/clean.py")
        self.assertEqual(p.returncode, 1)
        self.assertEqual(doc["version"], "2.1.0")
        self.assertIn("sarif", doc.get("$schema", "sarif"))
        self.assertIsInstance(doc["runs"], list)
        self.assertEqual(len(doc["runs"]), 1)
        run0 = doc["runs"][0]
        driver = run0["tool"]["driver"]
        self.assertEqual(driver["name"], "pylore")
        rules = driver.get("rules", [])
        rule_ids = [r["id"] for r in rules]
        self.assertEqual(len(rule_ids), len(set(rule_ids)))
        results = run0["results"]
        self.assertEqual(len(results), 5)
        for r in results:
            self.assertIsInstance(r["message"]["text"], str)
            self.assertTrue(r["message"]["text"])
            self.assertIn(r.get("level", "warning"), ("none", "note", "warning", "error"))
            self.assertIsInstance(r["ruleId"], str)
            if "ruleIndex" in r:
                self.assertEqual(rules[r["ruleIndex"]]["id"], r["ruleId"])
            self.assertGreaterEqual(len(r["locations"]), 1)
            loc = r["locations"][0]["physicalLocation"]
            self.assertIsInstance(loc["artifactLocation"]["uri"], str)
            region = loc["region"]
            self.assertGreaterEqual(region["startLine"], 1)
            self.assertGreaterEqual(region.get("startColumn", 1), 1)
            self.assertGreaterEqual(region.get("endLine", region["startLine"]), region["startLine"])
        # Columns are in code points, and say so.
        self.assertEqual(run0.get("columnKind"), "unicodeCodePoints")
        first = results[0]
        self.assertEqual(first["ruleId"], MDA)
        self.assertEqual(first["level"], "warning")
        self.assertEqual(first["locations"][0]["physicalLocation"]["artifactLocation"]["uri"],
                         "py/pitfalls.py")
        self.assertEqual(first["locations"][0]["physicalLocation"]["region"],
                         {"startLine": 2, "startColumn": 24, "endLine": 2, "endColumn": 26})
        levels = {r["ruleId"]: r["level"] for r in results}
        self.assertEqual(levels[LA], "note")
        self.assertEqual(levels["syntax-error"], "error")

    def test_same_findings_as_json(self):
        _, doc = self.sarif("py", "tree")
        js = json.loads(run("check", *SELECT, "--format", "json", "py", "tree").stdout)
        sar = [(r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"], r["ruleId"],
                r["message"]["text"], r["locations"][0]["physicalLocation"]["region"]["startLine"],
                r["locations"][0]["physicalLocation"]["region"]["startColumn"])
               for r in doc["runs"][0]["results"]]
        self.assertEqual(sar, [(x["path"], x["id"], x["message"], x["range"]["start"]["line"],
                                x["range"]["start"]["column"]) for x in js])

    def test_no_results(self):
        p, doc = self.sarif("py/clean.py")
        self.assertEqual(p.returncode, 0)
        self.assertEqual(doc["runs"][0]["results"], [])


class CheckCache(unittest.TestCase):
    """A second check of unchanged files reads their findings from the cache, which is keyed
    by content and by the notes: the report is the same, and a change is seen."""

    def test_second_run_same_report_and_changes_seen(self):
        with tempfile.TemporaryDirectory() as tmp:
            cache = os.path.join(tmp, "cache")
            src = os.path.join(tmp, "a.py")
            shutil.copyfile(os.path.join(FIXTURES, "py", "pitfalls.py"), src)
            shutil.copyfile(os.path.join(FIXTURES, "py", "syntax_error.py"),
                            os.path.join(tmp, "b.py"))
            env = {"PYLORE_CACHE_DIR": cache}
            first = run("check", "--format", "json", tmp, env=env)
            self.assertEqual(first.returncode, 1, first.err)
            entries = os.listdir(cache)
            self.assertEqual(len(entries), 2, entries)
            second = run("check", "--format", "json", tmp, env=env)
            self.assertEqual(second.out, first.out)
            self.assertEqual(second.returncode, first.returncode)
            # The cache answers: an entry altered by hand is what the second run reports.
            entry = os.path.join(cache, sorted(entries)[0])
            with open(entry, encoding="utf-8") as f:
                saved = f.read()
            with open(entry, "w", encoding="utf-8") as f:
                f.write(" ".join(saved.split("\n")[0].split()[:2]) + " 0\n")
            third = run("check", "--format", "json", tmp, env=env)
            self.assertLess(len(json.loads(third.out)), len(json.loads(first.out)))
            with open(entry, "w", encoding="utf-8") as f:
                f.write(saved)
            # Another selection of notes is another key; so is another text.
            run("check", "--select", "bare-except", tmp, env=env)
            self.assertEqual(len(os.listdir(cache)), 4)
            with open(src, "a", encoding="utf-8") as f:
                f.write("\ntry:\n    pass\nexcept:\n    pass\n")
            fourth = run("check", "--format", "json", "--no-cache", tmp, env=env)
            self.assertEqual(len(os.listdir(cache)), 4)
            fifth = run("check", "--format", "json", tmp, env=env)
            self.assertEqual(fifth.out, fourth.out)
            self.assertGreater(len(json.loads(fifth.out)), len(json.loads(first.out)))


class Explain(unittest.TestCase):

    def test_pitfall_at_a_character_column(self):
        # Column 24 counts characters (CJK and an emoji come before it on the line).
        p = run("explain", "py/pitfalls.py:2:24")
        self.assertEqual(p.returncode, 0, p.err)
        self.assertIn(read_front_matter(MDA)["title"], p.out)
        self.assertIn(summary(MDA), p.out)
        self.assertEqual(run("explain", "py/pitfalls.py:2:25").out, p.out)
        self.assertNotIn(read_front_matter(MDA)["title"], run("explain", "py/pitfalls.py:2:27").out)

    def test_syntax_error_shows_its_note(self):
        # At a syntax error, explain shows the note of that error with the error's message
        # (the note's summary with the line filled in).
        with tempfile.TemporaryDirectory() as tmp:
            path = os.path.join(tmp, "t.py")
            with open(path, "w", encoding="utf-8") as f:
                f.write("for i in range(3):\nprint(i)\n")
            for lang in ("en", "zh"):
                p = run("explain", "--lang", lang, path + ":2:1")
                self.assertEqual(p.returncode, 0, p.err)
                self.assertIn(read_front_matter("expected-indented-block", lang)["title"], p.out)
                self.assertIn("[expected-indented-block]", p.out)
                self.assertNotIn("{line}", p.out)
                self.assertIn("1", p.out.split("\n")[2])

    def test_tie_shows_the_pitfall_first(self):
        p = run("explain", "py/pitfalls.py:6:12")
        self.assertEqual(p.returncode, 0)
        a, b = p.out.find(read_front_matter(LA)["title"]), p.out.find(read_front_matter("lambda")["title"] + "\n")
        self.assertGreaterEqual(a, 0)
        self.assertGreater(b, a)

    def test_innermost(self):
        # `key=lambda n: -n` on line 7: the lambda.
        p = run("explain", "py/pitfalls.py:7:%d" % char_col(os.path.join(PY, "pitfalls.py"), 7, "lambda"))
        self.assertIn(read_front_matter("lambda")["title"], p.out)
        # The yield keyword: the generator note.
        p = run("explain", "py/pitfalls.py:11:5")
        self.assertIn(read_front_matter("generator")["title"], p.out)

    def test_plain_text_not_markdown(self):
        p = run("explain", "py/pitfalls.py:2:24")
        self.assertNotIn("```", p.out)
        self.assertNotIn("**", p.out)

    def test_nothing_there(self):
        p = run("explain", "py/pitfalls.py:1:1")
        self.assertEqual((p.returncode, p.out), (1, ""))
        self.assertIn("nothing to explain", p.err)
        # Past the end of the line or the file: clamped, not an error.
        self.assertIn(run("explain", "py/pitfalls.py:900:900").returncode, (0, 1))

    def test_language(self):
        p = run("explain", "--lang", "zh", "py/pitfalls.py:2:24")
        self.assertIn(read_front_matter(MDA, "zh")["title"], p.out)

    def test_extra_notes(self):
        p = run("explain", "--notes", OVERRIDE, "py/pitfalls.py:6:12")
        self.assertIn("Fixture lambda assignment", p.out)
        p = run("explain", "py/pitfalls.py:6:12", env={"PYLORE_NOTES": OVERRIDE})
        self.assertIn("Fixture lambda assignment", p.out)


class Notes(unittest.TestCase):

    def test_list(self):
        p = run("notes")
        self.assertEqual(p.returncode, 0)
        rows = {}
        for line in p.out.splitlines():
            parts = line.split(None, 2)
            self.assertEqual(len(parts), 3, line)
            rows[parts[0]] = (parts[1], parts[2])
        for note in ("lambda", "generator", "star-args", "decorator", "conditional-expression",
                     MDA, LA):
            fm = read_front_matter(note)
            self.assertEqual(rows[note], (fm["kind"], fm["title"]), note)
        # Every folder of knowledge/ that is a complete note is listed.
        for name in os.listdir(KNOWLEDGE):
            if os.path.exists(os.path.join(KNOWLEDGE, name, "en.md")) and \
                    os.path.exists(os.path.join(KNOWLEDGE, name, "match.scm")):
                self.assertIn(name, rows)

    def test_list_in_chinese(self):
        p = run("notes", "--lang", "zh")
        self.assertIn(read_front_matter("lambda", "zh")["title"], p.out)

    def test_one_note_in_full(self):
        p = run("notes", MDA)
        self.assertEqual(p.returncode, 0)
        self.assertIn(read_front_matter(MDA)["title"], p.out)
        self.assertIn(summary(MDA), p.out)
        with open(os.path.join(KNOWLEDGE, MDA, "en.md"), encoding="utf-8") as f:
            md = f.read()
        # The whole note: every example's first line is there.
        for block in re.findall(r"```python[^\n]*\n(.*?)```", md, re.S):
            self.assertIn(block.strip().splitlines()[0], p.out)
        self.assertGreater(len(p.out), len(run("explain", "py/pitfalls.py:2:24").out))

    def test_with_extra_notes(self):
        p = run("notes", "--notes", EXTRA)
        self.assertRegex(p.out, r"(?m)^print-call +explanation +Fixture print call$")
        self.assertRegex(p.out, r"(?m)^lambda +explanation +Fixture lambda override$")
        self.assertEqual(len(re.findall(r"(?m)^lambda ", p.out)), 1)
        p = run("notes", "--notes", EXTRA, "print-call")
        self.assertIn("FIXTURE-EN-BODY", p.out)
        p = run("notes", "--notes", EXTRA, "--lang", "zh", "print-call")
        self.assertIn("FIXTURE-ZH-BODY", p.out)


class Parse(unittest.TestCase):

    def test_tree(self):
        p = run("parse", "py/info_only.py")
        self.assertEqual(p.returncode, 0)
        lines = p.out.splitlines()
        self.assertTrue(lines[0].startswith("module [1:1-"), lines[0])
        self.assertIn("      right: lambda [2:10-2:25]", lines)
        self.assertTrue(any(l.strip() == "left: identifier [2:1-2:7] `double`" for l in lines), lines)

    def test_broken_and_binary_files(self):
        p = run("parse", "py/syntax_error.py")
        self.assertEqual(p.returncode, 0)
        self.assertTrue("ERROR" in p.out or "MISSING" in p.out)
        tmp = tempfile.mkdtemp(prefix="pylore-parse-")
        self.addCleanup(shutil.rmtree, tmp)
        path = os.path.join(tmp, "bin.py")
        with open(path, "wb") as f:
            f.write(bytes(range(256)) * 50)
        self.assertEqual(run("parse", path).returncode, 0)
        self.assertIn(run("check", path).returncode, (0, 1))
        self.assertIn(run("explain", path + ":1:1").returncode, (0, 1))


class NotesCheck(unittest.TestCase):
    """`pylore notes --check DIR` on a folder with each kind of broken note."""

    BROKEN_KINDS = {
        # folder: (file named in the message, a word of the message)
        "unknown-predicate": ("unknown-predicate/match.scm", "frobnicate"),
        "query-syntax-error": ("query-syntax-error/match.scm", "byte"),
        "unknown-node-type": ("unknown-node-type/match.scm", "byte"),
        "missing-en": ("missing-en/en.md", "missing"),
        "missing-match-scm": ("missing-match-scm/match.scm", "missing"),
        "bad-front-matter": ("bad-front-matter/en.md", "front matter"),
        "unknown-front-matter-key": ("unknown-front-matter-key/en.md", "colour"),
        "bad-example-does-not-fire": ("bad-example-does-not-fire/en.md", "exec"),
        "no-construct-capture": ("no-construct-capture/match.scm", "@construct"),
        "Not_Kebab": ("Not_Kebab", "kebab"),
    }

    def test_whole_folder(self):
        p = run("notes", "--check", BROKEN)
        self.assertNotEqual(p.returncode, 0)
        self.assertEqual(p.out, "")
        lines = p.err.splitlines()
        for folder, (path, word) in self.BROKEN_KINDS.items():
            hits = [l for l in lines if path in l]
            self.assertTrue(hits, "no message names %s:\n%s" % (path, p.err))
            self.assertTrue(any(word in l for l in hits) or word in p.err, (folder, hits))
        self.assertFalse([l for l in lines if "good-note" in l and "summary" not in l], p.err)

    def test_query_syntax_error_gives_the_byte_offset(self):
        p = run("notes", "--check", os.path.join(BROKEN, "query-syntax-error"))
        self.assertEqual(p.returncode, 1)
        with open(os.path.join(BROKEN, "query-syntax-error", "match.scm"), "rb") as f:
            offset = f.read().index(b"]")
        self.assertRegex(p.err, r"query-syntax-error/match\.scm: .*\bbyte %d\b" % offset)

    def test_each_broken_note_alone(self):
        for folder, (path, _) in self.BROKEN_KINDS.items():
            p = run("notes", "--check", os.path.join(BROKEN, folder))
            self.assertNotEqual(p.returncode, 0, (folder, p.err))
            self.assertIn(path.split("/")[0], p.err, folder)

    def test_good_notes_still_load(self):
        p = run("notes", "--check", os.path.join(BROKEN, "good-note"))
        self.assertEqual(p.returncode, 0, p.err)
        # Loaded next to broken ones: the good note is listed, the broken ones are not.
        p = run("notes", "--notes", BROKEN)
        self.assertEqual(p.returncode, 0)
        ids = {l.split()[0] for l in p.out.splitlines()}
        self.assertIn("good-note", ids)
        # A broken example does not stop a note from loading (only --check runs examples).
        self.assertIn("bad-example-does-not-fire", ids)
        for broken in ("unknown-predicate", "query-syntax-error", "unknown-node-type", "missing-en",
                       "missing-match-scm", "bad-front-matter", "unknown-front-matter-key",
                       "no-construct-capture", "Not_Kebab"):
            self.assertNotIn(broken, ids)
        # The problems are reported on stderr, naming the files.
        self.assertIn("unknown-predicate/match.scm", p.err)
        # The good note works in a check: its query runs.
        tmp = tempfile.mkdtemp(prefix="pylore-notes-")
        self.addCleanup(shutil.rmtree, tmp)
        with open(os.path.join(tmp, "g.py"), "w") as f:
            f.write("def g():\n    x = (yield)\n")
        p = run("explain", "--notes", BROKEN, os.path.join(tmp, "g.py") + ":2:10")
        self.assertIn("Fixture good-note", p.out)

    def test_good_fixture_folders_pass(self):
        for d in (EXTRA, OVERRIDE):
            p = run("notes", "--check", d)
            self.assertEqual(p.returncode, 0, p.err)

    def test_missing_folder(self):
        p = run("notes", "--check", os.path.join(FIXTURES, "no-such-folder"))
        self.assertNotEqual(p.returncode, 0)
        self.assertIn("no-such-folder", p.err)


class Misc(unittest.TestCase):

    def test_version_and_help(self):
        p = run("--version")
        self.assertEqual(p.returncode, 0)
        self.assertRegex(p.out, r"^pylore [0-9]+\.[0-9]+\.[0-9]+\n$")
        p = run("--help")
        self.assertEqual(p.returncode, 0)
        for word in ("check", "explain", "notes", "parse", "--format", "--select", "--ignore"):
            self.assertIn(word, p.out)

    def test_serve_is_the_default(self):
        # With no command, pylore speaks LSP on stdin/stdout: EOF right away ends with 1.
        for args in ([], ["serve"], ["--stdio"], ["--log-level", "debug"]):
            p = subprocess.run([binary(), *args], input=b"", capture_output=True, timeout=60 * SCALE)
            self.assertEqual((p.returncode, p.stdout), (1, b""), args)


class ChineseLineBreaks(unittest.TestCase):
    """A line of a Chinese note broken between two CJK characters joins with nothing, in
    the plain text of `pylore notes` and in the Markdown that SARIF carries."""

    CJK = "[\u3000-\u303f\u3400-\u4dbf\u4e00-\u9fff\uff01-\uff60“”‘’]"

    def joins(self):
        """(note id, the two characters before and after each break inside a paragraph)."""
        found = []
        for name in sorted(os.listdir(KNOWLEDGE)):
            path = os.path.join(KNOWLEDGE, name, "zh.md")
            if not os.path.exists(path):
                continue
            with open(path, encoding="utf-8") as f:
                body = f.read().split("\n---\n", 1)[1]
            prose = re.sub(r"```.*?```", "", body, flags=re.S)
            for m in re.finditer("(%s{2})\n(%s{2})" % (self.CJK, self.CJK), prose):
                found.append((name, m.group(1) + m.group(2)))
        return found

    def test_plain_text_and_sarif(self):
        joins = self.joins()
        self.assertTrue(joins, "no Chinese note breaks a line between CJK characters")
        sarif = json.loads(run("check", "--format", "sarif", "--lang", "zh", "py/clean.py").out)
        help_md = {r["id"]: r.get("help", {}).get("markdown", "")
                   for r in sarif["runs"][0]["tool"]["driver"]["rules"]}
        texts = {}
        for name, joined in joins:
            if name not in texts:
                texts[name] = run("notes", name, "--lang", "zh").out
            self.assertIn(joined, texts[name], name)
            self.assertIn(joined, help_md[name], name)


if __name__ == "__main__":
    run_tests()
