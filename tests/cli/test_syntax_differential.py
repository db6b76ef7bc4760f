#!/usr/bin/env python3
"""Syntax errors against CPython (issue 9): broken variants of real files, judged by the
machine's python3 `compile()`.

Each variant is one file of the corpus (this project's Python fixtures and examples, and
standard-library files of the python3 running the test, found at test time) broken in one
way people break code. For every variant compile() refuses, pylore must report a syntax
error whose first line is CPython's `lineno`; for every unbroken file (which compiles), none.
Variants that once failed are kept as recipes in tests/fixtures/syntax-variants.txt and
checked exactly.

    python3 test_syntax_differential.py --bin build/pylore            # the ctest run
    python3 test_syntax_differential.py --bin build/pylore --measure --seeds 101,102,103 \
        --files 150 --offset 150 [--save DIR]                          # figures, other files
"""

import argparse
import json
import os
import random
import re
import subprocess
import sys
import sysconfig
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
KEPT = os.path.join(ROOT, "tests", "fixtures", "syntax-variants.txt")

# Findings that are syntax errors: the syntax notes, and the Python 2 pitfalls that CPython
# refuses as syntax (they keep their own ids).
PY2_SYNTAX = {"py2-print", "py2-exec", "py2-not-equal"}


def syntax_ids():
    ids = set(PY2_SYNTAX)
    kdir = os.path.join(ROOT, "knowledge")
    for note in os.listdir(kdir):
        en = os.path.join(kdir, note, "en.md")
        if os.path.isfile(en):
            with open(en, encoding="utf-8") as f:
                head = f.read(400)
            if re.search(r"^kind: syntax$", head, re.M):
                ids.add(note)
    # The ids the syntax checks report (server/syntax.c), so that a note missing from
    # knowledge/ does not hide its errors from this test.
    with open(os.path.join(ROOT, "server", "syntax.c"), encoding="utf-8") as f:
        table = f.read().split("const char *const syn_ids[] = {", 1)[1].split("};", 1)[0]
    ids.update(re.findall(r'"([a-z0-9-]+)"', table))
    return ids


HEADER = re.compile(r"^(\s*)(if|elif|else|for|while|def|class|with|try|except|finally)\b.*:\s*$")
FULLWIDTH = {",": "，", ":": "：", "(": "（", ")": "）", ";": "；", ".": "。", "[": "【", "]": "】"}
KEYWORDS = ["class", "def", "for", "if", "import", "pass", "return", "lambda", "in", "is",
            "while", "with", "yield", "global", "del", "not", "raise", "try"]


def code_lines(lines):
    """Indexes of lines that are code (not blank, not comment, not inside a docstring, the
    rough way: lines whose stripped text starts like a statement)."""
    out = []
    in_triple = False
    for i, l in enumerate(lines):
        s = l.strip()
        n = s.count('"""') + s.count("'''")
        if in_triple:
            if n % 2 == 1:
                in_triple = False
            continue
        if n % 2 == 1:
            in_triple = True
            continue
        if s and not s.startswith("#") and n == 0:
            out.append(i)
    return out


