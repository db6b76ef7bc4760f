#!/usr/bin/env python3
"""`pylore check --fix` and `--diff` (issue 10): every fix of tests/fixtures/fixcases.py
through the command line (the fixed text compiles with CPython, the finding is gone, a second
run changes nothing), safe vs --unsafe-fixes, --select, --diff (a unified diff that patches
the file into the fixed one, exit 1, nothing written), atomic writes keeping the mode, a fix
refused when its result would not parse, and --fix over a sample of the machine's standard
library: every file that compiled still compiles, the fixed findings are gone, a second run
changes nothing."""

import json
import os
import re
import shutil
import stat
import sys
import sysconfig
import tempfile
import unittest

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(os.path.dirname(HERE), "lsp"))
sys.path.insert(0, os.path.join(os.path.dirname(HERE), "fixtures"))
from fixcases import CASES, SYNTAX_FIXES  # noqa: E402
from lspclient import KNOWLEDGE, SCALE, read_front_matter, run_tests  # noqa: E402
from test_cli import run  # noqa: E402

HUNK = re.compile(r"^@@ -(\d+)(?:,(\d+))? \+(\d+)(?:,(\d+))? @@")


def apply_unified(old, diff):
    """Applies a unified diff (one file) to old (str); fails on any mismatch."""
    lines = old.splitlines(keepends=True)
    out, at = [], 0
    dl = diff.splitlines(keepends=True)
    assert dl[0].startswith("--- ") and dl[1].startswith("+++ "), diff
    i = 2
    while i < len(dl):
        m = HUNK.match(dl[i])
        assert m, "not a hunk header: %r" % dl[i]
        start = int(m.group(1)) - (1 if (m.group(2) or "1") != "0" else 0)
        out.extend(lines[at:start])
        at = start
        i += 1
        while i < len(dl) and not dl[i].startswith("@@"):
            tag, text = dl[i][0], dl[i][1:]
            if i + 1 < len(dl) and dl[i + 1].startswith("\\ No newline"):
                text = text[:-1]
                skip = 2
            else:
                skip = 1
            if tag in " -":
                assert lines[at] == text, "context mismatch at line %d: %r != %r" % (
                    at + 1, lines[at], text)
                at += 1
            if tag in " +":
                out.append(text)
            i += skip
    out.extend(lines[at:])
    return "".join(out)


def write(path, text, mode=None):
    with open(path, "w", encoding="utf-8", newline="") as f:
        f.write(text)
    if mode is not None:
        os.chmod(path, mode)


def read(path):
    with open(path, encoding="utf-8", newline="") as f:
        return f.read()


