#!/bin/sh
# Installs what pylore needs to build and test on Debian 12, and nothing that is already
# there. Idempotent; runs apt-get as root, or through sudo.
set -eu
if [ "$(id -u)" -eq 0 ]; then SUDO=""; else SUDO="sudo"; fi

# Libraries and tools by Debian package name:
# - building, the notes' tests, valgrind;
# - the libFuzzer targets of tests/fuzz (`make test-fuzz`): clang and libclang-rt-14-dev;
# - make dist: the arm64 cross compiler, the arm64 -dev packages (multiarch, for their .a
#   archives) and qemu-user to test the arm64 binary;
# - the editor tests: Emacs with eglot (e2e/emacs-*), and for make test-vscode Chromium (which
#   puppeteer drives), a CJK font (so that its screenshots of Chinese hovers can be read) and
#   libkrb5-dev (code-server's native kerberos module builds against it); Chromium also loads
#   the handbook in tests/cli/test_handbook.py.
pkgs="build-essential cmake pkg-config libjansson-dev libtree-sitter-dev libcmark-dev valgrind
gcc-aarch64-linux-gnu libc6-dev-arm64-cross qemu-user-static
libjansson-dev:arm64 libtree-sitter-dev:arm64 libcmark-dev:arm64
emacs-nox elpa-eglot chromium fonts-wqy-microhei libkrb5-dev
clang libclang-rt-14-dev"
# gevent and greenlet, for Debian's python3: the outputs of the notes' gevent and greenlet
# examples are checked where they can be imported (knowledge/README.md, "Outputs").
pkgs="$pkgs python3-gevent"
# The :arm64 packages come from the arm64 architecture of the same Debian mirror.
arm64=""
case "$(dpkg --print-architecture)" in
  amd64) dpkg --print-foreign-architectures | grep -qx arm64 || arm64="add" ;;
  *) pkgs=$(echo "$pkgs" | tr ' ' '\n' | grep -v -e ':arm64$' -e 'aarch64' -e 'arm64-cross' | tr '\n' ' ') ;;
esac
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
  if [ -n "$arm64" ]; then
    echo "install-deps: dpkg --add-architecture arm64" >&2
    $SUDO dpkg --add-architecture arm64
  fi
  $SUDO env DEBIAN_FRONTEND=noninteractive apt-get update -qq
  $SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $missing
fi
