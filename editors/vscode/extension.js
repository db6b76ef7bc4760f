'use strict';
// pylore for VS Code: starts the pylore language server on stdio for Python files.
// The logic that needs no VS Code (settings, finding the binary) is in lib/config.js.

const fs = require('fs');
const os = require('os');
const vscode = require('vscode');
const { LanguageClient, TransportKind } = require('vscode-languageclient/node');
const config = require('./lib/config');

const NOTE_SCHEME = 'pylore-note';

let context;
let output;
let client;
// Starts and stops run one after another, whatever fires them (settings, commands).
let queue = Promise.resolve();
// The notes opened by "pylore: Show note", served read-only under pylore-note:/<id>.md.
const noteTexts = new Map();
const noteChanged = new vscode.EventEmitter();

function serially(job) {
  queue = queue.then(job, job).catch((err) => {
    output.appendLine(`pylore: ${err && err.stack ? err.stack : err}`);
  });
  return queue;
}

function environment() {
  const folders = vscode.workspace.workspaceFolders;
  return {
    home: os.homedir(),
    workspaceFolder: folders && folders.length ? folders[0].uri.fsPath : undefined,
    displayLanguage: vscode.env.language,
  };
}

function exists(p) {
  try {
    return fs.statSync(p).isFile();
  } catch {
    return false;
  }
}

// A .vsix is a zip; make sure the bundled binary kept its executable bit.
function ensureExecutable(p) {
  if (process.platform === 'win32') return;
  try {
    fs.accessSync(p, fs.constants.X_OK);
  } catch {
    try {
      fs.chmodSync(p, 0o755);
    } catch (err) {
      output.appendLine(`pylore: cannot make ${p} executable: ${err.message}`);
    }
  }
}

async function start() {
  const settings = config.readSettings(vscode.workspace.getConfiguration(config.SECTION));
  const env = environment();
  const server = config.resolveServerPath(settings.path, {
    extensionPath: context.extensionPath,
    platform: process.platform,
    home: env.home,
    workspaceFolder: env.workspaceFolder,
    envPath: process.env.PATH,
    exists,
  });
  if (!server.found) {
    const where = server.source === 'setting'
      ? `pylore.path is set to "${settings.path}", but there is no such file`
      : 'no pylore binary is bundled with the extension and there is none on PATH';
    output.appendLine(`pylore: cannot start the server: ${where}.`);
    vscode.window
      .showErrorMessage(`pylore: cannot start the server: ${where}.`, 'Open Settings')
      .then((choice) => {
        if (choice) vscode.commands.executeCommand('workbench.action.openSettings', 'pylore.path');
      });
    return;
  }
  if (server.source === 'bundled') ensureExecutable(server.command);
  const args = config.serverArgs(settings);
  const initializationOptions = config.initializationOptions(settings, env);
  output.appendLine(`pylore: starting ${server.command} ${args.join(' ')} (${server.source})`);
  output.appendLine(`pylore: initializationOptions ${JSON.stringify(initializationOptions)}`);

  const serverOptions = {
    command: server.command,
    args,
    transport: TransportKind.stdio,
  };
  const clientOptions = {
    documentSelector: [
      { scheme: 'file', language: 'python' },
      { scheme: 'untitled', language: 'python' },
    ],
    initializationOptions,
    // The server's stderr (its log) and, with pylore.trace.server, the LSP trace go here.
    outputChannel: output,
    diagnosticCollectionName: 'pylore',
  };
  // The id `pylore` makes vscode-languageclient read the `pylore.trace.server` setting.
  const c = new LanguageClient('pylore', 'pylore', serverOptions, clientOptions);
  client = c;
  try {
    await c.start();
  } catch (err) {
    output.appendLine(`pylore: the server did not start: ${err && err.message ? err.message : err}`);
    vscode.window.showErrorMessage(
      `pylore: the server did not start (${server.command}). See the pylore output.`);
  }
}

async function stop() {
  const c = client;
  client = undefined;
  if (!c) return;
  try {
    if (c.isRunning()) await c.stop(2000);
  } catch (err) {
    output.appendLine(`pylore: stopping the server: ${err && err.message ? err.message : err}`);
  }
  try {
    await c.dispose();
  } catch {
    /* already stopped */
  }
}

function restart() {
  return serially(async () => {
    await stop();
    await start();
  });
}

async function showNote() {
  const editor = vscode.window.activeTextEditor;
  if (!editor || editor.document.languageId !== 'python') {
    vscode.window.showInformationMessage('pylore: put the cursor on Python code first.');
    return;
  }
  if (!client || !client.isRunning()) {
    vscode.window.showWarningMessage('pylore: the server is not running.');
    return;
  }
  const params = client.code2ProtocolConverter.asTextDocumentPositionParams(
    editor.document, editor.selection.active);
  let note;
  try {
    note = await client.sendRequest('pylore/showNote', params);
  } catch (err) {
    vscode.window.showErrorMessage(`pylore: ${err && err.message ? err.message : err}`);
    return;
  }
  if (!note) {
    vscode.window.showInformationMessage('pylore has no note about the code under the cursor.');
    return;
  }
  const uri = vscode.Uri.from({ scheme: NOTE_SCHEME, path: `/${note.id}.md` });
  noteTexts.set(uri.toString(), note.contents || `# ${note.title}\n`);
  noteChanged.fire(uri);
  try {
    await vscode.commands.executeCommand('markdown.showPreviewToSide', uri);
  } catch {
    // No markdown preview (the built-in extension disabled): the markdown source instead.
    const doc = await vscode.workspace.openTextDocument(uri);
    await vscode.languages.setTextDocumentLanguage(doc, 'markdown');
    await vscode.window.showTextDocument(doc, { viewColumn: vscode.ViewColumn.Beside, preview: true });
  }
}

function activate(ctx) {
  context = ctx;
  output = vscode.window.createOutputChannel('pylore');
  ctx.subscriptions.push(
    output,
    noteChanged,
    vscode.workspace.registerTextDocumentContentProvider(NOTE_SCHEME, {
      onDidChange: noteChanged.event,
      provideTextDocumentContent: (uri) => noteTexts.get(uri.toString()) || '',
    }),
    vscode.commands.registerCommand('pylore.showNote', showNote),
    vscode.commands.registerCommand('pylore.restartServer', () => {
      output.appendLine('pylore: restarting the server');
      return restart();
    }),
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (config.needsRestart((key) => e.affectsConfiguration(key))) {
        output.appendLine('pylore: settings changed; restarting the server');
        return restart();
      }
      return undefined;
    }),
  );
  return serially(start);
}

function deactivate() {
  return serially(stop);
}

module.exports = { activate, deactivate };
