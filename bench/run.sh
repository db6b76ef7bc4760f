#!/bin/sh
# pylore's benchmark (`make bench`), every figure from the same run, written to
# bench/results.json and drawn by bench/report.py into bench/RESULTS.md and bench/chart.svg:
#  1. batch over the standard library of the machine's python3: tree-sitter's parse alone
#     (1 thread), `pylore check` on 1 and on all threads, Ruff compiled to WebAssembly with
#     the rules matching pylore's pitfalls (1 thread);
#  2. editing test/test_descr.py, with one LSP driver (lsp_bench.py) for pylore and its peers
#     (pyright-langserver from npm, pylsp from Debian): startup, didOpen → diagnostics, a
#     one-character edit → diagnostics, hover, inlay hints, peak RSS with that file and with
#     100 more files open; wall time from the client and CPU time of the server;
#  3. pylore in the process (bench edit / hover / inlay): the server-side cost alone; the
#     inlay-hint latency for 100-line ranges of test_descr.py is printed, not tabulated.
# Usage: bench/run.sh [CORPUS_DIR]
# Environment: PEER_EDITS / PEER_HOVERS (default 40 / 100: pyright takes a second an edit),
# SKIP_PEERS=1 to leave the peers out, SESSIONS_FROM=results.json to take the editing part
# from an earlier run. The peers come from bench/package-lock.json (npm ci)
# and the Debian package python3-pylsp.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
build=${BUILD:-$here/../build}
build=$(cd "$build" && pwd)
corpus=${1:-$(python3 -c 'import sysconfig; print(sysconfig.get_paths()["stdlib"])')}
descr=$corpus/test/test_descr.py
out=$here/results.json
list=$(mktemp)
# Removed at the end, not by an EXIT trap: dash runs that trap in $(...) subshells too.
find "$corpus" -name '*.py' -not -path '*/__pycache__/*' -not -path '*/site-packages/*' | sort > "$list"
files=$(wc -l < "$list")
bytes=$(tr '\n' '\0' < "$list" | xargs -0 cat | wc -c)
echo "corpus: $corpus ($files files, $bytes bytes)"
load=$(cut -d' ' -f1-3 /proc/loadavg)
tr '\n' '\0' < "$list" | xargs -0 cat > /dev/null # warm the page cache

if [ -z "${SKIP_PEERS:-}" ] && [ ! -d "$here/node_modules/pyright" ]; then
  (cd "$here" && npm ci --no-audit --no-fund)
fi

# Best of three runs, wall time and CPU time (user + system of the command and its
# children) each: these machines are shared and noisy, and the minimum is the least
# disturbed run of the same work; the CPU time stays meaningful under load.
best() {
  python3 - "$@" <<'PY'
import os, subprocess, sys, time
walls, cpus = [], []
for _ in range(3):
    before = os.times()
    t = time.perf_counter()
    subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    walls.append(time.perf_counter() - t)
    after = os.times()
    cpus.append(after.children_user - before.children_user + after.children_system - before.children_system)
print("%.3f %.3f" % (min(walls), min(cpus)))
PY
}
parse="" parse_cpu=""
for _ in 1 2 3; do
  line=$(tr '\n' '\0' < "$list" | xargs -0 "$build/bench" parse)
  t=$(echo "$line" | sed -n 's/.*MB, \([0-9.]*\) s,.*/\1/p')
  c=$(echo "$line" | sed -n 's/.*cpu \([0-9.]*\) s.*/\1/p')
  parse=$(awk -v t="$t" -v b="$parse" 'BEGIN { if (b == "" || t < b) b = t; printf "%.3f", b }')
  parse_cpu=$(awk -v t="$c" -v b="$parse_cpu" 'BEGIN { if (b == "" || t < b) b = t; printf "%.3f", b }')
done
set -- $(best sh -c "tr '\n' '\0' < '$list' | xargs -0 '$build/pylore' check --jobs 1 --no-progress --no-cache")
one=$1 one_cpu=$2
set -- $(best sh -c "tr '\n' '\0' < '$list' | xargs -0 '$build/pylore' check --no-progress --no-cache")
all=$1 all_cpu=$2
# A second run over unchanged files, served by the cache the first one filled (1 thread).
PYLORE_CACHE_DIR=$(mktemp -d)
export PYLORE_CACHE_DIR
tr '\n' '\0' < "$list" | xargs -0 "$build/pylore" check --jobs 1 --no-progress > /dev/null 2>&1 || true
set -- $(best sh -c "tr '\n' '\0' < '$list' | xargs -0 '$build/pylore' check --jobs 1 --no-progress")
cached=$1 cached_cpu=$2
rm -rf "$PYLORE_CACHE_DIR"
unset PYLORE_CACHE_DIR
ruff=null ruff_cpu=null
# The rules that match pylore's pitfalls, all in preview mode as in bench/ruff/README.md.
ruff_rules="PREVIEW:B006 PREVIEW:E731 PREVIEW:F632 PREVIEW:E711 PREVIEW:E721 PREVIEW:E722 PREVIEW:B005 PREVIEW:A001 PREVIEW:B023 PREVIEW:ASYNC251"
if [ -z "${SKIP_PEERS:-}" ]; then
  set -- $(best sh -c "tr '\n' '\0' < '$list' | node '$here/ruff/check.js' --timing $ruff_rules")
  ruff=$1 ruff_cpu=$2
