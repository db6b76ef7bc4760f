'use strict';
// Unit tests of the extension's pure logic: node --test test/*.test.js

const test = require('node:test');
const assert = require('node:assert/strict');
const path = require('path');
const fs = require('fs');
const config = require('../lib/config');

// A fake configuration: get(key) returns what the map holds, undefined otherwise.
const settingsFrom = (values) => config.readSettings({ get: (key) => values[key] });
const onlyFiles = (...files) => (p) => files.includes(p);

test('readSettings: defaults when nothing is set', () => {
  assert.deepEqual(settingsFrom({}), {
    path: '',
    language: 'auto',
    inlayHints: true,
    notesPaths: [],
    disabledNotes: [],
    explanations: true,
    logLevel: 'warn',
  });
});

test('readSettings: bad values fall back to the defaults, lists keep only non-empty strings', () => {
  const s = settingsFrom({
    path: 42,
    language: 'fr',
    inlayHints: 'no',
    notesPaths: ['a', '', 3, '  b  ', null],
    disabledNotes: 'bare-except',
    explanations: 0,
    logLevel: 'loud',
  });
  assert.equal(s.path, '');
  assert.equal(s.language, 'auto');
  assert.equal(s.inlayHints, true);
  assert.deepEqual(s.notesPaths, ['a', 'b']);
  assert.deepEqual(s.disabledNotes, []);
  assert.equal(s.explanations, true);
  assert.equal(s.logLevel, 'warn');
});

test('resolveLanguage: explicit settings win; auto follows the display language', () => {
  assert.equal(config.resolveLanguage('en', 'zh-cn'), 'en');
  assert.equal(config.resolveLanguage('zh', 'en'), 'zh');
  assert.equal(config.resolveLanguage('auto', 'zh-cn'), 'zh');
  assert.equal(config.resolveLanguage('auto', 'zh-tw'), 'zh');
  assert.equal(config.resolveLanguage('auto', 'ZH'), 'zh');
  assert.equal(config.resolveLanguage('auto', 'en'), 'en');
  assert.equal(config.resolveLanguage('auto', 'de'), 'en');
  assert.equal(config.resolveLanguage('auto', 'zu'), 'en');
  assert.equal(config.resolveLanguage('auto', undefined), 'en');
});

test('initializationOptions: the names and values the server reads', () => {
  const s = settingsFrom({
    language: 'auto',
    inlayHints: false,
    explanations: false,
    notesPaths: ['~/team-notes', 'docs/notes', '${workspaceFolder}/more', '/abs/notes'],
    disabledNotes: ['shadowed-builtin'],
  });
  const opts = config.initializationOptions(s, {
    displayLanguage: 'zh-cn',
    home: '/home/ada',
    workspaceFolder: '/work/project',
  });
  assert.deepEqual(opts, {
    language: 'zh',
    inlayHints: false,
    explanations: false,
    notesPaths: ['/home/ada/team-notes', '/work/project/docs/notes', '/work/project/more', '/abs/notes'],
    disabledNotes: ['shadowed-builtin'],
  });
  // JSON-clean: this object goes on the wire as it is.
  assert.deepEqual(JSON.parse(JSON.stringify(opts)), opts);
});

test('initializationOptions: defaults, English display language, no workspace', () => {
  const opts = config.initializationOptions(settingsFrom({}), { displayLanguage: 'en' });
  assert.deepEqual(opts, {
    language: 'en',
    inlayHints: true,
    explanations: true,
    notesPaths: [],
    disabledNotes: [],
  });
  const rel = config.initializationOptions(settingsFrom({ notesPaths: ['notes'] }), {});
  assert.deepEqual(rel.notesPaths, ['notes'], 'without a workspace a relative path is left as is');
});

test('inlayHints: a boolean, or an object whose kinds default to on', () => {
  assert.equal(settingsFrom({ inlayHints: false }).inlayHints, false);
  assert.equal(settingsFrom({ inlayHints: true }).inlayHints, true);
  assert.deepEqual(settingsFrom({ inlayHints: { callArguments: false } }).inlayHints,
    { constructs: true, parameters: true, callArguments: false });
  assert.deepEqual(settingsFrom({ inlayHints: { constructs: false, parameters: 0, extra: false } }).inlayHints,
    { constructs: false, parameters: true, callArguments: true }, 'only `false` switches a kind off');
  for (const bad of ['no', 1, null, ['constructs']]) {
    assert.equal(settingsFrom({ inlayHints: bad }).inlayHints, true, String(bad));
  }
  const opts = config.initializationOptions(settingsFrom({ inlayHints: { parameters: false } }), {});
  assert.deepEqual(opts.inlayHints, { constructs: true, parameters: false, callArguments: true });
  assert.equal(config.initializationOptions(settingsFrom({ inlayHints: false }), {}).inlayHints, false);
});

