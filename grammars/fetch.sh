#!/bin/sh
# Fetch tree-sitter-python from the npm registry, check it against the published
# integrity string, and unpack it into grammars/tree-sitter-python/.
# Usage: fetch.sh DEST_DIR  (idempotent: does nothing when DEST_DIR/src/parser.c exists
# and matches the pinned version).
set -eu
here=$(cd "$(dirname "$0")" && pwd)
. "$here/grammar.env"
dest=${1:-$here/tree-sitter-python}
stamp="$dest/.pylore-version"
if [ -f "$dest/src/parser.c" ] && [ "$(cat "$stamp" 2>/dev/null)" = "$GRAMMAR_VERSION" ]; then
  exit 0
fi
command -v npm >/dev/null 2>&1 || { echo "fetch.sh: npm is required to fetch the grammar (apt-get install npm)" >&2; exit 1; }
command -v node >/dev/null 2>&1 || { echo "fetch.sh: node is required to check the grammar's integrity" >&2; exit 1; }
cache="$here/.cache"
mkdir -p "$cache"
tgz="$cache/$GRAMMAR_PACKAGE-$GRAMMAR_VERSION.tgz"
if [ ! -f "$tgz" ]; then
  echo "fetch.sh: npm pack $GRAMMAR_PACKAGE@$GRAMMAR_VERSION" >&2
  (cd "$cache" && npm pack --silent "$GRAMMAR_PACKAGE@$GRAMMAR_VERSION" >/dev/null)
fi
got=$(node -e 'const c=require("crypto"),f=require("fs");process.stdout.write("sha512-"+c.createHash("sha512").update(f.readFileSync(process.argv[1])).digest("base64"))' "$tgz")
if [ "$got" != "$GRAMMAR_INTEGRITY" ]; then
  echo "fetch.sh: integrity mismatch for $tgz" >&2
  echo "  expected $GRAMMAR_INTEGRITY" >&2
  echo "  got      $got" >&2
  rm -f "$tgz"
  exit 1
fi
tmp="$dest.tmp.$$"
rm -rf "$tmp"
mkdir -p "$tmp"
tar -xzf "$tgz" -C "$tmp"
rm -rf "$dest"
mkdir -p "$dest"
# Keep only what the build and query authors need.
cp -R "$tmp/package/src" "$dest/src"
cp "$tmp/package/LICENSE" "$tmp/package/package.json" "$dest/"
[ -d "$tmp/package/queries" ] && cp -R "$tmp/package/queries" "$dest/queries"
rm -rf "$tmp"
echo "$GRAMMAR_VERSION" > "$stamp"
echo "fetch.sh: $GRAMMAR_PACKAGE $GRAMMAR_VERSION ready in $dest" >&2