def mutate(src, kind, rng):
    """One broken variant of `src`, or None when the mutation does not apply."""
    lines = src.split("\n")
    code = code_lines(lines)
    if not code:
        return None

    def pick(pred):
        cands = [i for i in code if pred(lines[i])]
        return rng.choice(cands) if cands else None

    if kind == "colon":
        i = pick(lambda l: HEADER.match(l) and "#" not in l)
        if i is None:
            return None
        lines[i] = lines[i].rstrip()[:-1]
    elif kind in ("close", "open", "comma", "quote", "fullwidth", "delete-char"):
        chars = {"close": ")]}", "open": "([{", "comma": ",", "quote": "\"'",
                 "fullwidth": ",:();.[]", "delete-char": None}[kind]
        i = pick(lambda l: "#" not in l and (chars is None or any(c in l for c in chars)))
        if i is None:
            return None
        l = lines[i]
        pos = [j for j, c in enumerate(l) if (chars is None and not c.isspace()) or
               (chars is not None and c in chars)]
        j = rng.choice(pos)
        if kind == "fullwidth":
            lines[i] = l[:j] + FULLWIDTH[l[j]] + l[j + 1:]
        else:
            lines[i] = l[:j] + l[j + 1:]
    elif kind == "dedent":
        i = pick(lambda l: l.startswith("    "))
        if i is None:
            return None
        lines[i] = lines[i].lstrip()
    elif kind == "indent":
        i = pick(lambda l: True)
        lines[i] = "    " + lines[i]
    elif kind == "misindent":
        i = pick(lambda l: l.startswith("        "))
        if i is None:
            return None
        lines[i] = lines[i][2:]
    elif kind == "tab":
        i = pick(lambda l: l.startswith("        "))
        if i is None:
            return None
        lines[i] = "\t" + lines[i][8:] if rng.random() < 0.5 else "    \t" + lines[i][8:]
    elif kind == "eq":
        i = pick(lambda l: re.match(r"\s*(if|elif|while) .*==", l))
        if i is None:
            return None
        lines[i] = lines[i].replace("==", "=", 1)
    elif kind == "keyword":
        i = pick(lambda l: re.match(r"\s*[a-z_][a-z_0-9]* = ", l))
        if i is None:
            return None
        lines[i] = re.sub(r"^(\s*)[a-z_][a-z_0-9]*", lambda m: m.group(1) + rng.choice(KEYWORDS),
                          lines[i], count=1)
    elif kind == "print2":
        i = pick(lambda l: re.match(r"\s*print\(.*\)\s*$", l) and "#" not in l)
        if i is None:
            i = pick(lambda l: re.match(r"\s*[a-z_][a-z_0-9]* = ", l))
            if i is None:
                return None
            lines[i] = re.sub(r"^(\s*)", r"\1print ", lines[i], count=1)
        else:
            lines[i] = re.sub(r"print\((.*)\)\s*$", r"print \1", lines[i])
    elif kind == "backtick":
        i = pick(lambda l: re.match(r"\s*[a-z_][a-z_0-9]* = ", l))
        if i is None:
            return None
        lines[i] = lines[i] + " + `x`"
    elif kind == "backslash":
        i = pick(lambda l: "#" not in l)
        lines[i] = lines[i] + " \\ x"
    elif kind == "outside":
        word = rng.choice(["return", "break", "continue", "yield 1", "await x"])
        lines.insert(rng.choice(code[:1] + [len(lines) - 1]), word)
    elif kind == "orphan":
        word = rng.choice(["else:", "elif x:", "except:", "finally:"])
        i = pick(lambda l: not l.startswith((" ", "\t")))
        if i is None:
            return None
        lines.insert(i, word)
        lines.insert(i + 1, "    pass")
    elif kind == "swap":
        i = pick(lambda l: "#" not in l and any(c in l for c in ")]}"))
        if i is None:
            return None
        l = lines[i]
        j = rng.choice([j for j, c in enumerate(l) if c in ")]}"])
        lines[i] = l[:j] + rng.choice([c for c in ")]}" if c != l[j]]) + l[j + 1:]
    elif kind == "empty-body":
        i = pick(lambda l: HEADER.match(l) and "#" not in l)
        if i is None:
            return None
        ind = len(lines[i]) - len(lines[i].lstrip())
        j = i + 1
        while j < len(lines) and (not lines[j].strip() or
                                  len(lines[j]) - len(lines[j].lstrip()) > ind):
            j += 1
        del lines[i + 1:j]
    else:
        raise ValueError(kind)
    out = "\n".join(lines)
    return out if out != src else None


KINDS = ["colon", "close", "open", "comma", "quote", "fullwidth", "delete-char", "dedent",
         "indent", "misindent", "tab", "eq", "keyword", "print2", "backtick", "backslash",
         "outside", "orphan", "swap", "empty-body"]


def cpython_line(src):
    """CPython's lineno for a SyntaxError, 0 when the source compiles, None when the
    verdict is not a syntax error (null bytes, recursion)."""
    try:
        compile(src, "<variant>", "exec", dont_inherit=True)
        return 0
    except SyntaxError as e:
        return e.lineno or 1
    except (ValueError, RecursionError, MemoryError):
        return None