test('package.json: pylore.inlayHints takes a boolean or an object of the server\'s kinds', () => {
  const pkg = JSON.parse(fs.readFileSync(path.join(__dirname, '..', 'package.json'), 'utf8'));
  const setting = pkg.contributes.configuration.properties['pylore.inlayHints'];
  assert.deepEqual(setting.type, ['boolean', 'object']);
  assert.deepEqual(Object.keys(setting.properties).sort(), [...config.INLAY_KINDS].sort());
});

test('serverArgs: serve with the log level', () => {
  assert.deepEqual(config.serverArgs(settingsFrom({})), ['serve', '--log-level', 'warn']);
  assert.deepEqual(config.serverArgs(settingsFrom({ logLevel: 'debug' })), ['serve', '--log-level', 'debug']);
});

test('resolveServerPath: the bundled binary when pylore.path is empty', () => {
  const bundled = path.join('/ext', 'bin', 'pylore');
  const r = config.resolveServerPath('', {
    extensionPath: '/ext', platform: 'linux', envPath: '/usr/bin',
    exists: onlyFiles(bundled, '/usr/bin/pylore'),
  });
  assert.deepEqual(r, { command: bundled, source: 'bundled', found: true, bundledProblem: null });
});

test('resolveServerPath: PATH when nothing is bundled', () => {
  const r = config.resolveServerPath('', {
    extensionPath: '/ext', platform: 'linux', envPath: '/opt/x/bin::/usr/local/bin:/usr/bin',
    exists: onlyFiles('/usr/local/bin/pylore', '/usr/bin/pylore'),
  });
  assert.deepEqual(r, { command: '/usr/local/bin/pylore', source: 'path', found: true, bundledProblem: null });
});

test('resolveServerPath: not found anywhere still names what would be spawned', () => {
  const r = config.resolveServerPath(undefined, {
    extensionPath: '/ext', platform: 'linux', envPath: '/usr/bin', exists: () => false,
  });
  assert.deepEqual(r, { command: 'pylore', source: 'path', found: false, bundledProblem: null });
});

test('resolveServerPath: pylore.path wins over the bundled binary', () => {
  const exists = onlyFiles('/ext/bin/pylore', '/opt/pylore/pylore', '/home/ada/bin/pylore',
    '/work/project/tools/pylore', '/usr/local/bin/pylore-dev');
  const opts = { extensionPath: '/ext', platform: 'linux', envPath: '/usr/local/bin',
    home: '/home/ada', workspaceFolder: '/work/project', exists };
  assert.deepEqual(config.resolveServerPath('/opt/pylore/pylore', opts),
    { command: '/opt/pylore/pylore', source: 'setting', found: true });
  assert.deepEqual(config.resolveServerPath('~/bin/pylore', opts),
    { command: '/home/ada/bin/pylore', source: 'setting', found: true });
  assert.deepEqual(config.resolveServerPath('tools/pylore', opts),
    { command: '/work/project/tools/pylore', source: 'setting', found: true });
  assert.deepEqual(config.resolveServerPath('pylore-dev', opts),
    { command: '/usr/local/bin/pylore-dev', source: 'setting', found: true });
  assert.deepEqual(config.resolveServerPath('/missing/pylore', opts),
    { command: '/missing/pylore', source: 'setting', found: false },
    'a wrong pylore.path is reported, not silently replaced by the bundled binary');
});

test('resolveServerPath: Windows names and PATH', () => {
  const bundled = path.join('C:\\ext', 'bin', 'pylore.exe');
  assert.deepEqual(
    config.resolveServerPath('', { extensionPath: 'C:\\ext', platform: 'win32', envPath: '', exists: onlyFiles(bundled) }),
    { command: bundled, source: 'bundled', found: true, bundledProblem: null });
  assert.deepEqual(
    config.resolveServerPath('', { platform: 'win32', envPath: 'C:\\a;C:\\tools', exists: onlyFiles('C:\\tools\\pylore.exe') }),
    { command: 'C:\\tools\\pylore.exe', source: 'path', found: true, bundledProblem: null });
});

test('needsRestart: server settings restart it, trace and other extensions do not', () => {
  const changed = (...keys) => (key) => keys.some((k) => k === key || k.startsWith(key + '.'));
  for (const key of ['pylore.path', 'pylore.language', 'pylore.inlayHints', 'pylore.notesPaths',
    'pylore.disabledNotes', 'pylore.explanations', 'pylore.logLevel']) {
    assert.equal(config.needsRestart(changed(key)), true, key);
  }
  assert.equal(config.needsRestart(changed('pylore.trace.server')), false);
  assert.equal(config.needsRestart(changed('python.analysis.typeCheckingMode')), false);
});

