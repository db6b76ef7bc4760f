"""Every output a note shows is what Python prints.

For each ```python block of a note (en.md and zh.md) that is followed directly by a ```text
block, the example is run with a Python interpreter and its output (stdout and stderr, in
order) is compared with the text block. The rules and the markers a note may put on the text
block are described in knowledge/README.md ("Outputs"):

- a traceback is reduced to its last line (the exception) unless the note shows the traceback;
- `...` matches any text, also across lines (addresses such as `0x...`, elided lines);
- `text abbreviated`: the note shows some of the lines; each must match a printed line, in
  order, and the others are ignored;
- `text py3.8-3.10`, `text py3.12+`, `text py3.11`: the output is the one of these versions
  of Python; the block is compared only when the interpreter is one of them. Several text
  blocks may follow one example, one per range of versions;
- `text needs=gevent,greenlet`: the example imports these third-party modules; it is
  skipped (and counted as skipped) where the interpreter cannot import them.

Usage: test_outputs.py [--bin PYLORE] [--python PY]... [--note ID]... [--knowledge DIR]
Without --python the interpreter running this script is used. Exit status 1 when an output
differs; every difference is printed, naming the note, the file and the line.
"""

import argparse
import concurrent.futures
import io
import os
import re
import subprocess
import sys
import tempfile
import tokenize

FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})\s*(.*)$")
VERSION = re.compile(r"^py(3\.\d+)(?:(\+)|-(3\.\d+))?$")
TIMEOUT = 60


def parse_blocks(path):
    """The fenced code blocks of a Markdown file: (info, code, first line, blank lines and
    nothing else between it and the previous block)."""
    blocks = []
    with open(path, encoding="utf-8") as f:
        lines = f.read().split("\n")
    i, prose_since_block = 0, True
    while i < len(lines):
        m = FENCE.match(lines[i])
        if not m:
            if lines[i].strip():
                prose_since_block = True
            i += 1
            continue
        fence, info, start = m.group(1), m.group(2).strip(), i + 1
        body = []
        i += 1
        while i < len(lines):
            close = FENCE.match(lines[i])
            if close and close.group(1)[0] == fence[0] and len(close.group(1)) >= len(fence) \
                    and not close.group(2).strip():
                break
            body.append(lines[i])
            i += 1
        blocks.append((info, "\n".join(body) + "\n", start, not prose_since_block))
        prose_since_block = False
        i += 1
    return blocks


def pairs(path):
    """(code, output info words, expected output, line of the output block) for each text
    block that follows a python block, directly or after other text blocks (the outputs of
    other versions)."""
    code = None
    for info, body, line, follows in parse_blocks(path):
        words = info.split()
        if words[:1] == ["python"]:
            code = body
        elif words[:1] == ["text"] and follows and code is not None:
            yield code, words[1:], body, line
        else:
            code = None


def without_comments(code):
    """The code with its comments removed: en.md and zh.md differ only there, so one run
    answers for both."""
    try:
        tokens = tokenize.generate_tokens(io.StringIO(code).readline)
        return tokenize.untokenize((t.type, t.string) for t in tokens if t.type != tokenize.COMMENT)
    except (tokenize.TokenError, SyntaxError, IndentationError):
        return code


def version_of(python):
    out = subprocess.run([python, "-c", "import sys; print('%d.%d' % sys.version_info[:2])"],
                         capture_output=True, text=True, check=True)
    return tuple(int(x) for x in out.stdout.strip().split("."))


def applies(markers, version):
    """Whether an output block with these markers is compared on this Python version."""
    for word in markers:
        m = VERSION.match(word)
        if not m:
            continue
        low = tuple(int(x) for x in m.group(1).split("."))
        if m.group(2):
            high = (99, 99)
        elif m.group(3):
            high = tuple(int(x) for x in m.group(3).split("."))
        else:
            high = low
        if not low <= version <= high:
            return False
    return True


def needs(markers):
    return [m for w in markers if w.startswith("needs=") for m in w[6:].split(",") if m]


_importable = {}


def importable(python, module):
    if (python, module) not in _importable:
        done = subprocess.run([python, "-c", "import " + module], capture_output=True)
        _importable[python, module] = done.returncode == 0
    return _importable[python, module]


def check_markers(markers):
    unknown = [w for w in markers
               if w != "abbreviated" and not VERSION.match(w) and not w.startswith("needs=")]
    return "unknown output marker(s): " + ", ".join(unknown) if unknown else None


