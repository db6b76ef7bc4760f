#!/bin/sh
# Installs what pylore needs to build and test on Debian 12, and nothing that is already
# there. Idempotent; runs apt-get as root, or through sudo.
set -eu
if [ "$(id -u)" -eq 0 ]; then SUDO=""; else SUDO="sudo"; fi

# Libraries and tools by Debian package name.
pkgs="build-essential cmake pkg-config libjansson-dev libtree-sitter-dev libcmark-dev valgrind"
# gevent and greenlet, for Debian's python3: the outputs of the notes' gevent and greenlet
# examples are checked where they can be imported (knowledge/README.md, "Outputs").
pkgs="$pkgs python3-gevent"
missing=""
for p in $pkgs; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing="$missing $p"
done
# Programs that may come from elsewhere than Debian (a newer Node, pyenv's Python): only
# install Debian's when none is on PATH.
command -v python3 >/dev/null 2>&1 || missing="$missing python3"
command -v node >/dev/null 2>&1 || missing="$missing nodejs"
command -v npm >/dev/null 2>&1 || missing="$missing npm"
command -v nvim >/dev/null 2>&1 || missing="$missing neovim"

if [ -n "$missing" ]; then
  echo "install-deps: installing:$missing" >&2
  $SUDO env DEBIAN_FRONTEND=noninteractive apt-get update -qq
  $SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $missing
fi
