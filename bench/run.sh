#!/bin/sh
# pylore's benchmarks, all on the same files in one run so the numbers compare:
#  1. parse-only (tree-sitter alone, one thread) vs `pylore check --jobs 1` (parse + every
#     pitfall query + syntax errors) vs `pylore check` on every core;
#  2. hover latency in a document: the three largest files of the corpus, computed in the
#     process (bench hover) and in a session over pipes (hover_session.py);
#  3. typing latency: an edit, an incremental reparse and the diagnostics, in the two largest;
#  4. inlay-hint latency for 100-line ranges, in test/test_descr.py when the corpus has it
#     (the file issue 14 names) and in the largest file of ordinary code.
# Usage: bench/run.sh [CORPUS_DIR]   (default: the standard library of the machine's python3)
set -eu
here=$(cd "$(dirname "$0")" && pwd)
build=${BUILD:-$here/../build}
corpus=${1:-$(python3 -c 'import sysconfig; print(sysconfig.get_paths()["stdlib"])')}
list=$(mktemp)
trap 'rm -f "$list"' EXIT
find "$corpus" -name '*.py' -not -path '*/__pycache__/*' -not -path '*/site-packages/*' | sort > "$list"
echo "corpus: $corpus ($(wc -l < "$list") files, $(cat "$list" | tr '\n' '\0' | xargs -0 cat | wc -c) bytes)"

# Warm the page cache so the first timed run does not pay for the disk.
tr '\n' '\0' < "$list" | xargs -0 cat > /dev/null

# Each timing is the best of three runs: these machines are noisy, and the minimum is the
# least disturbed measurement of the same work.
best() { # best wall time in seconds of a command, over three runs
  b=""
  for _ in 1 2 3; do
    s=$(date +%s.%N); "$@" > /dev/null 2>&1 || true; e=$(date +%s.%N)
    b=$(awk -v a="$s" -v z="$e" -v b="$b" 'BEGIN { t = z - a; if (b == "" || t < b) b = t; printf "%.3f", b }')
  done
  echo "$b"
}
parse_s=""
for _ in 1 2 3; do
  t=$(tr '\n' '\0' < "$list" | xargs -0 "$build/bench" parse | sed -n 's/.*MB, \([0-9.]*\) s,.*/\1/p')
  parse_s=$(awk -v t="$t" -v b="$parse_s" 'BEGIN { if (b == "" || t < b) b = t; printf "%.3f", b }')
done
printf 'parse-only (tree-sitter alone, 1 thread): %.3f s\n' "$parse_s"
one=$(best sh -c "tr '\n' '\0' < '$list' | xargs -0 '$build/pylore' check --jobs 1 --no-progress")
all=$(best sh -c "tr '\n' '\0' < '$list' | xargs -0 '$build/pylore' check --no-progress")
printf 'pylore check, 1 thread:  %.3f s  (%.2fx parse-only)\n' "$one" "$(awk -v a="$one" -v b="$parse_s" 'BEGIN { print a / b }')"
printf 'pylore check, %s threads: %.3f s  (%.2fx parse-only)\n' "$(nproc)" "$all" "$(awk -v a="$all" -v b="$parse_s" 'BEGIN { print a / b }')"
findings=$(tr '\n' '\0' < "$list" | xargs -0 "$build/pylore" check --no-progress 2>/dev/null | wc -l)
echo "findings: $findings"

# The largest files: the first is the largest of the corpus (for CPython, pydoc_data/topics.py,
# one 750 KB dict of strings); the others are large files of ordinary code.
largest=$(tr '\n' '\0' < "$list" | xargs -0 ls -S 2>/dev/null | head -3)
for f in $largest; do
  "$build/bench" hover "$f" 20000
done
for f in $largest; do
  python3 "$here/hover_session.py" "$build/pylore" "$f" 2000
done
"$build/bench" edit "$(echo "$largest" | head -1)" 200
"$build/bench" edit "$(echo "$largest" | sed -n 2p)" 200
descr="$corpus/test/test_descr.py"
[ -f "$descr" ] && "$build/bench" inlay "$descr" 2000
"$build/bench" inlay "$(echo "$largest" | sed -n 2p)" 2000
