#!/usr/bin/env python3
"""Compare pylore's pitfall notes with the Ruff rules that mean (nearly) the same thing.

Runs Ruff compiled to WebAssembly (bench/ruff/check.js; `npm ci` in bench first) and `pylore check
--format json` over the same Python files (default: this machine's standard library, without
site-packages), pairs the findings of each rule with those of its note by file and line, and
prints per note: found by both, by pylore only, by Ruff only. A finding pairs with one of the
other tool on the same start line, or failing that, on a line inside the other's range
(the two tools do not always start a construct on the same line). Files where either tool
reports a syntax error are left out of the comparison and counted.

This is a measurement, not a test: the disagreements have to be read. `--show N` prints N
of each kind per note (file:line and the source line); `--dump FILE` writes all of them as
JSON. What the readings found is in bench/ruff/README.md.

Usage: bench/ruff_compare.py [--pylore build/pylore] [--show N] [--dump FILE] [PATH...]
"""

import argparse
import json
import os
import subprocess
import sys
import sysconfig

HERE = os.path.dirname(os.path.abspath(__file__))

# note id -> (Ruff code, Ruff's rule name as ruff-wasm reports it, preview only)
PAIRS = {
    "mutable-default-argument": ("B006", "mutable-argument-default", False),
    "lambda-assignment": ("E731", "lambda-assignment", False),
    "is-literal": ("F632", "is-literal", False),
    "none-comparison": ("E711", "none-comparison", False),
    "type-comparison": ("E721", "type-comparison", False),
    "bare-except": ("E722", "bare-except", False),
    "strip-multichar": ("B005", "strip-with-multi-characters", False),
    "shadowed-builtin": ("A001", "builtin-variable-shadowing", False),
    "late-binding-closure": ("B023", "function-uses-loop-variable", False),
    "blocking-sleep-in-async": ("ASYNC251", "blocking-sleep-in-async-function", False),
    "assert-tuple": ("F631", "assert-tuple", False),
    "return-in-finally": ("B012", "jump-statement-in-finally", False),
    "comparison-to-bool": ("E712", "true-false-comparison", False),
    "modify-while-iterating": ("B909", "loop-iterator-mutation", True),
}


def python_files(roots):
    files = []
    for root in roots:
        if os.path.isfile(root):
            files.append(os.path.abspath(root))
            continue
        for d, dirs, names in os.walk(root):
            dirs[:] = sorted(x for x in dirs if x not in ("__pycache__", "site-packages"))
            files.extend(os.path.join(d, n) for n in sorted(names) if n.endswith(".py"))
    return files


def run_ruff(files):
    rules = [("PREVIEW:" if preview else "") + code for code, _, preview in PAIRS.values()]
    node_dir = os.path.join(HERE, "ruff")
    # The same pinned Ruff-wasm as the speed benchmark: bench/package-lock.json.
    if not os.path.isdir(os.path.join(HERE, "node_modules", "@astral-sh", "ruff-wasm-nodejs")):
        sys.exit("bench/ruff_compare.py: run `npm ci` in bench first")
    p = subprocess.run(["node", os.path.join(node_dir, "check.js")] + rules,
                       input="\0".join(files), capture_output=True, text=True, check=True)
    sys.stderr.write(p.stderr)
    return [json.loads(line) for line in p.stdout.splitlines() if line.strip()]


def run_pylore(binary, files):
    select = ",".join(list(PAIRS) + ["syntax-error"])
    p = subprocess.run([binary, "check", "--format", "json", "--no-progress", "--select", select]
                       + files, capture_output=True, text=True)
    if p.returncode not in (0, 1):
        sys.exit(f"pylore check failed ({p.returncode}): {p.stderr[:500]}")
    return json.loads(p.stdout)


