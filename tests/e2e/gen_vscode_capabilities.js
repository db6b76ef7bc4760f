#!/usr/bin/env node
'use strict';
// Regenerates fixtures/vscode-client-capabilities.json: the ClientCapabilities that VS Code
// sends through vscode-languageclient (the version in editors/vscode/package-lock.json),
// computed by that library itself. It needs `npm ci` in editors/vscode; the `vscode` module,
// which only exists inside VS Code, is replaced by an inert stand-in.
//
//   node tests/e2e/gen_vscode_capabilities.js > tests/e2e/fixtures/vscode-client-capabilities.json

const Module = require('module');
const path = require('path');

function inert(name) {
  const target = function () {};
  return new Proxy(target, {
    get(t, p) {
      if (p === 'then') return undefined; // not a promise
      if (p === Symbol.toPrimitive) return () => name;
      if (p === Symbol.iterator) return function* () {};
      if (typeof p === 'string' && !Object.prototype.hasOwnProperty.call(t, p)) {
        Object.defineProperty(t, p, { value: inert(`${name}.${p}`), configurable: true });
      }
      return t[p];
    },
    apply: () => inert(`${name}()`),
    construct: () => inert(`new ${name}`),
  });
}

const vscode = inert('vscode');
Object.defineProperty(vscode, 'version', { value: '1.95.0' });
const resolve = Module._resolveFilename;
Module._resolveFilename = function (request, ...rest) {
  return request === 'vscode' ? 'vscode' : resolve.call(this, request, ...rest);
};
require.cache.vscode = { id: 'vscode', filename: 'vscode', loaded: true, exports: vscode };

const extensionDir = path.resolve(__dirname, '..', '..', 'editors', 'vscode');
const { LanguageClient } = require(path.join(extensionDir, 'node_modules', 'vscode-languageclient', 'node'));
const client = new LanguageClient('pylore', 'pylore', { command: 'pylore' },
  { documentSelector: [{ language: 'python' }] });
process.stdout.write(JSON.stringify(client.computeClientCapabilities(), null, 2) + '\n');
