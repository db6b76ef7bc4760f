#!/bin/sh
# Installs the npm packages of the editor integrations and of their end-to-end tests, from
# the committed package-lock.json files (npm ci), where node_modules is missing or older than
# the lockfile. `make test` runs it before the tests, which install nothing themselves.
# Only the npm registry is needed; no editor is downloaded.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
root=$(dirname "$here")
if ! command -v npm >/dev/null 2>&1; then
  echo "editors/setup.sh: npm not found; run make deps (scripts/install-deps.sh)" >&2
  exit 1
fi
for dir in "$here/vscode" "$root/tests/e2e"; do
  stamp="$dir/node_modules/.package-lock.json" # written by npm at the end of an install
  if [ -f "$stamp" ] && [ ! "$dir/package-lock.json" -nt "$stamp" ]; then
    continue
  fi
  echo "editors/setup.sh: npm ci in ${dir#"$root"/}" >&2
  # --ignore-scripts: nothing here needs an install script (the only one, @vscode/vsce-sign's,
  # serves `vsce sign`, which packaging does not use).
  (cd "$dir" && npm ci --ignore-scripts --no-audit --no-fund --loglevel=error)
done