def reduce_tracebacks(text):
    """Each traceback (or compile error report) becomes its last line, the exception."""
    out, in_tb = [], False
    for line in text.split("\n"):
        if line.startswith("Traceback (most recent call last):"):
            in_tb = True
            continue
        if line.startswith('  File "'):
            in_tb = True
            continue
        if in_tb and (line.startswith(" ") or not line):
            continue
        in_tb = False
        out.append(line)
    return "\n".join(out)


def normalise(text):
    lines = [line.rstrip() for line in text.split("\n")]
    while lines and not lines[0]:
        lines.pop(0)
    while lines and not lines[-1]:
        lines.pop()
    return lines


def pattern(line_or_text):
    return re.compile("(?s)" + ".*".join(re.escape(part) for part in line_or_text.split("...")))


def matches(expected, actual, abbreviated):
    if not abbreviated:
        return bool(pattern("\n".join(expected)).fullmatch("\n".join(actual)))
    pos = 0
    for want in expected:
        p = pattern(want)
        while pos < len(actual) and not p.fullmatch(actual[pos]):
            pos += 1
        if pos == len(actual):
            return False
        pos += 1
    return True


def run(python, code):
    with tempfile.TemporaryDirectory(prefix="pylore-example-") as tmp:
        script = os.path.join(tmp, "main.py")
        with open(script, "w", encoding="utf-8") as f:
            f.write(code)
        env = dict(os.environ, PYTHONUNBUFFERED="1", PYTHONDONTWRITEBYTECODE="1",
                   PYTHONIOENCODING="utf-8", PYTHONHASHSEED="0")
        for var in ("PYTHONPATH", "PYTHONSTARTUP", "PYTHONWARNINGS"):
            env.pop(var, None)
        try:
            done = subprocess.run([python, script], cwd=tmp, env=env, stdin=subprocess.DEVNULL,
                                  stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                                  timeout=TIMEOUT)
        except subprocess.TimeoutExpired:
            return "(no output: the example ran longer than %d s)" % TIMEOUT
        return done.stdout.decode("utf-8", "replace")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--bin", help="ignored: the examples need Python, not pylore")
    ap.add_argument("--python", action="append", help="interpreter(s) to run the examples with")
    ap.add_argument("--note", action="append", help="only these notes")
    ap.add_argument("--knowledge", default=os.path.join(os.path.dirname(__file__), "..", "..",
                                                        "knowledge"))
    args = ap.parse_args()
    pythons = args.python or [sys.executable]
    root = os.path.normpath(args.knowledge)
    notes = sorted(n for n in os.listdir(root) if os.path.isdir(os.path.join(root, n)))
    if args.note:
        notes = [n for n in notes if n in args.note]

    jobs, failures, skipped, missing, seen = [], [], 0, set(), {}
    for python in pythons:
        version = version_of(python)
        for note in notes:
            for lang in ("en", "zh"):
                path = os.path.join(root, note, lang + ".md")
                if not os.path.exists(path):
                    continue
                for code, markers, expected, line in pairs(path):
                    where = "%s/%s.md:%d (Python %d.%d)" % (note, lang, line, *version)
                    problem = check_markers(markers)
                    if problem:
                        failures.append("%s: %s" % (where, problem))
                    elif not applies(markers, version):
                        skipped += 1
                    elif not all(importable(python, m) for m in needs(markers)):
                        missing.add(", ".join(needs(markers)))
                        skipped += 1
                    else:
                        key = (python, without_comments(code), expected, " ".join(markers))
                        if key in seen:
                            seen[key][4].append(where)
                            continue
                        seen[key] = (python, code, markers, expected, [where])
                        jobs.append(seen[key])
    if not jobs and not failures:
        print("no example with an output found under %s" % root)
        return 1

    def one(job):
        python, code, markers, expected, where = job
        printed = run(python, code)
        want = normalise(expected)
        shows_traceback = any(l.startswith("Traceback") or l.startswith('  File "') for l in want)
        got = normalise(printed if shows_traceback else reduce_tracebacks(printed))
        if matches(want, got, "abbreviated" in markers):
            return None
        return "%s: the output differs\n--- the note shows\n%s\n--- Python printed\n%s\n---" % (
            " and ".join(where), "\n".join(want), "\n".join(got))

    # Many examples sleep or wait: more runs than cores keeps the cores busy.
    with concurrent.futures.ThreadPoolExecutor(max_workers=2 * (os.cpu_count() or 2)) as pool:
        for result in pool.map(one, jobs):
            if result:
                failures.append(result)
    for f in failures:
        print(f)
    print("%d outputs compared (%d runs), %d differ, %d skipped (other Python versions%s)"
          % (sum(len(job[4]) for job in jobs), len(jobs), len(failures), skipped,
             "; modules not installed: " + "; ".join(sorted(missing)) if missing else ""))
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
