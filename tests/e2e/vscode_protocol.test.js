'use strict';
// End to end, the way VS Code talks to pylore: the protocol layer VS Code's language client is
// built on (vscode-jsonrpc + vscode-languageserver-protocol) drives the real binary over
// stdio. It initializes with the capabilities vscode-languageclient 9 really sends (utf-16
// only; fixtures/vscode-client-capabilities.json, see gen_vscode_capabilities.js), opens a
// document with CJK and emoji before the constructs, edits it incrementally, and checks
// hover, inlay hints, pull diagnostics and pylore/showNote. Because VS Code pulls
// diagnostics, the server must not push them as well (VS Code would show each one twice).
//
//   PYLORE_BIN=build/pylore node --test tests/e2e/vscode_protocol.test.js

const test = require('node:test');
const assert = require('node:assert/strict');
const path = require('path');
const fs = require('fs');
const os = require('os');
const { spawn } = require('child_process');

function requireInstalled(name) {
  try {
    return require(name);
  } catch (err) {
    throw new Error(`${name} is not installed: run editors/setup.sh (npm ci in tests/e2e) first\n${err.message}`);
  }
}
const rpc = requireInstalled('vscode-jsonrpc/node');
const proto = requireInstalled('vscode-languageserver-protocol/node');
const extensionConfig = require('../../editors/vscode/lib/config');

const BIN = process.env.PYLORE_BIN;
const CAPABILITIES = require('./fixtures/vscode-client-capabilities.json');
const TIMEOUT_MS = Number(process.env.PYLORE_TEST_TIMEOUT_MS) || 15000;

const MSG_EN = 'This default value is created once, when the function is defined, so every call ' +
  'that uses it shares the same object and sees the changes earlier calls made to it: use ' +
  '`None` as the default and create the object inside the function.';
const MSG_ZH = '这个默认值只在定义函数时创建一次，所有用到它的调用共享同一个对象，前面的调用对它做的修改，后面的调用都看得到：请用 `None` 作默认值，在函数体里再创建对象。';

// ---- a client-side copy of the document, edited with the same utf-16 ranges ----

// Offset in a JS string (utf-16 code units) of an LSP position (line, utf-16 character).
function offsetAt(text, pos) {
  let offset = 0;
  for (let line = 0; line < pos.line; line++) {
    const nl = text.indexOf('\n', offset);
    assert.notEqual(nl, -1, `line ${pos.line} is past the end`);
    offset = nl + 1;
  }
  return offset + pos.character;
}

function positionAt(text, offset) {
  const before = text.slice(0, offset);
  const line = before.split('\n').length - 1;
  return { line, character: offset - (before.lastIndexOf('\n') + 1) };
}

// The range of the `nth` occurrence of `needle` on the line that contains `lineMarker`.
function find(text, lineMarker, needle, nth = 0) {
  const lineStart = text.lastIndexOf('\n', text.indexOf(lineMarker)) + 1;
  assert.ok(text.indexOf(lineMarker) >= 0, `no line with ${lineMarker}`);
  let at = lineStart - 1;
  for (let i = 0; i <= nth; i++) at = text.indexOf(needle, at + 1);
  assert.ok(at >= 0, `no ${needle} on the line with ${lineMarker}`);
  return { start: positionAt(text, at), end: positionAt(text, at + needle.length) };
}

function applyChange(text, change) {
  const a = offsetAt(text, change.range.start);
  const b = offsetAt(text, change.range.end);
  return text.slice(0, a) + change.text + text.slice(b);
}

// ---- the session ----

class Session {
  constructor(t) {
    assert.ok(BIN, 'set PYLORE_BIN to the pylore binary');
    assert.ok(fs.existsSync(BIN), `PYLORE_BIN=${BIN} does not exist`);
    this.proc = spawn(BIN, ['serve', '--log-level', 'info'], { stdio: ['pipe', 'pipe', 'pipe'] });
    this.stderr = '';
    this.proc.stderr.on('data', (d) => { this.stderr += d; });
    this.exited = new Promise((resolve) => this.proc.on('exit', (code, signal) => resolve({ code, signal })));
    this.conn = rpc.createMessageConnection(
      new rpc.StreamMessageReader(this.proc.stdout), new rpc.StreamMessageWriter(this.proc.stdin));
    this.published = [];
    this.waiters = [];
    this.logs = [];
    this.conn.onNotification(proto.PublishDiagnosticsNotification.type, (p) => {
      this.published.push(p);
      this.waiters = this.waiters.filter((w) => !w());
    });
    this.conn.onNotification(proto.LogMessageNotification.type, (p) => this.logs.push(p.message));
    this.conn.listen();
    t.after(() => {
      this.conn.dispose();
      if (this.proc.exitCode === null) this.proc.kill('SIGKILL');
    });
  }