def pair(ours, theirs):
    """ours, theirs: lists of (start, end). Returns (both, ours_only, theirs_only) as lists
    of (start, end) of the finding that counts (ours for both)."""
    left = list(theirs)
    both, only = [], []
    rest = []
    for f in ours:
        hit = next((t for t in left if t[0] == f[0]), None)
        if hit:
            left.remove(hit)
            both.append(f)
        else:
            rest.append(f)
    for f in rest:
        hit = next((t for t in left if t[0] <= f[0] <= t[1] or f[0] <= t[0] <= f[1]), None)
        if hit:
            left.remove(hit)
            both.append(f)
        else:
            only.append(f)
    return both, only, left


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--pylore", default=os.path.join(HERE, "..", "build", "pylore"))
    ap.add_argument("--show", type=int, default=0, help="print N disagreements of each kind per note")
    ap.add_argument("--dump", help="write every disagreement to this JSON file")
    ap.add_argument("paths", nargs="*")
    args = ap.parse_args()
    roots = args.paths or [sysconfig.get_paths()["stdlib"]]
    files = python_files(roots)

    ruff = run_ruff(files)
    pylore = run_pylore(args.pylore, files)

    broken = {d["path"] for d in ruff if d["rule"] in (None, "invalid-syntax", "syntax-error")}
    broken |= {os.path.abspath(d["path"]) for d in pylore if d["id"] == "syntax-error"}
    # ruff-wasm names a rule by its code ("B006"), or by its name in preview mode
    by_rule = {name: note for note, (_, name, _) in PAIRS.items()}
    by_rule.update({code: note for note, (code, _, _) in PAIRS.items()})
    findings = {}  # (note, path) -> {"pylore": [...], "ruff": [...]}
    for d in ruff:
        if d["rule"] is None or d["path"] in broken or d["rule"] not in by_rule:
            continue
        findings.setdefault((by_rule[d["rule"]], d["path"]), {"pylore": [], "ruff": []})[
            "ruff"].append((d["row"], d["end_row"]))
    for d in pylore:
        path = os.path.abspath(d["path"])
        if d["id"] not in PAIRS or path in broken:
            continue
        r = d["range"]
        findings.setdefault((d["id"], path), {"pylore": [], "ruff": []})["pylore"].append(
            (r["start"]["line"], r["end"]["line"]))

    table = {note: [0, 0, 0] for note in PAIRS}
    disagreements = []
    for (note, path), f in sorted(findings.items()):
        both, ours, theirs = pair(sorted(f["pylore"]), sorted(f["ruff"]))
        t = table[note]
        t[0] += len(both)
        t[1] += len(ours)
        t[2] += len(theirs)
        for kind, items in (("pylore-only", ours), ("ruff-only", theirs)):
            for start, _ in items:
                disagreements.append({"note": note, "rule": PAIRS[note][0], "kind": kind,
                                      "path": path, "line": start})

    print(f"{len(files)} files, {len(broken)} left out (syntax errors in either tool)")
    print(f"{'note':26} {'rule':9} {'both':>5} {'pylore-only':>12} {'ruff-only':>10}")
    for note, (code, _, preview) in PAIRS.items():
        b, o, t = table[note]
        print(f"{note:26} {code + ('*' if preview else ''):9} {b:5} {o:12} {t:10}")
    print("* preview rule")

    if args.show:
        lines_of = {}
        for note in PAIRS:
            for kind in ("pylore-only", "ruff-only"):
                items = [d for d in disagreements if d["note"] == note and d["kind"] == kind]
                if not items:
                    continue
                print(f"\n== {note} ({PAIRS[note][0]}): {kind}, {len(items)}")
                step = max(1, len(items) // args.show)
                for d in items[::step][:args.show]:
                    if d["path"] not in lines_of:
                        with open(d["path"], encoding="utf-8", errors="replace") as fh:
                            lines_of[d["path"]] = fh.read().split("\n")
                    src = lines_of[d["path"]][d["line"] - 1].strip()
                    rel = os.path.relpath(d["path"], roots[0]) if os.path.isdir(roots[0]) else d["path"]
                    print(f"  {rel}:{d['line']}: {src[:100]}")
    if args.dump:
        with open(args.dump, "w", encoding="utf-8") as fh:
            json.dump(disagreements, fh, indent=1)


if __name__ == "__main__":
    main()
