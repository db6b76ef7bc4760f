// Ruff compiled to WebAssembly over a list of files, for bench/ruff_compare.py: reads a
// NUL-separated list of paths on stdin and prints one JSON object per finding and line:
// {"path", "rule", "row", "end_row", "col"}; "rule" is Ruff's rule code ("B006"), or its
// name ("loop-iterator-mutation") in preview mode; "invalid-syntax" (or null) for a syntax
// error, after which Ruff does not lint the file.
// Usage: node bench/ruff/check.js [--timing] RULE... < LIST   (a rule written PREVIEW:CODE
// runs with preview mode on, in a workspace of its own: B909 exists only in preview).
// With --timing (bench/run.sh) it prints instead one line: the files, the findings and the
// time spent in Ruff's check calls alone (reading the files excluded).
"use strict";
const fs = require("fs");
const { Workspace, PositionEncoding } = require("@astral-sh/ruff-wasm-nodejs");

const args = process.argv.slice(2).filter((a) => a !== "--timing");
const timing = args.length !== process.argv.length - 2;
const stable = args.filter((r) => !r.startsWith("PREVIEW:"));
const preview = args.filter((r) => r.startsWith("PREVIEW:")).map((r) => r.slice(8));
const workspaces = [];
if (stable.length) workspaces.push(new Workspace({ lint: { select: stable } }, PositionEncoding.Utf16));
if (preview.length)
  workspaces.push(new Workspace({ lint: { select: preview, preview: true } }, PositionEncoding.Utf16));

const paths = fs.readFileSync(0, "utf8").split("\0").filter((p) => p.length > 0);
const out = [];
let seconds = 0;
let findings = 0;
let files = 0;
for (const path of paths) {
  let text;
  try {
    text = fs.readFileSync(path, "utf8");
  } catch (e) {
    continue;
  }
  files++;
  workspaces.forEach((ws, i) => {
    const t = process.hrtime.bigint();
    const diags = ws.check(text);
    seconds += Number(process.hrtime.bigint() - t) / 1e9;
    for (const d of diags) {
      // Syntax errors are reported by every workspace; keep them once.
      if ((d.code === null || d.code === "invalid-syntax") && i > 0) continue;
      if (timing) {
        if (d.code !== null && d.code !== "invalid-syntax") findings++;
        continue;
      }
      out.push(JSON.stringify({
        path, rule: d.code, row: d.start_location.row, end_row: d.end_location.row,
        col: d.start_location.column,
      }));
    }
  });
}
if (timing) {
  console.log(`ruff-wasm ${Workspace.version()}: ${files} files, ${findings} findings, ${seconds.toFixed(3)} s`);
} else {
  process.stdout.write(out.join("\n") + (out.length ? "\n" : ""));
  process.stderr.write(`ruff-wasm ${Workspace.version()}: ${paths.length} files\n`);
}
