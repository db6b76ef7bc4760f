#!/usr/bin/env python3
"""Every pitfall's summary, which is the diagnostic's message, ends with what to do (issue 10),
in English and in Chinese: the last clause of the summary (after its last top-level `:` or
`;`, in Chinese also `：`, `；`, else after its last `，`) must tell the reader an action, with an
imperative verb ("use", "write", "move"...) or, in Chinese, 请 / 应 / 改用 / 写成... Code in
backticks, quotes and parentheses is not searched for separators. The checker is tested on
summaries that give no remedy, so this test can fail."""

import os
import re
import sys
import unittest

sys.path.insert(0, os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "lsp"))
from lspclient import KNOWLEDGE, read_front_matter, run_tests  # noqa: E402

EN_VERBS = re.compile(
    r"\b(use|write|call|move|bind|build|loop|replace|rename|import|await|wrap|catch|"
    r"define|create|pass|keep|make|add|test|put|copy|schedule|compare|return|raise|close|"
    r"avoid|delete|remove|iterate|convert|drop|omit)\b", re.I)
ZH_MARKERS = re.compile(r"请|应|改用|改成|改为|写成|换成|移到|要写|不要|别再|去掉|删掉|直接")


def summary(note, lang):
    with open(os.path.join(KNOWLEDGE, note, lang + ".md"), encoding="utf-8") as f:
        body = f.read().split("\n---\n", 1)[1].strip()
    return body.split("\n\n", 1)[0].replace("\n", " ")


def top_level(text):
    """The text with code spans, quotes and parentheses blanked out (same length)."""
    out, depth, quote, code = [], 0, None, False
    closers = {"“": "”", "\"": "\"", "「": "」"}
    for ch in text:
        if code:
            code = ch != "`"
            out.append(" ")
        elif quote:
            quote = None if ch == quote else quote
            out.append(" ")
        elif ch == "`":
            code = True
            out.append(" ")
        elif ch in closers:
            quote = closers[ch]
            out.append(" ")
        elif ch in "(（":
            depth += 1
            out.append(" ")
        elif ch in ")）":
            depth = max(0, depth - 1)
            out.append(" ")
        else:
            out.append(" " if depth else ch)
    return "".join(out)


def last_clause(text, lang):
    flat = top_level(text)
    seps = ":;" if lang == "en" else ":;：；"
    at = max(flat.rfind(c) for c in seps)
    if at < 0 and lang == "zh":
        at = flat.rfind("，")
    return flat[at + 1:] if at >= 0 else flat


def gives_remedy(text, lang):
    clause = last_clause(text, lang)  # code, quotes and parentheses blanked: words only
    return bool((EN_VERBS if lang == "en" else ZH_MARKERS).search(clause))


class Remedy(unittest.TestCase):
    def test_checker_rejects_summaries_without_a_remedy(self):
        self.assertFalse(gives_remedy(
            "This default value is created once and shared by the calls that rely on it.", "en"))
        self.assertFalse(gives_remedy(
            "Use `def`: a `def` gives the function its real name in tracebacks.", "en"))
        self.assertFalse(gives_remedy("运行到这一行时会抛出 `NameError`。", "zh"))
        self.assertFalse(gives_remedy("请改用 `def`：这样回溯信息里显示真正的名字。", "zh"))
        self.assertTrue(gives_remedy("It fails (see: `a: b`): use `x`.", "en"))
        self.assertTrue(gives_remedy("会卡住事件循环，应改用 `await asyncio.sleep()`。", "zh"))

    def test_every_pitfall_summary_ends_with_a_remedy(self):
        pitfalls = [n for n in sorted(os.listdir(KNOWLEDGE))
                    if os.path.isdir(os.path.join(KNOWLEDGE, n))
                    and read_front_matter(n).get("kind") == "pitfall"]
        self.assertGreater(len(pitfalls), 10)
        for note in pitfalls:
            for lang in ("en", "zh"):
                with self.subTest(note=note, lang=lang):
                    text = summary(note, lang)
                    self.assertTrue(gives_remedy(text, lang),
                                    "the summary does not end with what to do: %s" % text)


if __name__ == "__main__":
    run_tests()
