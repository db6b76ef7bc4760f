#!/usr/bin/env python3
"""The out-of-memory policy of server/xalloc.h, kept: no C file of the server, its tests, its
fuzzers or the bench calls malloc, calloc, realloc, reallocarray, strdup or strndup directly
(only xalloc.c, which wraps them). Comments and string literals are blanked out first, so text
that mentions malloc( is not a call. Usage: test_xalloc.py [--root DIR] [--bin IGNORED]."""
import argparse
import pathlib
import re
import sys

# Files still converted by others when this check arrived. The list only shrinks: an entry
# whose file has no direct call left fails the test, so converting a file means deleting its
# line here. It is meant to be empty.
PENDING = {
}

ALLOWED = {"server/xalloc.c"}
GLOBS = ["server/*.c", "server/*.h", "tests/unit/*.c", "tests/unit/*.h", "tests/fuzz/*.c",
         "bench/*.c"]
CALL = re.compile(r"(?<![\w.>])(malloc|calloc|realloc|reallocarray|strdup|strndup)\s*\(")


def blank(text):
    """The text with comments and string/character literals replaced by spaces (newlines
    kept, so line numbers stay)."""
    out = []
    i, n = 0, len(text)
    while i < n:
        c = text[i]
        if text.startswith("/*", i):
            j = text.find("*/", i + 2)
            j = n if j < 0 else j + 2
        elif text.startswith("//", i):
            j = text.find("\n", i)
            j = n if j < 0 else j
        elif c in "\"'":
            j = i + 1
            while j < n and text[j] != c and text[j] != "\n":
                j += 2 if text[j] == "\\" else 1
            j = min(j + 1, n)
        else:
            out.append(c)
            i += 1
            continue
        out.append(re.sub(r"[^\n]", " ", text[i:j]))
        i = j
    return "".join(out)


def direct_calls(path):
    code = blank(path.read_text(encoding="utf-8", errors="replace"))
    return [(code.count("\n", 0, m.start()) + 1, m.group(1)) for m in CALL.finditer(code)]


def self_test():
    """The matcher itself: calls found, mentions and the wrappers not."""
    sample = ('p = malloc(4); q = strdup (s);\n/* malloc(1) */ // calloc(1, 2)\n'
              'x = xmalloc(3); y = "realloc(p, 1)"; z = \'(\'; w = realloc(p, 2);\n'
              's->calloc(1); t.strndup(2);\n')
    got = [m.group(1) for m in CALL.finditer(blank(sample))]
    return got == ["malloc", "strdup", "realloc"], got


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--root", default=str(pathlib.Path(__file__).resolve().parents[2]))
    ap.add_argument("--bin", help="ignored (the runner passes it to every script)")
    root = pathlib.Path(ap.parse_args().root)
    ok, got = self_test()
    if not ok:
        print(f"the matcher is wrong: found {got} in the sample", file=sys.stderr)
        return 1
    failures = []
    files = sorted({p for g in GLOBS for p in root.glob(g)})
    if not files:
        print(f"no source under {root}", file=sys.stderr)
        return 1
    for path in files:
        rel = path.relative_to(root).as_posix()
        if rel in ALLOWED:
            continue
        calls = direct_calls(path)
        if rel in PENDING:
            if not calls:
                failures.append(f"{rel}: no direct allocation left; delete it from PENDING "
                                "in tests/lint/test_xalloc.py")
            continue
        for line, name in calls:
            failures.append(f"{rel}:{line}: {name}() called directly; use x{name}() "
                            "(server/xalloc.h) and drop the NULL check after it")
    for p in sorted(PENDING):
        if not (root / p).exists():
            failures.append(f"{p}: in PENDING but gone; delete it from the list")
    for f in failures:
        print(f, file=sys.stderr)
    print(f"{len(files)} files checked, {len(PENDING)} still pending, "
          f"{len(failures)} problem(s)")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