class FixTable(unittest.TestCase):
    def setUp(self):
        self.dir = tempfile.mkdtemp(prefix="pylore-fix-")

    def tearDown(self):
        shutil.rmtree(self.dir, ignore_errors=True)

    def test_every_case(self):
        ids = {c[0] for c in CASES}
        for note in os.listdir(KNOWLEDGE):
            fm = read_front_matter(note) if os.path.isdir(os.path.join(KNOWLEDGE, note)) else {}
            if fm.get("fix"):
                self.assertIn(note, ids, "note %s offers a fix but has no before/after case" % note)
        # One file per case, checked and fixed in one run (each case shows only its note).
        paths = []
        for n, (note, before, after) in enumerate(CASES):
            paths.append(os.path.join(self.dir, "case%02d.py" % n))
            write(paths[-1], before)
        def by_file():
            out = {}
            p = run("check", "--format", "json", "--no-progress", self.dir)
            for f in json.loads(p.out):
                out.setdefault(f["path"], []).append(f["id"])
            return out
        found = by_file()
        p = run("check", "--fix", "--unsafe-fixes", "--no-progress", self.dir)
        self.assertNotEqual(p.returncode, 2, p.err)
        left = by_file()
        again = run("check", "--fix", "--unsafe-fixes", "--no-progress", self.dir)
        for n, (note, before, after) in enumerate(CASES):
            path = paths[n]
            with self.subTest(case=n, note=note, before=before):
                self.assertEqual(set(found.get(path, [])), {note},
                                 "the case must show its pitfall, and only that one")
                got = read(path)
                if after is None:
                    self.assertEqual(got, before)
                    self.assertNotIn(path + ": fixed", p.out)
                    continue
                self.assertEqual(got, after)
                fixed = re.search(r"^%s: fixed (\d+) × %s$" % (re.escape(path), re.escape(note)),
                                  p.out, re.M)
                self.assertTrue(fixed, p.out)
                if note in SYNTAX_FIXES:
                    # a syntax error after the first one on a line is reported once that one
                    # is fixed (CPython's order), and fixed in the next round
                    self.assertGreaterEqual(int(fixed.group(1)), len(found[path]))
                else:
                    self.assertEqual(int(fixed.group(1)), len(found[path]))
                compile(after, path, "exec")  # CPython is the reference
                self.assertNotIn(note, left.get(path, []))
                self.assertNotIn(path + ": fixed", again.out)

    def test_safe_only_by_default(self):
        path = os.path.join(self.dir, "mixed.py")
        src = "def f(x=[]):\n    print x\n"
        write(path, src)
        self.assertEqual(read_front_matter("mutable-default-argument")["fix"].split(":")[0],
                         "unsafe")
        run("check", "--fix", "--no-progress", path)
        self.assertEqual(read(path), "def f(x=[]):\n    print(x)\n")
        run("check", "--fix", "--unsafe-fixes", "--no-progress", path)
        self.assertEqual(read(path), "def f(x=None):\n    if x is None:\n        x = []\n"
                                     "    print(x)\n")

    def test_select(self):
        path = os.path.join(self.dir, "sel.py")
        write(path, "print x\nif a <> b: pass\n")
        run("check", "--fix", "--select", "py2-not-equal", "--no-progress", path)
        self.assertEqual(read(path), "print x\nif a != b: pass\n")

    def test_overlapping_fixes_take_two_rounds(self):
        path = os.path.join(self.dir, "nested.py")
        write(path, "print a <> b, xrange(2)\n")
        run("check", "--fix", "--no-progress", path)
        self.assertEqual(read(path), "print(a != b, range(2))\n")

    def test_diff(self):
        before = "import sys\n" + "x = 1\n" * 10 + "print >>sys.stderr, 'a'\n" + \
            "y = 2\n" * 10 + "if a <> b: pass"  # no newline at the end
        path = os.path.join(self.dir, "d.py")
        write(path, before)
        p = run("check", "--diff", "--no-progress", path)
        self.assertEqual(p.returncode, 1, p.err)
        self.assertEqual(read(path), before, "--diff must not write")
        fixed = apply_unified(before, p.out)
        self.assertEqual(fixed, before.replace("print >>sys.stderr, 'a'",
                                               "print('a', file=sys.stderr)")
                         .replace("<>", "!="))
        self.assertEqual(p.out.count("@@"), 4, p.out)  # two hunks: the changes are far apart
        write(path, fixed)
        p = run("check", "--diff", "--no-progress", path)
        self.assertEqual((p.returncode, p.out), (0, ""))

    def test_mode_kept_and_written_atomically(self):
        path = os.path.join(self.dir, "m.py")
        write(path, "print 1\n", mode=0o640)
        inode = os.stat(path).st_ino
        run("check", "--fix", "--no-progress", path)
        self.assertEqual(read(path), "print(1)\n")
        st = os.stat(path)
        self.assertEqual(stat.S_IMODE(st.st_mode), 0o640)
        self.assertNotEqual(st.st_ino, inode, "not replaced by rename")
        self.assertEqual(sorted(os.listdir(self.dir)), ["m.py"], "a temporary file was left")
        # through a symbolic link: the target changes, the link stays a link
        os.symlink("m.py", os.path.join(self.dir, "link.py"))
        write(path, "print 2\n")
        run("check", "--fix", "--no-progress", os.path.join(self.dir, "link.py"))
        self.assertTrue(os.path.islink(os.path.join(self.dir, "link.py")))
        self.assertEqual(read(path), "print(2)\n")

    def test_refuses_text_that_would_not_parse(self):
        # A team's note that replaces bare-except but flags every `except`: its fix would
        # write `except Exception ValueError:`.
        notes = os.path.join(self.dir, "notes", "bare-except")
        os.makedirs(notes)
        shutil.copy(os.path.join(KNOWLEDGE, "bare-except", "en.md"), notes)
        with open(os.path.join(notes, "match.scm"), "w") as f:
            f.write('(except_clause "except" @construct)\n')
        path = os.path.join(self.dir, "r.py")
        src = "try:\n    pass\nexcept ValueError:\n    pass\n"
        write(path, src)
        p = run("check", "--fix", "--unsafe-fixes", "--notes", os.path.join(self.dir, "notes"),
                "--select", "bare-except", "--no-progress", path)
        self.assertEqual(read(path), src)
        self.assertIn("%s: not fixed: the fixed text would not parse" % path, p.err)


