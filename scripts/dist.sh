#!/bin/sh
# Packs the static binaries that `make dist` built into dist/:
#   dist/pylore-<version>-linux-<arch>.tar.gz   pylore, README.md, LICENSE, THIRD-PARTY-LICENSES
#   dist/SHA256SUMS
# The archives are reproducible (sorted names, fixed owner and time, gzip without a name).
#   sh scripts/dist.sh VERSION ARCH=BINARY [ARCH=BINARY]...
set -eu
root=$(cd "$(dirname "$0")/.." && pwd)
version=$1
shift
out="$root/dist"
mkdir -p "$out"
# The libraries linked into the binary, by Debian package (their copyright files are the
# licences that must travel with it), and the grammar compiled in.
notices() {
  printf 'pylore links these libraries statically. Their licences follow.\n'
  printf 'The C library is glibc (LGPL-2.1+): its source is Debian 12 package glibc; to relink\n'
  printf 'pylore against another glibc, build it from this repository (make dist).\n'
  for pkg in libjansson-dev libtree-sitter-dev libcmark-dev libc6-dev libgcc-12-dev; do
    f=/usr/share/doc/$pkg/copyright
    [ -f "$f" ] || { echo "dist.sh: $f is missing (apt-get install $pkg)" >&2; exit 1; }
    printf '\n==== %s (Debian package %s) ====\n\n' "${pkg%-dev}" "$pkg"
    cat "$f"
  done
  printf '\n==== tree-sitter-python (the Python grammar, compiled in) ====\n\n'
  cat "$root/grammars/tree-sitter-python/LICENSE"
}
# The date of the last commit, so that the same tree gives the same archive.
epoch=${SOURCE_DATE_EPOCH:-$(git -C "$root" log -1 --format=%ct 2>/dev/null || echo 0)}
stage=$(mktemp -d)
trap 'rm -rf "$stage"' EXIT
names=""
for spec in "$@"; do
  arch=${spec%%=*}
  bin=${spec#*=}
  [ -x "$bin" ] || { echo "dist.sh: $bin is not an executable" >&2; exit 1; }
  name="pylore-$version-linux-$arch"
  mkdir "$stage/$name"
  cp "$bin" "$stage/$name/pylore"
  chmod 755 "$stage/$name/pylore"
  cp "$root/README.md" "$root/LICENSE" "$stage/$name/"
  notices > "$stage/$name/THIRD-PARTY-LICENSES"
  chmod 644 "$stage/$name/README.md" "$stage/$name/LICENSE" "$stage/$name/THIRD-PARTY-LICENSES"
  (cd "$stage" && tar --sort=name --owner=0 --group=0 --numeric-owner --mtime="@$epoch" \
     -cf - "$name") | gzip -9n > "$out/$name.tar.gz"
  names="$names $name.tar.gz"
  echo "dist: dist/$name.tar.gz ($(wc -c < "$bin") bytes unpacked binary)"
done
(cd "$out" && sha256sum $names) > "$out/SHA256SUMS"
echo "dist: dist/SHA256SUMS"
