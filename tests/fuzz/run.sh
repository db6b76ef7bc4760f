#!/bin/sh
# Runs one libFuzzer target: first once over each input of tests/fuzz/regressions/<target>/
# (every crash ever found, kept as a test), then for SECONDS on a scratch copy of the seed
# corpus (the committed corpus is never modified). Crash inputs are left in
# ./fuzz-artifacts/; the last line says how many inputs were executed.
# usage: run.sh TARGET_BINARY SEED_DIR SECONDS
set -eu
bin=$1
seeds=$2
seconds=$3
name=$(basename "$bin")
here=$(cd "$(dirname "$0")" && pwd)
regressions="$here/regressions/$name"
# Leaks inside third-party libraries that cannot be fixed here (see the file's comments).
if [ -f "$here/$name.lsan" ]; then
  export LSAN_OPTIONS="suppressions=$here/$name.lsan${LSAN_OPTIONS:+:$LSAN_OPTIONS}"
fi
if [ -d "$regressions" ] && [ -n "$(ls -A "$regressions")" ]; then
  "$bin" -runs=1 "$regressions"/* >/dev/null 2>fuzz-$name-regressions.log || {
    cat fuzz-$name-regressions.log >&2
    echo "$name: a regression input fails again" >&2
    exit 1
  }
fi
# Per-target flags (see the file's comments).
flags=""
if [ -f "$here/$name.options" ]; then
  flags=$(grep -v '^#' "$here/$name.options" | tr '\n' ' ')
fi
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir -p fuzz-artifacts
# -timeout: an input that takes over 10 s is a hang, reported like a crash.
status=0
# shellcheck disable=SC2086 # $flags is a list of options
"$bin" $flags -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2560 -max_len=8192 \
  -print_final_stats=1 -artifact_prefix="fuzz-artifacts/$name-" \
  "$work" "$seeds" >fuzz-$name.log 2>&1 || status=$?
if [ $status -ne 0 ]; then
  tail -n 80 fuzz-$name.log >&2
  echo "$name: the fuzzer found a problem (inputs in $(pwd)/fuzz-artifacts/)" >&2
  exit 1
fi
runs=$(sed -n 's/^stat::number_of_executed_units: *//p' fuzz-$name.log)
echo "$name: ${runs:-?} inputs in ${seconds}s, nothing found"
