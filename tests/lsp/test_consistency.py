#!/usr/bin/env python3
"""The CLI and the server report the same findings for the same file. Both take them from
one pipeline (server/findings.c), so what this checks is the two renderings of it:
`pylore check --format json` against the diagnostics the server publishes, positions
converted (server: 0-based, UTF-16 or UTF-8 units; CLI: 1-based, characters), severities and
ids, on files with pitfalls, syntax errors and non-ASCII text."""

import glob
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from lspclient import (FIXTURES, KNOWLEDGE, SCALE, SOURCE_DIR, ServerTestCase, binary,  # noqa: E402
                       run_tests)

SEVERITY = {1: "error", 2: "warning", 3: "information", 4: "hint"}


def lsp_lines(text):
    """The lines of a text as LSP counts them (\\n, \\r\\n and \\r end a line)."""
    return re.split(r"\r\n|\r|\n", text)


def to_chars(line_text, units, encoding):
    """A column in `encoding` units → the number of characters before it."""
    if encoding == "utf-16":
        data = line_text.encode("utf-16-le")[:units * 2]
        return len(data.decode("utf-16-le", "ignore"))
    data = line_text.encode("utf-8")[:units]
    return len(data.decode("utf-8", "ignore"))


def corpus(tmp):
    """Test files: the fixtures, the shipped examples, and every Python example of every
    note (each in its own file)."""
    files = sorted(glob.glob(os.path.join(FIXTURES, "py", "*.py")))
    files += sorted(glob.glob(os.path.join(FIXTURES, "tree", "**", "*.py"), recursive=True))
    files += sorted(glob.glob(os.path.join(SOURCE_DIR, "examples", "**", "*.py"), recursive=True))
    for md in sorted(glob.glob(os.path.join(KNOWLEDGE, "*", "en.md"))):
        note = os.path.basename(os.path.dirname(md))
        with open(md, encoding="utf-8") as f:
            blocks = re.findall(r"```python[^\n]*\n(.*?)```", f.read(), re.S)
        for i, code in enumerate(blocks):
            path = os.path.join(tmp, "%s-%d.py" % (note, i))
            with open(path, "w", encoding="utf-8") as f:
                f.write(code)
            files.append(path)
    # One file with everything at once, CRLF line ends and wide characters.
    mixed = os.path.join(tmp, "mixed.py")
    with open(mixed, "w", encoding="utf-8", newline="") as f:
        f.write("# 混合 😀\r\ndef 関数(s='😀', a=[]):\r\n    return (lambda: a)\r\n"
                "sq = lambda x: x\r\ndef g(:\r\n    yield 1\r\nx = [1, 2")
    files.append(mixed)
    return files


class CliAndServerAgree(ServerTestCase):
    encoding = "utf-16"

    @property
    def capabilities(self):
        return {"general": {"positionEncodings": [self.encoding]}}

    def setUp(self):
        super().setUp()
        self.tmp = tempfile.mkdtemp(prefix="pylore-consistency-")
        self.addCleanup(shutil.rmtree, self.tmp)

    def test_same_findings(self):
        files = corpus(self.tmp)
        self.assertGreater(len(files), 10)
        env = dict(os.environ, LANG="C.UTF-8")
        env.pop("PYLORE_NOTES", None)
        p = subprocess.run([binary(), "check", "--format", "json", *files], capture_output=True,
                           env=env, timeout=120 * SCALE)
        self.assertIn(p.returncode, (0, 1), p.stderr.decode())
        cli = {}
        for x in json.loads(p.stdout):
            r = x["range"]
            cli.setdefault(x["path"], []).append(
                (x["id"], x["severity"], x["message"], r["start"]["line"], r["start"]["column"],
                 r["end"]["line"], r["end"]["column"]))
        total = 0
        for i, path in enumerate(files):
            with open(path, encoding="utf-8", newline="") as f:
                text = f.read()
            uri = "file://" + path
            diags = self.client.open(uri, text, version=i + 1)
            lines = lsp_lines(text)
            server = []
            for d in diags:
                s, e = d["range"]["start"], d["range"]["end"]
                server.append((d["code"], SEVERITY[d["severity"]], d["message"], s["line"] + 1,
                               to_chars(lines[s["line"]], s["character"], self.encoding) + 1,
                               e["line"] + 1,
                               to_chars(lines[e["line"]], e["character"], self.encoding) + 1))
            self.assertEqual(sorted(server), sorted(cli.get(path, [])), path)
            total += len(server)
            self.client.notify("textDocument/didClose", {"textDocument": {"uri": uri}})
            self.client.diagnostics(uri)
        # The corpus holds findings of both kinds (so the comparison compared something).
        self.assertGreater(total, 10)
        kinds = {f[0] for fs in cli.values() for f in fs}
        self.assertIn("syntax-error", kinds)
        self.assertIn("mutable-default-argument", kinds)


class CliAndServerAgreeUtf8(CliAndServerAgree):
    encoding = "utf-8"


if __name__ == "__main__":
    run_tests()