  async within(what, promise) {
    let timer;
    const timeout = new Promise((_, reject) => {
      timer = setTimeout(() => reject(new Error(`${what}: no answer in ${TIMEOUT_MS} ms\nserver stderr:\n${this.stderr}`)), TIMEOUT_MS);
    });
    try {
      return await Promise.race([promise, timeout]);
    } finally {
      clearTimeout(timer);
    }
  }

  request(type, params) {
    return this.within(type.method || type, this.conn.sendRequest(type, params));
  }

  notify(type, params) {
    return this.conn.sendNotification(type, params);
  }

  // What VS Code does after every open and change: textDocument/diagnostic.
  async pull(uri) {
    const report = await this.request(proto.DocumentDiagnosticRequest.type, { textDocument: { uri } });
    assert.equal(report.kind, 'full');
    return report.items;
  }

  async initialize({ locale, initializationOptions }) {
    const root = os.tmpdir();
    const result = await this.request(proto.InitializeRequest.type, {
      processId: process.pid,
      clientInfo: { name: 'Visual Studio Code', version: '1.95.0' },
      locale,
      rootPath: root,
      rootUri: `file://${root}`,
      capabilities: CAPABILITIES,
      initializationOptions,
      trace: 'off',
      workspaceFolders: [{ uri: `file://${root}`, name: path.basename(root) }],
    });
    this.notify(proto.InitializedNotification.type, {});
    return result;
  }

  async shutdown() {
    await this.request(proto.ShutdownRequest.type, undefined);
    this.notify(proto.ExitNotification.type);
    const { code, signal } = await this.within('exit', this.exited);
    assert.equal(signal, null, `the server was killed by ${signal}\n${this.stderr}`);
    assert.equal(code, 0, `the server exited with ${code}\n${this.stderr}`);
  }
}

const mutableDefault = (items) => items.filter((d) => d.code === 'mutable-default-argument');

// CJK and emoji on the lines of the constructs, before them: a server that counted bytes or
// code points instead of utf-16 units would put every range off.
const TEXT = [
  '# 数据 🙂 a pylore test',
  'def add(名字="你好🙂", basket=[]):',
  '    basket.append(名字)',
  '    return basket',
  '',
  'f = "🙂"; names = sorted(["b", "a"], key=lambda s: s.lower())',
  '',
  'def 倒数(n="🙂🙂"):',
  '    while n:',
  '        yield n',
  '',
].join('\n');
const URI = 'file:///tmp/pylore-e2e/%E4%BE%8B%E5%AD%90.py';

