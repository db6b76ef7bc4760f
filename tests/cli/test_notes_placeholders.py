#!/usr/bin/env python3
"""The placeholders of the syntax notes' summaries ({line}, {char}, {code}, {ascii}, {what},
{keyword}, {open}, {close}) are filled by syn_check for a diagnostic; wherever a note is shown
without a finding (`pylore notes ID`, a hover through `pylore explain`, the SARIF rules, the
handbook) they must read as generic words, never raw, in English and Chinese. The test first
checks that the notes' sources do hold placeholders, so it can fail."""

import glob
import json
import os
import re
import shutil
import sys
import tempfile
import unittest

sys.path.insert(0, os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "lsp"))
from lspclient import KNOWLEDGE, run_tests  # noqa: E402
from test_cli import run  # noqa: E402

PLACEHOLDER = re.compile(r"\{(line|char|code|ascii|what|keyword|open|close)\}")
LANGS = ("en", "zh")


def note_ids():
    return sorted(d for d in os.listdir(KNOWLEDGE)
                  if os.path.isfile(os.path.join(KNOWLEDGE, d, "en.md")))


class Placeholders(unittest.TestCase):
    def test_sources_hold_placeholders(self):
        holders = set()
        for note in note_ids():
            for lang in LANGS:
                path = os.path.join(KNOWLEDGE, note, lang + ".md")
                if os.path.isfile(path):
                    with open(path, encoding="utf-8") as f:
                        if PLACEHOLDER.search(f.read()):
                            holders.add(note)
        self.assertGreaterEqual(len(holders), 5, holders)

    def test_notes(self):
        ids = note_ids()
        for lang in LANGS:
            with self.subTest(lang=lang):
                p = run("notes", "--lang", lang, *ids)
                self.assertEqual(p.returncode, 0, p.err)
                for note in ids:
                    self.assertIn("(%s)" % note, p.out)
                self.assertIsNone(PLACEHOLDER.search(p.out), PLACEHOLDER.findall(p.out))

    def test_generic_words(self):
        p = run("notes", "fullwidth-punctuation")
        self.assertIn("This character (U+XXXX) is full-width punctuation", p.out)
        p = run("notes", "--lang", "zh", "mismatched-bracket")
        self.assertIn("这个右括号与第 N 行打开的左括号不匹配", p.out)
        p = run("notes", "keyword-as-name")
        self.assertIn("such as keyword_", p.out.replace("`", ""))

    def test_hover_with_a_finding(self):
        # on an error the finding fills the values in (and nothing is left raw)
        tmp = tempfile.mkdtemp(prefix="pylore-ph-")
        self.addCleanup(shutil.rmtree, tmp, True)
        path = os.path.join(tmp, "a.py")
        with open(path, "w", encoding="utf-8") as f:
            f.write("x = [1，2]\n")
        for lang in LANGS:
            p = run("explain", "--lang", lang, path + ":1:7")
            self.assertIn("U+FF0C", p.out)
            self.assertIsNone(PLACEHOLDER.search(p.out), p.out)

    def test_sarif_rules(self):
        tmp = tempfile.mkdtemp(prefix="pylore-ph-")
        self.addCleanup(shutil.rmtree, tmp, True)
        path = os.path.join(tmp, "a.py")
        with open(path, "w", encoding="utf-8") as f:
            f.write("x = 1\n")
        for lang in LANGS:
            p = run("check", "--format", "sarif", "--no-progress", "--lang", lang, path)
            rules = json.loads(p.out)["runs"][0]["tool"]["driver"]["rules"]
            self.assertIn("fullwidth-punctuation", {r["id"] for r in rules})
            for r in rules:
                with self.subTest(rule=r["id"], lang=lang):
                    self.assertIsNone(PLACEHOLDER.search(json.dumps(r, ensure_ascii=False)))

    def test_handbook(self):
        tmp = tempfile.mkdtemp(prefix="pylore-ph-")
        self.addCleanup(shutil.rmtree, tmp, True)
        p = run("notes", "--html", os.path.join(tmp, "site"))
        self.assertEqual(p.returncode, 0, p.err)
        pages = glob.glob(os.path.join(tmp, "site", "*", "*.html"))
        self.assertGreater(len(pages), 40)
        for page in pages:
            with open(page, encoding="utf-8") as f:
                text = f.read()
            with self.subTest(page=os.path.relpath(page, tmp)):
                self.assertIsNone(PLACEHOLDER.search(text))


if __name__ == "__main__":
    run_tests()
