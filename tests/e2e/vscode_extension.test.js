'use strict';
// The VS Code extension itself (editors/vscode/extension.js) with the real
// vscode-languageclient and the real server, under a stand-in for the `vscode` module (which
// only exists inside VS Code; no editor is downloaded). The stand-in answers what the
// extension and the language client ask and records what they do: it checks activation,
// the settings sent as initializationOptions, the diagnostic collections and the hover's trust,
// "pylore: Show note" end to end, the restart on a settings change, a wrong pylore.path, and
// deactivation.
//
//   PYLORE_BIN=build/pylore node --test tests/e2e/vscode_extension.test.js

const test = require('node:test');
const assert = require('node:assert/strict');
const fs = require('fs');
const Module = require('module');
const path = require('path');

const EXT_DIR = path.resolve(__dirname, '..', '..', 'editors', 'vscode');
const BIN = process.env.PYLORE_BIN;

// ---- the stand-in `vscode` module ----

// Anything not modelled below: callable, constructible, iterable as empty, never a promise.
function inert(name) {
  const target = function () {};
  return new Proxy(target, {
    get(t, p) {
      if (p === 'then') return undefined;
      if (p === Symbol.toPrimitive) return () => name;
      if (p === Symbol.iterator) return function* () {};
      if (typeof p === 'string' && !Object.prototype.hasOwnProperty.call(t, p)) {
        Object.defineProperty(t, p, { value: inert(`${name}.${p}`), configurable: true, writable: true });
      }
      return t[p];
    },
    apply: () => inert(`${name}()`),
    construct: () => inert(`new ${name}`),
  });
}

const uri = (scheme, p) => ({ scheme, path: p, fsPath: p, toString: () => `${scheme}://${p}` });
const TEXT = 'def add(item, basket=[]):\n    return basket\n\nkey = sorted([1], key=lambda s: s)\n';
const document = {
  uri: uri('file', '/tmp/pylore-extension-test/example.py'),
  fileName: '/tmp/pylore-extension-test/example.py',
  languageId: 'python',
  version: 1,
  isUntitled: false,
  isClosed: false,
  getText: () => TEXT,
};

const state = {
  settings: {},
  output: '',
  commands: {},
  executed: [],
  errors: [],
  infos: [],
  contentProviders: {},
  configListeners: [],
};

