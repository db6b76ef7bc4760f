'use strict';
// The VS Code package: `npm run package` in editors/vscode builds a .vsix with @vscode/vsce
// that bundles the server ($PYLORE_BIN). Checks its file list (read with the small zip reader
// below, so no unzip is needed), that the bundled server is that binary and executable, and
// that the packaged extension loads with the files it carries.
//
//   PYLORE_BIN=build/pylore node --test tests/e2e/vsix.test.js

const test = require('node:test');
const assert = require('node:assert/strict');
const fs = require('fs');
const os = require('os');
const path = require('path');
const zlib = require('zlib');
const crypto = require('crypto');
const { spawnSync } = require('child_process');

const ROOT = path.resolve(__dirname, '..', '..');
const EXT_DIR = path.join(ROOT, 'editors', 'vscode');
const BIN = process.env.PYLORE_BIN;

// ---- a tiny zip reader: the central directory, and stored or deflated entries ----

function readZip(file) {
  const buf = fs.readFileSync(file);
  let eocd = -1;
  for (let i = buf.length - 22; i >= Math.max(0, buf.length - 22 - 0xffff); i--) {
    if (buf.readUInt32LE(i) === 0x06054b50) {
      eocd = i;
      break;
    }
  }
  assert.ok(eocd >= 0, `${file} is not a zip file (no end of central directory)`);
  const count = buf.readUInt16LE(eocd + 10);
  let at = buf.readUInt32LE(eocd + 16);
  const entries = new Map();
  for (let i = 0; i < count; i++) {
    assert.equal(buf.readUInt32LE(at), 0x02014b50, 'central directory entry');
    const madeBy = buf.readUInt16LE(at + 4);
    const method = buf.readUInt16LE(at + 10);
    const compressedSize = buf.readUInt32LE(at + 20);
    const size = buf.readUInt32LE(at + 24);
    const nameLength = buf.readUInt16LE(at + 28);
    const extraLength = buf.readUInt16LE(at + 30);
    const commentLength = buf.readUInt16LE(at + 32);
    const externalAttributes = buf.readUInt32LE(at + 38);
    const localOffset = buf.readUInt32LE(at + 42);
    const name = buf.toString('utf8', at + 46, at + 46 + nameLength);
    entries.set(name, {
      name,
      size,
      // Unix permissions, when the entry was made on Unix (host 3).
      mode: madeBy >> 8 === 3 ? (externalAttributes >>> 16) & 0o7777 : null,
      data() {
        assert.equal(buf.readUInt32LE(localOffset), 0x04034b50, `local header of ${name}`);
        const start = localOffset + 30 + buf.readUInt16LE(localOffset + 26) + buf.readUInt16LE(localOffset + 28);
        const raw = buf.subarray(start, start + compressedSize);
        if (method === 0) return raw;
        assert.equal(method, 8, `${name}: compression method ${method}`);
        return zlib.inflateRawSync(raw);
      },
    });
    at += 46 + nameLength + extraLength + commentLength;
  }
  return entries;
}

const sha256 = (data) => crypto.createHash('sha256').update(data).digest('hex');

// A `vscode` module for loading the extension outside VS Code: every property is callable.
const INERT_VSCODE = `
const Module = require('module');
function inert(name) {
  const t = function () {};
  return new Proxy(t, {
    get(o, p) {
      if (p === 'then') return undefined;
      if (p === Symbol.toPrimitive) return () => name;
      if (p === 'version') return '1.95.0';
      if (typeof p === 'string' && !Object.prototype.hasOwnProperty.call(o, p))
        Object.defineProperty(o, p, { value: inert(name + '.' + p), configurable: true });
      return o[p];
    },
    apply: () => inert(name + '()'),
    construct: () => inert('new ' + name),
  });
}
const resolve = Module._resolveFilename;
Module._resolveFilename = function (r, ...rest) { return r === 'vscode' ? 'vscode' : resolve.call(this, r, ...rest); };
require.cache.vscode = { id: 'vscode', filename: 'vscode', loaded: true, exports: inert('vscode') };
`;