fi
echo "parse $parse s, check -j1 $one s, check -j$(nproc) $all s, cached check -j1 $cached s, ruff-wasm $ruff s"

if [ -n "${SESSIONS_FROM:-}" ]; then
  # The editing part of an earlier run (it takes long with the peers): only the batch is new.
  inproc=$(python3 -c 'import json,sys; print(json.dumps(json.load(open(sys.argv[1]))["in_process"]))' "$SESSIONS_FROM")
  sessions=$(python3 -c 'import json,sys; print(",".join(json.dumps(s) for s in json.load(open(sys.argv[1]))["sessions"]))' "$SESSIONS_FROM")
else
# In the process: the server's own work for an edit and a hover (thread CPU time).
  "$build/bench" edit "$descr" 200 > "$list.edit" 2>/dev/null
  "$build/bench" hover "$descr" 500 > "$list.hover" 2>/dev/null
  cat "$list.edit" "$list.hover"
  "$build/bench" inlay "$descr" 2000 2>/dev/null || true
  cpu() { sed -n "s/^$1 (cpu): .*p50=\([0-9.]*\) us .*p99=\([0-9.]*\) us.*/\1 \2/p" "$2"; }
  first=$(sed -n 's/.*first parse [0-9.]* ms (cpu \([0-9.]*\) ms).*/\1/p' "$list.edit")
  opened=$(sed -n 's/^open: parse + first diagnostics: cpu \([0-9.]*\) ms.*/\1/p' "$list.edit")
  set -- $(cpu 'edit+reparse+diagnostics' "$list.edit") $(cpu hover "$list.hover")
  inproc="{\"edit_cpu_p50_us\": $1, \"edit_cpu_p99_us\": $2, \"hover_cpu_p50_us\": $3, \"hover_cpu_p99_us\": $4, \"parse_cpu_ms\": $first, \"open_cpu_ms\": $opened}"
  rm -f "$list.edit" "$list.hover"
  
  # In a session, the same driver for every server.
  sessions=""
  run_lsp() { # name edits hovers command...
    name=$1 edits=$2 hovers=$3
    shift 3
    r=$(python3 "$here/lsp_bench.py" --name "$name" --file "$descr" --edits "$edits" --hovers "$hovers" \
        --many "$corpus" --timeout 300 -- "$@") || r=""
    echo "$r"
    [ -n "$r" ] && sessions="$sessions${sessions:+,}$r"
    return 0
  }
  run_lsp pylore 200 500 "$build/pylore"
  if [ -z "${SKIP_PEERS:-}" ]; then
    run_lsp pyright "${PEER_EDITS:-40}" "${PEER_HOVERS:-100}" "$here/node_modules/.bin/pyright-langserver" --stdio
    if command -v pylsp > /dev/null; then
      run_lsp pylsp "${PEER_EDITS:-40}" "${PEER_HOVERS:-100}" pylsp
    else
      echo "pylsp is not installed (apt-get install python3-pylsp): left out"
    fi
  fi
fi

cat > "$out" <<EOF
{"date": "$(date -u +%Y-%m-%dT%H:%MZ)", "machine": "$(uname -m), $(nproc) cores, $(sed -n 's/^model name[^:]*: //p' /proc/cpuinfo | head -1)",
 "load_before": "$load",
 "corpus": {"dir": "$corpus", "files": $files, "bytes": $bytes},
 "batch": {"parse_s": $parse, "check_1_s": $one, "check_all_s": $all, "check_cached_1_s": $cached, "threads": $(nproc), "ruff_wasm_1_s": $ruff,
           "parse_cpu_s": $parse_cpu, "check_1_cpu_s": $one_cpu, "check_all_cpu_s": $all_cpu, "check_cached_1_cpu_s": $cached_cpu, "ruff_wasm_1_cpu_s": $ruff_cpu},
 "in_process": $inproc,
 "sessions": [$sessions]}
EOF
rm -f "$list"
python3 "$here/report.py" "$out"
