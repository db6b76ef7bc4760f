#!/usr/bin/env node
'use strict';
// npm run package [-- <more vsce options, e.g. --out dist/pylore.vsix>]
//
// Copies the server binary into bin/ ($PYLORE_BIN, else ../../build/pylore, the one `make`
// builds) and packages the extension with @vscode/vsce as a .vsix for the platform it runs
// on (vsce --target linux-x64, darwin-arm64, ...; PYLORE_VSIX_TARGET overrides it, and
// PYLORE_VSIX_TARGET=none packages without a target).

const fs = require('fs');
const path = require('path');
const { spawnSync } = require('child_process');

const root = path.resolve(__dirname, '..');
const exe = process.platform === 'win32' ? 'pylore.exe' : 'pylore';
const source = process.env.PYLORE_BIN
  ? path.resolve(process.env.PYLORE_BIN)
  : path.resolve(root, '..', '..', 'build', exe);

function fail(msg) {
  console.error(`package: ${msg}`);
  process.exit(1);
}

function vsceTarget() {
  const forced = process.env.PYLORE_VSIX_TARGET;
  if (forced) return forced === 'none' ? null : forced;
  const arch = { x64: 'x64', arm64: 'arm64', arm: 'armhf' }[process.arch];
  if (!arch) return null;
  if (process.platform === 'linux') {
    const alpine = fs.existsSync('/etc/alpine-release');
    if (alpine && arch === 'armhf') return null;
    return `${alpine ? 'alpine' : 'linux'}-${arch}`;
  }
  if (process.platform === 'darwin' && arch !== 'armhf') return `darwin-${arch}`;
  if (process.platform === 'win32' && arch !== 'armhf') return `win32-${arch}`;
  return null;
}

// Two packagings at once (two build trees testing) would overwrite each other's bin/pylore:
// one at a time, through a lock directory that names its owner.
function lock() {
  const dir = path.join(root, '.package.lock');
  const owner = path.join(dir, 'pid');
  const deadline = Date.now() + 5 * 60 * 1000;
  for (;;) {
    try {
      fs.mkdirSync(dir);
      fs.writeFileSync(owner, String(process.pid));
      break;
    } catch (err) {
      if (err.code !== 'EEXIST') throw err;
    }
    let stale = false;
    try {
      const pid = Number(fs.readFileSync(owner, 'utf8'));
      try {
        process.kill(pid, 0);
      } catch (err) {
        stale = err.code === 'ESRCH';
      }
    } catch {
      // No owner yet: it is being created, unless it has been like that for a while.
      try {
        stale = Date.now() - fs.statSync(dir).mtimeMs > 10000;
      } catch {
        stale = true;
      }
    }
    if (stale) {
      fs.rmSync(dir, { recursive: true, force: true });
      continue;
    }
    if (Date.now() > deadline) fail(`another packaging holds ${dir}; remove it if none runs`);
    Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 200);
  }
  process.on('exit', () => fs.rmSync(dir, { recursive: true, force: true }));
}

let stat;
try {
  stat = fs.statSync(source);
} catch {
  fail(`no server binary at ${source}: build it first (make build), or set PYLORE_BIN`);
}
if (!stat.isFile()) fail(`${source} is not a file`);

// A package for linux-x64 must carry an x86-64 binary, one for linux-arm64 an aarch64 one.
const target = vsceTarget();
const targetArch = target && /^(linux|alpine)-(x64|arm64)$/.test(target) ? target.split('-')[1] : null;
if (targetArch) {
  const header = Buffer.alloc(64);
  const fd = fs.openSync(source, 'r');
  fs.readSync(fd, header, 0, header.length, 0);
  fs.closeSync(fd);
  const got = require('../lib/config').elfArch(header);
  if (got !== targetArch) fail(`${source} is for ${got || 'no known CPU'}, not for the target ${target}`);
}

lock();
const binDir = path.join(root, 'bin');
const dest = path.join(binDir, exe);
fs.mkdirSync(binDir, { recursive: true });
// Copy to a temporary name and rename, so that a concurrent reader never sees half a file.
const tmp = `${dest}.${process.pid}.tmp`;
fs.copyFileSync(source, tmp);
fs.chmodSync(tmp, 0o755);
fs.renameSync(tmp, dest);
console.log(`package: bundled ${source} as bin/${exe}`);

let vsce;
try {
  vsce = path.join(path.dirname(require.resolve('@vscode/vsce/package.json', { paths: [root] })), 'vsce');
} catch {
  fail('@vscode/vsce is not installed: run `npm ci` in editors/vscode (or editors/setup.sh)');
}
const args = [vsce, 'package', ...(target ? ['--target', target] : []), ...process.argv.slice(2)];
console.log(`package: vsce ${args.slice(1).join(' ')}`);
const r = spawnSync(process.execPath, args, { cwd: root, stdio: ['ignore', 'inherit', 'inherit'] });
if (r.error) fail(r.error.message);
process.exit(r.status === null ? 1 : r.status);