def corpus(count, offset, seed, packages=False):
    files = []
    for d in ("examples", os.path.join("tests", "fixtures", "py")):
        full = os.path.join(ROOT, d)
        for name in sorted(os.listdir(full)):
            if name.endswith(".py"):
                files.append(os.path.join(full, name))
    stdlib = sysconfig.get_paths()["stdlib"]
    cands = []
    if packages:
        # the files of the standard library's packages (email/, asyncio/, …), not its tests
        for top, dirs, names in os.walk(stdlib):
            dirs[:] = sorted(d for d in dirs if d not in ("test", "tests", "site-packages",
                                                          "idle_test", "__pycache__"))
            if top == stdlib:
                continue
            for name in sorted(names):
                p = os.path.join(top, name)
                if name.endswith(".py") and 2000 < os.path.getsize(p) < 60000:
                    cands.append(p)
    else:
        for name in sorted(os.listdir(stdlib)):
            p = os.path.join(stdlib, name)
            if name.endswith(".py") and os.path.isfile(p) and 2000 < os.path.getsize(p) < 60000:
                cands.append(p)
    rng = random.Random(seed)
    rng.shuffle(cands)
    return files, cands[offset:offset + count]


def read(path):
    with open(path, encoding="utf-8") as f:
        return f.read()


def run_pylore(binary, folder, ids):
    p = subprocess.run([binary, "check", "--format", "json", folder], capture_output=True,
                       timeout=1800)
    if p.returncode not in (0, 1):
        raise AssertionError("pylore check failed (%d): %s" % (p.returncode, p.stderr[-2000:]))
    first = {}
    for f in json.loads(p.stdout.decode("utf-8")):
        if f["severity"] != "error" or f["id"] not in ids:
            continue
        name = os.path.basename(f["path"])
        line = f["range"]["start"]["line"]
        if name not in first or line < first[name][0]:
            first[name] = (line, f["id"], f["message"])
    return first


def judge(binary, variants, ids):
    """variants: {name: (source, cpython_line)} → (results, elapsed)"""
    with tempfile.TemporaryDirectory() as tmp:
        for name, (src, _) in variants.items():
            with open(os.path.join(tmp, name), "w", encoding="utf-8") as f:
                f.write(src)
        t0 = time.monotonic()
        first = run_pylore(binary, tmp, ids)
        return first, time.monotonic() - t0


def build_variants(files, seeds, kinds):
    variants, clean = {}, {}
    for path in files:
        src = read(path)
        base = os.path.basename(path)[:-3]
        if os.path.basename(os.path.dirname(path)) not in ("lib", "py", "examples") and \
                not os.path.dirname(path).endswith(("python3.11", "python3.12", "python3.13")):
            base = os.path.basename(os.path.dirname(path)) + "." + base
        if cpython_line(src) != 0:
            continue  # a fixture that is broken on purpose
        clean["clean-%s.py" % base] = (src, 0)
        for seed in seeds:
            for kind in kinds:
                rng = random.Random("%s/%d/%s" % (base, seed, kind))
                out = mutate(src, kind, rng)
                if out is None:
                    continue
                line = cpython_line(out)
                if line is None:
                    continue
                variants["%s-%s-%d.py" % (base, kind, seed)] = (out, line)
    return variants, clean


