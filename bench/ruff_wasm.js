// Ruff compiled to WebAssembly (one thread), over the same files as `pylore check`: reads a
// NUL-separated list of paths on stdin, checks each with the rules that match pylore's
// pitfalls, and prints the time spent checking (reading excluded), the files and findings.
// Usage: tr '\n' '\0' < LIST | node bench/ruff_wasm.js
"use strict";
const fs = require("fs");
const { Workspace, PositionEncoding } = require("@astral-sh/ruff-wasm-nodejs");

const RULES = ["B006", "E731", "F632", "E711", "E721", "E722", "B005", "A001", "B023", "ASYNC251"];

const paths = fs.readFileSync(0, "utf8").split("\0").filter((p) => p.length > 0);
const ws = new Workspace({ lint: { select: RULES, preview: true } }, PositionEncoding.Utf16);
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
  const t = process.hrtime.bigint();
  const diags = ws.check(text);
  seconds += Number(process.hrtime.bigint() - t) / 1e9;
  findings += diags.filter((d) => d.code !== null).length;
  files++;
}
console.log(`ruff-wasm ${Workspace.version()}: ${files} files, ${findings} findings, ${seconds.toFixed(3)} s`);