test('VS Code session in English: utf-16 positions, incremental edits, hover, inlay hints, diagnostics', async (t) => {
  const s = new Session(t);
  const settings = extensionConfig.readSettings({ get: (key) => ({ language: 'en' })[key] });
  const init = await s.initialize({
    locale: 'en',
    initializationOptions: extensionConfig.initializationOptions(settings, { displayLanguage: 'en' }),
  });
  const caps = init.capabilities;
  assert.ok(caps.positionEncoding === undefined || caps.positionEncoding === 'utf-16',
    `VS Code only speaks utf-16; the server chose ${caps.positionEncoding}`);
  const sync = caps.textDocumentSync;
  assert.equal(typeof sync === 'number' ? sync : sync.change, proto.TextDocumentSyncKind.Incremental);
  assert.equal(sync.openClose, true);
  assert.ok(caps.hoverProvider);
  assert.ok(caps.inlayHintProvider);
  assert.deepEqual(caps.diagnosticProvider,
    { identifier: 'pylore', interFileDependencies: false, workspaceDiagnostics: false });
  assert.equal(init.serverInfo.name, 'pylore');

  let text = TEXT;
  let version = 1;
  s.notify(proto.DidOpenTextDocumentNotification.type,
    { textDocument: { uri: URI, languageId: 'python', version, text } });
  const doc = { uri: URI };
  const edit = async (...changes) => {
    // VS Code sends the changes of one edit bottom-up, so each range is valid both before
    // and after the others; apply them in the order sent, as the protocol says.
    for (const c of changes) text = applyChange(text, c);
    version++;
    s.notify(proto.DidChangeTextDocumentNotification.type,
      { textDocument: { uri: URI, version }, contentChanges: changes });
  };

  await t.test('pull diagnostics: the pitfall with its utf-16 range and message', async () => {
    const items = await s.pull(URI);
    const found = mutableDefault(items);
    assert.equal(found.length, 1, JSON.stringify(items));
    assert.deepEqual(found[0].range, { start: { line: 1, character: 26 }, end: { line: 1, character: 28 } },
      'utf-16 columns: 名, 字, 你, 好 are one unit each, 🙂 two');
    assert.deepEqual(found[0].range, find(text, 'def add', '[]'));
    assert.equal(found[0].message, MSG_EN);
    assert.equal(found[0].severity, proto.DiagnosticSeverity.Warning);
    assert.equal(found[0].source, 'pylore');
    assert.equal(items.filter((d) => d.code === 'syntax-error').length, 0, JSON.stringify(items));
  });

  await t.test('hover over lambda, after CJK and an emoji on the same line', async () => {
    const lambda = find(text, 'key=lambda', 'lambda s: s.lower()');
    const pos = { line: lambda.start.line, character: lambda.start.character + 3 };
    const hover = await s.request(proto.HoverRequest.type, { textDocument: doc, position: pos });
    assert.ok(hover, 'a hover over lambda');
    assert.equal(hover.contents.kind, 'markdown');
    assert.match(hover.contents.value, /^\*\*Lambda expression\*\*/);
    assert.match(hover.contents.value, /builds a small function without a name/);
    assert.deepEqual(hover.range, lambda, 'the hover range is the lambda expression, in utf-16 units');
    const none = await s.request(proto.HoverRequest.type,
      { textDocument: doc, position: { line: 0, character: 5 } });
    assert.equal(none, null, 'nothing to explain inside a comment');
  });

  await t.test('inlay hint `generator` after the parameters of a def with yield', async () => {
    const lines = text.split('\n');
    const hints = await s.request(proto.InlayHintRequest.type, {
      textDocument: doc,
      range: { start: { line: 0, character: 0 }, end: { line: lines.length - 1, character: 0 } },
    });
    const after = find(text, 'def 倒数', '):').start; // the closing parenthesis
    const expected = { line: after.line, character: after.character + 1 };
    assert.deepEqual(expected, { line: 7, character: 16 }, 'def 倒数(n="🙂🙂") is 16 utf-16 units long');
    // VS Code accepts label parts, so a hint's label is an array of parts.
    const labelText = (h) => (typeof h.label === 'string' ? h.label : h.label.map((p) => p.value).join(''));
    const generator = hints.filter((h) => labelText(h) === 'generator' && h.position.line === 7);
    assert.equal(generator.length, 1, JSON.stringify(hints));
    assert.deepEqual(generator[0].position, expected);
    assert.equal(generator[0].paddingLeft, true);
    // The tooltip may be filled lazily, through inlayHint/resolve.
    const resolved = generator[0].tooltip || (typeof generator[0].label !== 'string' && generator[0].label[0].tooltip)
      ? generator[0] : await s.request(proto.InlayHintResolveRequest.type, generator[0]);
    const tip = resolved.tooltip || resolved.label[0].tooltip;
    assert.match(typeof tip === 'string' ? tip : tip.value, /generator function/);
    // A range that ends before the hint's anchor has no hint.
    const before = await s.request(proto.InlayHintRequest.type, {
      textDocument: doc, range: { start: { line: 0, character: 0 }, end: { line: 7, character: 15 } },
    });
    assert.equal(before.filter((h) => labelText(h) === 'generator').length, 0, JSON.stringify(before));
  });

  await t.test('pylore/showNote (the "Show note" command) returns the whole note', async () => {
    const lambda = find(text, 'key=lambda', 'lambda');
    const note = await s.request('pylore/showNote', { textDocument: doc, position: lambda.start });
    assert.ok(note, 'a note at the lambda');
    assert.equal(note.id, 'lambda');
    assert.equal(note.title, 'Lambda expression');
    assert.equal(note.kind, 'explanation');
    assert.match(note.contents, /^# Lambda expression\n/);
    assert.ok(note.contents.length > 500, 'the whole note, not the hover summary');
    const nothing = await s.request('pylore/showNote', { textDocument: doc, position: { line: 4, character: 0 } });
    assert.equal(nothing, null);
  });

  await t.test('incremental edit inserting emoji before the pitfall moves its range', async () => {
    const at = find(text, 'def add', '你好').end; // inside the string, before its 🙂
    await edit({ range: { start: at, end: at }, text: '🙂🙂' });
    const found = mutableDefault(await s.pull(URI));
    assert.equal(found.length, 1);
    assert.deepEqual(found[0].range, find(text, 'def add', '[]'));
    assert.equal(found[0].range.start.character, 30);
  });

  await t.test('two changes in one notification, one of them multi-line', async () => {
    // Replace the lambda's line by two lines with more CJK and emoji, and drop the comment
    // line at the top (bottom-up, as VS Code orders them).
    const lambdaLine = 5;
    const lines = text.split('\n');
    await edit(
      {
        range: { start: { line: lambdaLine, character: 0 }, end: { line: lambdaLine, character: lines[lambdaLine].length } },
        text: '名 = "值"\nf = "🙂🙂🙂"; names = sorted(["b", "a"], key=lambda s: s.lower())',
      },
      { range: { start: { line: 0, character: 0 }, end: { line: 1, character: 0 } }, text: '' },
    );
    assert.match(text, /^def add/);
    const found = mutableDefault(await s.pull(URI));
    assert.equal(found.length, 1);
    assert.deepEqual(found[0].range, find(text, 'def add', '[]'));
    assert.equal(found[0].range.start.line, 0);
    const lambda = find(text, 'key=lambda', 'lambda s: s.lower()');
    assert.equal(lambda.start.line, 5);
    const hover = await s.request(proto.HoverRequest.type, { textDocument: doc, position: lambda.start });
    assert.ok(hover, `a hover at ${JSON.stringify(lambda.start)}`);
    assert.match(hover.contents.value, /Lambda expression/);
    assert.deepEqual(hover.range, lambda);
  });

  await t.test('fixing the pitfall clears the diagnostic', async () => {
    await edit({ range: find(text, 'def add', '[]'), text: 'None' });
    const items = await s.pull(URI);
    assert.deepEqual(items, [], JSON.stringify(items));
  });

  await t.test('no pushed diagnostics: VS Code pulls, pushing too would show them twice', () => {
    assert.deepEqual(s.published.filter((p) => p.diagnostics.length > 0), []);
  });

  await t.test('after close, requests on the document fail cleanly', async () => {
    s.notify(proto.DidCloseTextDocumentNotification.type, { textDocument: doc });
    await assert.rejects(
      s.request(proto.HoverRequest.type, { textDocument: doc, position: { line: 0, character: 0 } }),
      (err) => err.code === proto.ErrorCodes.InvalidParams);
  });

  await s.shutdown();
});

test('VS Code session in Chinese: language auto follows the display language; inlay hints off', async (t) => {
  const s = new Session(t);
  const settings = extensionConfig.readSettings({ get: (key) => ({ inlayHints: false })[key] });
  const initializationOptions = extensionConfig.initializationOptions(settings, { displayLanguage: 'zh-cn' });
  assert.equal(initializationOptions.language, 'zh');
  await s.initialize({ locale: 'zh-cn', initializationOptions });
  s.notify(proto.DidOpenTextDocumentNotification.type,
    { textDocument: { uri: URI, languageId: 'python', version: 7, text: TEXT } });
  const doc = { uri: URI };

  const found = mutableDefault(await s.pull(URI));
  assert.equal(found.length, 1);
  assert.equal(found[0].message, MSG_ZH);
  assert.deepEqual(found[0].range, find(TEXT, 'def add', '[]'));

  const lambda = find(TEXT, 'key=lambda', 'lambda');
  const hover = await s.request(proto.HoverRequest.type, { textDocument: doc, position: lambda.start });
  assert.ok(hover);
  assert.match(hover.contents.value, /^\*\*lambda 表达式\*\*/);
  assert.match(hover.contents.value, /会创建一个没有名字的小函数/);

  const hints = await s.request(proto.InlayHintRequest.type, {
    textDocument: doc, range: { start: { line: 0, character: 0 }, end: { line: 11, character: 0 } },
  });
  assert.deepEqual(hints, [], 'pylore.inlayHints = false turns the hints off');

  await s.shutdown();
});