def score(variants, clean, first):
    refused = {n: v for n, v in variants.items() if v[1] > 0}
    reported = [n for n in refused if n in first]
    on_line = [n for n in refused if n in first and first[n][0] == refused[n][1]]
    false_errors = [n for n, v in list(variants.items()) + list(clean.items())
                    if v[1] == 0 and n in first]
    misses = [n for n in refused if n not in first or first[n][0] != refused[n][1]]
    return refused, reported, on_line, false_errors, misses


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--bin", required=True)
    ap.add_argument("--seeds", default="1,2")
    ap.add_argument("--files", type=int, default=12)
    ap.add_argument("--offset", type=int, default=0)
    ap.add_argument("--measure", action="store_true", help="print figures, do not assert")
    ap.add_argument("--packages", action="store_true",
                    help="take the standard library's package files instead of its modules")
    ap.add_argument("--save", help="write the failing variants to this folder")
    ap.add_argument("--min-reported", type=float, default=0.995)
    ap.add_argument("--min-line", type=float, default=0.97)
    args = ap.parse_args()
    ids = syntax_ids()
    seeds = [int(s) for s in args.seeds.split(",")]
    own, stdlib = corpus(args.files, args.offset, 12345, args.packages)
    if args.packages:
        own = []
    t0 = time.monotonic()
    variants, clean = build_variants(own + stdlib, seeds, KINDS)
    first, elapsed = judge(args.bin, {**variants, **clean}, ids)
    refused, reported, on_line, false_errors, misses = score(variants, clean, first)
    by_kind = {}
    for n in refused:
        kind = n.rsplit("-", 1)[0].split("-", 1)[1] if False else None
        for k in KINDS:
            if "-%s-" % k in n:
                kind = k
        tot, ok = by_kind.get(kind, (0, 0))
        by_kind[kind] = (tot + 1, ok + (n not in misses))
    print("corpus: %d own files + %d stdlib files (%s), seeds %s: %d variants, %d refused by "
          "CPython %s" % (len(own), len(stdlib), sysconfig.get_paths()["stdlib"], seeds,
                          len(variants), len(refused), sys.version.split()[0]))
    print("reported: %d/%d = %.2f%%" % (len(reported), len(refused),
                                        100.0 * len(reported) / max(1, len(refused))))
    print("first error on CPython's line: %d/%d = %.2f%%" % (
        len(on_line), len(refused), 100.0 * len(on_line) / max(1, len(refused))))
    print("false errors on files that compile: %d (of %d)" % (
        len(false_errors), sum(1 for v in list(variants.values()) + list(clean.values())
                               if v[1] == 0)))
    print("per mutation (on CPython's line / refused): " + ", ".join(
        "%s %d/%d" % (k, v[1], v[0]) for k, v in sorted(by_kind.items())))
    print("pylore check over all variants: %.2fs; whole test %.1fs" % (
        elapsed, time.monotonic() - t0))
    for n in sorted(misses)[:40]:
        got = first.get(n)
        print("  MISS %s: CPython line %d, pylore %s" % (n, refused[n][1],
                                                      "%d %s: %s" % got if got else "nothing"))
    for n in sorted(false_errors)[:20]:
        print("  FALSE %s: %s" % (n, first[n]))
    if args.save:
        os.makedirs(args.save, exist_ok=True)
        for n in misses:
            with open(os.path.join(args.save, n), "w", encoding="utf-8") as f:
                f.write(variants[n][0])
    # The kept variants: each must be reported on CPython's line, exactly.
    kept_fail = []
    kept = {}
    stdlib = sysconfig.get_paths()["stdlib"]
    with open(KEPT, encoding="utf-8") as f:
        for line in f:
            if not line.strip() or line.startswith("#"):
                continue
            base, kind, seed = line.split()
            path = os.path.join(stdlib, base + ".py")
            for d in ("examples", os.path.join("tests", "fixtures", "py")):
                if os.path.isfile(os.path.join(ROOT, d, base + ".py")):
                    path = os.path.join(ROOT, d, base + ".py")
            if not os.path.isfile(path):
                continue
            out = mutate(read(path), kind, random.Random("%s/%s/%s" % (base, seed, kind)))
            line_no = cpython_line(out) if out is not None else None
            if line_no:
                kept["%s-%s-%s.py" % (base, kind, seed)] = (out, line_no)
    if kept:
        kfirst, _ = judge(args.bin, kept, ids)
        for n, (src, line) in kept.items():
            got = kfirst.get(n, (0,))[0]
            if got != line:
                kept_fail.append("%s: CPython line %s, pylore %s" % (n, line, kfirst.get(n)))
    print("kept variants: %d, failing %d" % (len(kept), len(kept_fail)))
    for k in kept_fail:
        print("  KEPT " + k)
    if args.measure:
        return 0
    ok = True
    if len(reported) < args.min_reported * len(refused):
        print("FAIL: reported share below %.1f%%" % (100 * args.min_reported))
        ok = False
    if len(on_line) < args.min_line * len(refused):
        print("FAIL: on-line share below %.1f%%" % (100 * args.min_line))
        ok = False
    if false_errors:
        print("FAIL: syntax errors reported in files that compile")
        ok = False
    if kept_fail:
        print("FAIL: kept variants")
        ok = False
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