test('npm run package builds a .vsix that bundles the server', (t) => {
  assert.ok(BIN, 'set PYLORE_BIN to the pylore binary');
  assert.ok(fs.existsSync(BIN), `PYLORE_BIN=${BIN} does not exist`);
  assert.ok(fs.existsSync(path.join(EXT_DIR, 'node_modules', '@vscode', 'vsce')),
    'editors/vscode/node_modules is not installed: run editors/setup.sh first');

  const out = fs.mkdtempSync(path.join(os.tmpdir(), 'pylore-vsix-'));
  t.after(() => fs.rmSync(out, { recursive: true, force: true }));
  const vsix = path.join(out, 'pylore.vsix');
  const run = spawnSync('npm', ['run', 'package', '--', '--out', vsix], {
    cwd: EXT_DIR,
    env: { ...process.env, PYLORE_BIN: path.resolve(BIN) },
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
    timeout: 170000,
  });
  assert.equal(run.error, undefined, `npm run package: ${run.error}`);
  assert.equal(run.status, 0, `npm run package failed (${run.status}):\n${run.stdout}\n${run.stderr}`);
  assert.ok(fs.existsSync(vsix), `no ${vsix}:\n${run.stdout}`);

  const entries = readZip(vsix);
  const names = [...entries.keys()];

  // The files the extension needs. vsce stores a LICENSE without extension as LICENSE.txt.
  for (const name of [
    'extension.vsixmanifest',
    'extension/package.json',
    'extension/extension.js',
    'extension/lib/config.js',
    'extension/bin/pylore',
    'extension/README.md',
    'extension/LICENSE.txt',
    'extension/node_modules/vscode-languageclient/package.json',
    'extension/node_modules/vscode-languageclient/node.js',
    'extension/node_modules/vscode-languageserver-protocol/package.json',
    'extension/node_modules/vscode-jsonrpc/package.json',
  ]) {
    assert.ok(entries.has(name), `${name} is missing from the .vsix; it has:\n${names.join('\n')}`);
  }
  // And nothing that is only for development.
  for (const prefix of ['extension/test/', 'extension/scripts/', 'extension/node_modules/@vscode/vsce',
    'extension/node_modules/.bin/', 'extension/.vscodeignore']) {
    const extra = names.filter((n) => n.startsWith(prefix));
    assert.deepEqual(extra, [], `${prefix} should not be in the .vsix`);
  }
  assert.ok(!names.some((n) => n.endsWith('.vsix')), 'a .vsix inside the .vsix');

  // The bundled server is PYLORE_BIN, executable.
  const server = entries.get('extension/bin/pylore');
  assert.equal(sha256(server.data()), sha256(fs.readFileSync(BIN)), 'bin/pylore is not PYLORE_BIN');
  assert.ok(server.mode !== null && (server.mode & 0o111) !== 0,
    `bin/pylore is not executable in the zip (mode ${server.mode === null ? 'none' : server.mode.toString(8)})`);

  // Metadata.
  const pkg = JSON.parse(entries.get('extension/package.json').data().toString('utf8'));
  assert.equal(pkg.name, 'pylore');
  assert.equal(pkg.publisher, 'pylore');
  assert.equal(pkg.license, 'MIT');
  assert.equal(pkg.main, './extension.js');
  assert.ok(pkg.repository && pkg.repository.url, 'repository');
  assert.ok(pkg.contributes.configuration.properties['pylore.path']);
  assert.equal(entries.get('extension/LICENSE.txt').data().toString('utf8'),
    fs.readFileSync(path.join(EXT_DIR, 'LICENSE'), 'utf8'));
  assert.equal(entries.get('extension/README.md').data().toString('utf8'),
    fs.readFileSync(path.join(EXT_DIR, 'README.md'), 'utf8'));
  const manifest = entries.get('extension.vsixmanifest').data().toString('utf8');
  assert.match(manifest, /Id="pylore"/);
  assert.match(manifest, /Publisher="pylore"/);
  const target = { linux: 'linux', darwin: 'darwin', win32: 'win32' }[process.platform];
  if (target && ['x64', 'arm64'].includes(process.arch) && !fs.existsSync('/etc/alpine-release')) {
    assert.match(manifest, new RegExp(`TargetPlatform="${target}-${process.arch}"`),
      'the package is for the platform the server was built on');
  }

  // The packaged extension loads with what it carries (its node_modules, lib/).
  const unpacked = path.join(out, 'unpacked');
  for (const [name, entry] of entries) {
    if (!name.startsWith('extension/') || name.endsWith('/')) continue;
    const dest = path.join(unpacked, name);
    fs.mkdirSync(path.dirname(dest), { recursive: true });
    fs.writeFileSync(dest, entry.data());
  }
  const load = spawnSync(process.execPath, ['-e', `${INERT_VSCODE}
const ext = require(${JSON.stringify(path.join(unpacked, 'extension', 'extension.js'))});
if (typeof ext.activate !== 'function' || typeof ext.deactivate !== 'function') throw new Error('no activate/deactivate');
require(${JSON.stringify(path.join(unpacked, 'extension', 'node_modules', 'vscode-languageclient', 'node'))});
console.log('loaded');`], { encoding: 'utf8', cwd: os.tmpdir(), env: { ...process.env, NODE_PATH: '' } });
  assert.equal(load.status, 0, `the packaged extension does not load:\n${load.stderr}`);
  assert.match(load.stdout, /loaded/);
});