const vscode = inert('vscode');
Object.assign(vscode, { version: '1.95.0' });
vscode.env.language = 'zh-cn';
vscode.env.appName = 'Visual Studio Code';
vscode.workspace.workspaceFolders = undefined;
vscode.workspace.textDocuments = [document];
vscode.workspace.getConfiguration = (section) => ({
  get: (key, fallback) => {
    const v = state.settings[section ? `${section}.${key}` : key];
    return v === undefined ? fallback : v;
  },
  has: () => false,
  inspect: () => undefined,
  update: async () => {},
});
vscode.workspace.onDidChangeConfiguration = (listener) => {
  state.configListeners.push(listener);
  return { dispose() {} };
};
vscode.workspace.registerTextDocumentContentProvider = (scheme, provider) => {
  state.contentProviders[scheme] = provider;
  return { dispose() {} };
};
vscode.window.createOutputChannel = (name) => ({
  name,
  append: (s) => { state.output += s; },
  appendLine: (s) => { state.output += `${s}\n`; },
  replace: (s) => { state.output = s; },
  clear() {}, show() {}, hide() {}, dispose() {},
});
vscode.window.showErrorMessage = (msg) => { state.errors.push(msg); return Promise.resolve(undefined); };
vscode.window.showWarningMessage = (msg) => { state.errors.push(msg); return Promise.resolve(undefined); };
vscode.window.showInformationMessage = (msg) => { state.infos.push(msg); return Promise.resolve(undefined); };
vscode.window.activeTextEditor = undefined;
vscode.commands.registerCommand = (id, fn) => {
  state.commands[id] = fn;
  return { dispose() {} };
};
vscode.commands.executeCommand = async (id, ...args) => { state.executed.push({ id, args }); };
vscode.languages.match = (selector, doc) => (doc && doc.languageId === 'python' ? 10 : 0);
// What the language client registers and creates, for the hover and diagnostics checks.
state.hoverProviders = [];
state.collections = [];
vscode.languages.registerHoverProvider = (selector, provider) => {
  state.hoverProviders.push(provider);
  return { dispose() {} };
};
vscode.languages.createDiagnosticCollection = (name) => {
  state.collections.push(name);
  return inert(`DiagnosticCollection(${name})`);
};
vscode.MarkdownString = class MarkdownString {
  constructor(value) { this.value = value || ''; }
  appendMarkdown(v) { this.value += v; return this; }
  appendText(v) { this.value += v; return this; }
  appendCodeblock(v) { this.value += v; return this; }
};
vscode.Hover = class Hover {
  constructor(contents, range) { this.contents = Array.isArray(contents) ? contents : [contents]; this.range = range; }
};
vscode.Uri.from = (parts) => uri(parts.scheme, parts.path);
vscode.Uri.file = (p) => uri('file', p);
vscode.Uri.parse = (s) => uri(s.split(':')[0], s.replace(/^[a-z-]+:\/\//, ''));

const resolveFilename = Module._resolveFilename;
Module._resolveFilename = function (request, ...rest) {
  return request === 'vscode' ? 'vscode' : resolveFilename.call(this, request, ...rest);
};
require.cache.vscode = { id: 'vscode', filename: 'vscode', loaded: true, exports: vscode };

const initOptionsLogged = () => [...state.output.matchAll(/initializationOptions (\{.*\})/g)].map((m) => JSON.parse(m[1]));

test('the extension in a stand-in VS Code: activate, show note, restart on settings, deactivate', async (t) => {
  assert.ok(BIN && fs.existsSync(BIN), 'set PYLORE_BIN to the pylore binary');
  assert.ok(fs.existsSync(path.join(EXT_DIR, 'node_modules', 'vscode-languageclient')),
    'editors/vscode/node_modules is not installed: run editors/setup.sh first');
  const ext = require(path.join(EXT_DIR, 'extension.js'));
  state.settings = { 'pylore.path': path.resolve(BIN), 'pylore.language': 'auto', 'pylore.notesPaths': [] };
  const context = { extensionPath: EXT_DIR, subscriptions: [] };
  let active = true;
  t.after(async () => { if (active) await ext.deactivate(); });

  await t.test('activate starts the server with the settings as initializationOptions', async () => {
    await ext.activate(context);
    assert.deepEqual(Object.keys(state.commands).sort(), ['pylore.restartServer', 'pylore.showNote']);
    assert.match(state.output, new RegExp(`starting ${path.resolve(BIN).replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} serve --log-level warn \\(setting\\)`));
    assert.deepEqual(initOptionsLogged().at(-1),
      { language: 'zh', inlayHints: true, explanations: true, notesPaths: [], disabledNotes: [] },
      'auto follows the display language zh-cn');
    assert.deepEqual(state.errors, []);
  });

  await t.test('one diagnostic collection per name; hovers trusted for pylore.showNote only', async () => {
    // VS Code warns "DiagnosticCollection with name 'pylore' does already exist" on a repeat.
    const named = state.collections.filter((n) => n !== undefined);
    assert.deepEqual(named, [...new Set(named)], `collections: ${JSON.stringify(state.collections)}`);
    assert.equal(state.hoverProviders.length, 1, 'one hover provider');
    const token = { isCancellationRequested: false, onCancellationRequested: () => ({ dispose() {} }) };
    const hover = await state.hoverProviders[0].provideHover(document, { line: 3, character: 25 }, token);
    assert.ok(hover && hover.contents.length > 0, 'a hover at `lambda`');
    for (const part of hover.contents) {
      assert.ok(part instanceof vscode.MarkdownString, 'Markdown contents');
      assert.deepEqual(part.isTrusted, { enabledCommands: ['pylore.showNote'] });
    }
    assert.match(hover.contents.map((p) => p.value).join('\n'), /lambda/);
  });

  await t.test('"pylore: Show note" fetches the whole note and previews it', async () => {
    vscode.window.activeTextEditor = {
      document,
      selection: { active: { line: 3, character: 30 } }, // on `lambda`
    };
    await state.commands['pylore.showNote']();
    assert.deepEqual(state.errors, []);
    const preview = state.executed.find((c) => c.id === 'markdown.showPreviewToSide');
    assert.ok(preview, `no preview opened; executed: ${JSON.stringify(state.executed)}; infos: ${state.infos}`);
    const noteUri = preview.args[0];
    assert.equal(noteUri.scheme, 'pylore-note');
    assert.equal(noteUri.path, '/lambda.md');
    const text = state.contentProviders['pylore-note'].provideTextDocumentContent(noteUri);
    assert.match(text, /^# lambda 表达式\n/, 'the whole note, in Chinese');

    vscode.window.activeTextEditor = { document, selection: { active: { line: 2, character: 0 } } };
    await state.commands['pylore.showNote']();
    assert.match(state.infos.at(-1), /no note/);
  });

  await t.test('changing a server setting restarts the server with the new options', async () => {
    const before = initOptionsLogged().length;
    state.settings['pylore.language'] = 'en';
    state.settings['pylore.disabledNotes'] = ['shadowed-builtin'];
    // The extension's listener returns the restart, so that it can be awaited here.
    await Promise.all(state.configListeners.map((listener) => listener(
      { affectsConfiguration: (key) => ['pylore', 'pylore.language', 'pylore.disabledNotes'].includes(key) })));
    assert.equal(initOptionsLogged().length, before + 1, 'one restart');
    assert.deepEqual(initOptionsLogged().at(-1),
      { language: 'en', inlayHints: true, explanations: true, notesPaths: [], disabledNotes: ['shadowed-builtin'] });
    vscode.window.activeTextEditor = { document, selection: { active: { line: 3, character: 30 } } };
    state.executed = [];
    await state.commands['pylore.showNote']();
    const preview = state.executed.find((c) => c.id === 'markdown.showPreviewToSide');
    assert.ok(preview, `no preview after the restart: ${state.errors}`);
    assert.match(state.contentProviders['pylore-note'].provideTextDocumentContent(preview.args[0]),
      /^# Lambda expression\n/);
  });

  await t.test('trace changes do not restart the server', async () => {
    const before = initOptionsLogged().length;
    await Promise.all(state.configListeners.map((listener) => listener(
      { affectsConfiguration: (key) => ['pylore', 'pylore.trace', 'pylore.trace.server'].includes(key) })));
    assert.equal(initOptionsLogged().length, before);
  });

  await t.test('a wrong pylore.path is reported, not replaced', async () => {
    state.settings['pylore.path'] = '/nonexistent/pylore';
    await state.commands['pylore.restartServer']();
    assert.match(state.errors.at(-1) || '', /pylore\.path is set to "\/nonexistent\/pylore", but there is no such file/);
    state.errors = [];
    state.settings['pylore.path'] = path.resolve(BIN);
    await state.commands['pylore.restartServer']();
    assert.deepEqual(state.errors, []);
  });

  await t.test('deactivate stops the server', async () => {
    await ext.deactivate();
    active = false;
    vscode.window.activeTextEditor = { document, selection: { active: { line: 3, character: 30 } } };
    await state.commands['pylore.showNote']();
    assert.match(state.errors.at(-1) || '', /not running/);
  });
});
