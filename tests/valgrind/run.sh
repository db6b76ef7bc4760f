#!/bin/sh
# Runs the CLI and one LSP session under valgrind's memcheck: any invalid access or leak
# (definite, indirect or possible) makes valgrind exit 99 and the test fail.
# Usage: run.sh PYLORE_BINARY
set -eu
bin=$1
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cat > "$tmp/pylore" <<WRAP
#!/bin/sh
exec valgrind -q --leak-check=full --show-leak-kinds=definite,indirect,possible \
  --errors-for-leak-kinds=definite,indirect,possible --error-exitcode=99 "$bin" "\$@"
WRAP
chmod +x "$tmp/pylore"
status=0
"$tmp/pylore" check "$root/examples" > /dev/null || status=$?
[ "$status" -le 1 ] || { echo "valgrind: pylore check exited $status" >&2; exit 1; }
# --diff and --fix (every fix, several rounds) on a copy of the examples
cp -r "$root/examples" "$tmp/fixed"
status=0
"$tmp/pylore" check --diff --unsafe-fixes "$tmp/fixed" > /dev/null || status=$?
[ "$status" -le 1 ] || { echo "valgrind: pylore check --diff exited $status" >&2; exit 1; }
status=0
"$tmp/pylore" check --fix --unsafe-fixes "$tmp/fixed" > /dev/null || status=$?
[ "$status" -le 1 ] || { echo "valgrind: pylore check --fix exited $status" >&2; exit 1; }
"$tmp/pylore" notes --html "$tmp/handbook" > /dev/null
"$tmp/pylore" explain "$root/examples/pitfalls.py:4:12" > /dev/null
"$tmp/pylore" notes lambda --lang zh > /dev/null
PYLORE_BIN="$tmp/pylore" PYLORE_TEST_TIMEOUT_SCALE=20 python3 "$here/session.py"
