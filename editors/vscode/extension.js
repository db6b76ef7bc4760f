'use strict';
// pylore for VS Code: starts the pylore language server on stdio for Python files.
// The logic that needs no VS Code (settings, finding the binary) is in lib/config.js.

const fs = require('fs');
const os = require('os');
const vscode = require('vscode');
const { LanguageClient, TransportKind } = require('vscode-languageclient/node');
const config = require('./lib/config');

const NOTE_SCHEME = 'pylore-note';
const SHOW_NOTE = 'pylore.showNote';

// The server offers `pylore.showNote` through workspace/executeCommand, and vscode-languageclient
// would register it as a VS Code command of the same name, which the extension registers
// itself (command palette, context menu, and the links of the hovers): the second registration
// would fail. The extension's command forwards to the server instead.
class PyloreClient extends LanguageClient {
  registerFeature(feature) {
    const type = feature && feature.registrationType;
    if (type && type.method === 'workspace/executeCommand') return;
    super.registerFeature(feature);
  }
}

// A hover's Markdown may run one command only: the link to the whole note.
const HOVER_TRUST = Object.freeze({ enabledCommands: [SHOW_NOTE] });

function trustHover(hover) {
  if (!hover || !Array.isArray(hover.contents)) return hover;
  for (const part of hover.contents) {
    if (part instanceof vscode.MarkdownString) part.isTrusted = HOVER_TRUST;
  }
  return hover;
}

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

// The first bytes of a file (to tell which machine a bundled binary is for), or null.
function readHeader(p) {
  let fd;
  try {
    fd = fs.openSync(p, 'r');
    const buf = Buffer.alloc(64);
    const n = fs.readSync(fd, buf, 0, buf.length, 0);
    return buf.subarray(0, n);
  } catch {
    return null;
  } finally {
    if (fd !== undefined) fs.closeSync(fd);
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
    arch: process.arch,
    home: env.home,
    workspaceFolder: env.workspaceFolder,
    envPath: process.env.PATH,
    exists,
    readHeader,
  });
  if (!server.found) {
    const where = server.source === 'setting'
      ? `pylore.path is set to "${settings.path}", but there is no such file`
      : config.missingServerMessage(process.platform, process.arch, server.bundledProblem);
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
    // No diagnosticCollectionName: the server's pulled diagnostics come in a collection named
    // after its identifier (`pylore`); naming the pushed ones the same makes VS Code warn
    // "DiagnosticCollection with name 'pylore' does already exist".
    middleware: {
      provideHover: async (document, position, token, next) => trustHover(await next(document, position, token)),
      window: {
        // The server writes a note it is asked to show to a Markdown file: show it rendered.
        showDocument: async (params, next) => {
          const uri = vscode.Uri.parse(params.uri);
          if (uri.scheme === 'file' && uri.path.endsWith('.md')) {
            try {
              await vscode.commands.executeCommand('markdown.showPreviewToSide', uri);
              return { success: true };
            } catch {
              // No Markdown preview: the file as text, as the client would open it.
            }
          }
          return next(params);
        },
      },
    },
  };
  // The id `pylore` makes vscode-languageclient read the `pylore.trace.server` setting.
  const c = new PyloreClient('pylore', 'pylore', serverOptions, clientOptions);
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

// The note with a given id, asked through workspace/executeCommand (the links in hovers:
// command:pylore.showNote?[{"id": ...}]). The server either answers with the contents or
// writes the note to a file and asks the client to show it (window/showDocument, above).
async function showNoteById(id) {
  if (!client || !client.isRunning()) {
    vscode.window.showWarningMessage('pylore: the server is not running.');
    return;
  }
  let note;
  try {
    note = await client.sendRequest('workspace/executeCommand', { command: SHOW_NOTE, arguments: [{ id }] });
  } catch (err) {
    vscode.window.showErrorMessage(`pylore: ${err && err.message ? err.message : err}`);
    return;
  }
  if (!note) {
    vscode.window.showInformationMessage(`pylore has no note "${id}".`);
    return;
  }
  if (note.contents !== undefined) await showNoteContents(note);
}

async function showNoteContents(note) {
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

// From the command palette or the context menu: no argument, the construct under the cursor.
// From a hover's link: [{id}] (or a bare id).
async function showNote(arg) {
  const id = typeof arg === 'string' ? arg : arg && typeof arg.id === 'string' ? arg.id : null;
  if (id) return showNoteById(id);
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
  await showNoteContents(note);
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
    vscode.commands.registerCommand(SHOW_NOTE, showNote),
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