def stdlib_sample(step):
    root = sysconfig.get_paths()["stdlib"]
    files = []
    for d, dirs, names in os.walk(root):
        dirs[:] = sorted(x for x in dirs if x not in ("site-packages", "dist-packages",
                                                       "__pycache__"))
        files.extend(os.path.join(d, n) for n in sorted(names) if n.endswith(".py"))
    return root, files[::step]


class FixStdlib(unittest.TestCase):
    """--fix --unsafe-fixes over every 8th file of the standard library (every 24th in a
    sanitizer build; PYLORE_STDLIB_STEP=1: all of it; the counts are printed)."""

    def test_stdlib(self):
        step = int(os.environ.get("PYLORE_STDLIB_STEP", "24" if SCALE > 1 else "8"))
        root, files = stdlib_sample(step)
        self.assertGreater(len(files), 20, root)
        tmp = tempfile.mkdtemp(prefix="pylore-stdlib-")
        try:
            compiled = set()
            for i, src in enumerate(files):
                dst = os.path.join(tmp, "%04d_%s" % (i, os.path.basename(src)))
                shutil.copy(src, dst)
                try:
                    with open(dst, "rb") as f:
                        compile(f.read(), dst, "exec")
                    compiled.add(dst)
                except (SyntaxError, ValueError):
                    pass
            fixable = {c[0] for c in CASES if c[2] is not None}
            before = json.loads(run("check", "--format", "json", "--no-progress", tmp).out)
            p = run("check", "--fix", "--unsafe-fixes", "--no-progress", tmp)
            changed = [line.split(": fixed ")[0] for line in p.out.splitlines()
                       if ": fixed " in line]
            after = json.loads(run("check", "--format", "json", "--no-progress", tmp).out)
            for path in sorted(compiled):
                with open(path, "rb") as f:
                    compile(f.read(), path, "exec")
            count = {}
            for f in before:
                count.setdefault(f["id"], [0, 0])[0] += 1
            for f in after:
                count.setdefault(f["id"], [0, 0])[1] += 1
            fixed_total = sum(b - a for k, (b, a) in count.items() if k in fixable)
            print("\nstdlib %s, every %d. file: %d files, %d changed, findings before -> after:"
                  % (root, step, len(files), len(changed), ), file=sys.stderr)
            for k in sorted(count):
                print("  %-26s %4d -> %4d" % (k, *count[k]), file=sys.stderr)
            self.assertGreaterEqual(fixed_total, 5)
            for k, (b, a) in count.items():
                self.assertLessEqual(a, b, k)  # no fix adds a finding
            # what a fix removed is gone, only what it could not fix is left
            for k in ("bare-except", "py2-print", "py2-exec", "py2-not-equal", "is-literal",
                      "none-comparison"):
                self.assertEqual(count.get(k, [0, 0])[1], 0, k)
            again = run("check", "--fix", "--unsafe-fixes", "--no-progress", tmp)
            self.assertNotIn(": fixed ", again.out)
            diff = run("check", "--diff", "--unsafe-fixes", "--no-progress", tmp)
            self.assertEqual((diff.returncode, diff.out), (0, ""))
        finally:
            shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    run_tests()