test('package.json declares every setting the extension reads, with the same defaults', () => {
  const pkg = JSON.parse(fs.readFileSync(path.join(__dirname, '..', 'package.json'), 'utf8'));
  const props = pkg.contributes.configuration.properties;
  for (const [key, value] of Object.entries(config.DEFAULTS)) {
    assert.ok(props[`pylore.${key}`], `pylore.${key} is contributed`);
    assert.deepEqual(props[`pylore.${key}`].default, value, `default of pylore.${key}`);
  }
  assert.deepEqual(props['pylore.language'].enum, ['auto', 'en', 'zh']);
  assert.deepEqual(props['pylore.trace.server'].enum, ['off', 'messages', 'verbose']);
  for (const key of config.RESTART_SETTINGS) assert.ok(props[key], `${key} is contributed`);
  const commands = pkg.contributes.commands.map((c) => c.command).sort();
  assert.deepEqual(commands, ['pylore.restartServer', 'pylore.showNote']);
  assert.ok(pkg.activationEvents.includes('onLanguage:python'));
  assert.equal(pkg.license, 'MIT');
  assert.match(pkg.engines.vscode, /^\^1\.(8[2-9]|9\d)/);
});

// The first 20 bytes of a 64-bit little-endian ELF executable for `machine`.
function elfHeader(machine) {
  const b = Buffer.alloc(64);
  b.set([0x7f, 0x45, 0x4c, 0x46, 2, 1, 1], 0);
  b.writeUInt16LE(2, 16);
  b.writeUInt16LE(machine, 18);
  return b;
}

test('elfArch: x86-64 and aarch64 executables, and what is not ELF', () => {
  assert.equal(config.elfArch(elfHeader(62)), 'x64');
  assert.equal(config.elfArch(elfHeader(183)), 'arm64');
  assert.equal(config.elfArch(elfHeader(40)), 'ELF machine 40');
  assert.equal(config.elfArch(Buffer.from('#!/bin/sh\necho pylore 0.1.0\n')), null);
  assert.equal(config.elfArch(null), null);
  // The real server binary this test run was given, if any, is for this machine.
  if (process.env.PYLORE_BIN && process.platform === 'linux') {
    const fd = fs.openSync(process.env.PYLORE_BIN, 'r');
    const b = Buffer.alloc(64);
    fs.readSync(fd, b, 0, 64, 0);
    fs.closeSync(fd);
    assert.equal(config.elfArch(b), process.arch);
  }
});

test('resolveServerPath: a bundled binary for another CPU is passed over, and says so', () => {
  const bundled = path.join('/ext', 'bin', 'pylore');
  const opts = {
    extensionPath: '/ext', platform: 'linux', arch: 'x64', envPath: '/usr/bin',
    readHeader: (p) => (p === bundled ? elfHeader(183) : null),
  };
  const none = config.resolveServerPath('', { ...opts, exists: onlyFiles(bundled) });
  assert.equal(none.found, false);
  assert.equal(none.bundledProblem, 'the bundled server is built for linux-arm64, and this is linux-x64');
  const msg = config.missingServerMessage('linux', 'x64', none.bundledProblem);
  assert.match(msg, /built for linux-arm64, and this is linux-x64/);
  assert.match(msg, /Install the extension built for linux-x64/);
  assert.match(msg, /pylore\.path/);
  // ... and `pylore` on PATH is used instead.
  const onPath = config.resolveServerPath('', { ...opts, exists: onlyFiles(bundled, '/usr/bin/pylore') });
  assert.equal(onPath.command, '/usr/bin/pylore');
  assert.equal(onPath.found, true);
  // The right CPU: the bundled binary.
  const right = config.resolveServerPath('', { ...opts, arch: 'arm64', exists: onlyFiles(bundled) });
  assert.deepEqual(right, { command: bundled, source: 'bundled', found: true, bundledProblem: null });
});

test('missingServerMessage: names the platform, and says when no build exists for it', () => {
  const mac = config.missingServerMessage('darwin', 'arm64', null);
  assert.match(mac, /linux-x64 and linux-arm64 only, not for darwin-arm64/);
  assert.match(mac, /build pylore from source/);
  const linux = config.missingServerMessage('linux', 'x64', null);
  assert.match(linux, /has no bundled server/);
  assert.doesNotMatch(linux, /from source/);
});
