'use strict';
// The extension's pure logic: settings -> initializationOptions and server arguments, and
// where the server binary is. No `vscode` import here, so `node --test` can load it.

const path = require('path');

const SECTION = 'pylore';
const LANGUAGES = ['auto', 'en', 'zh'];
const LOG_LEVELS = ['off', 'error', 'warn', 'info', 'debug'];

// Settings whose change needs a new server process (initializationOptions and the command
// line are only read at start). `pylore.trace.server` is not here: vscode-languageclient
// forwards it to the running server with $/setTrace.
const RESTART_SETTINGS = [
  'pylore.path',
  'pylore.language',
  'pylore.inlayHints',
  'pylore.notesPaths',
  'pylore.disabledNotes',
  'pylore.explanations',
  'pylore.logLevel',
];

const DEFAULTS = Object.freeze({
  path: '',
  language: 'auto',
  inlayHints: true,
  notesPaths: [],
  disabledNotes: [],
  explanations: true,
  logLevel: 'warn',
});

// The kinds of inline hint the server can switch off one by one.
const INLAY_KINDS = ['constructs', 'parameters', 'callArguments'];

// pylore.inlayHints is a boolean (all kinds) or an object {constructs, parameters,
// callArguments} of booleans (a kind left out stays on). Anything else: the default.
function inlayHintsSetting(value) {
  if (typeof value === 'boolean') return value;
  if (!value || typeof value !== 'object' || Array.isArray(value)) return DEFAULTS.inlayHints;
  const out = {};
  for (const kind of INLAY_KINDS) out[kind] = value[kind] !== false;
  return out;
}

function stringList(value) {
  if (!Array.isArray(value)) return [];
  return value.filter((v) => typeof v === 'string' && v.trim() !== '').map((v) => v.trim());
}

// `config` is anything with get(key) -> value | undefined (a vscode.WorkspaceConfiguration
// for section `pylore`, or a plain object in tests). Bad values fall back to the defaults.
function readSettings(config) {
  const get = (key) => (config && typeof config.get === 'function' ? config.get(key) : undefined);
  const p = get('path');
  const language = get('language');
  const inlayHints = get('inlayHints');
  const explanations = get('explanations');
  const logLevel = get('logLevel');
  return {
    path: typeof p === 'string' ? p.trim() : DEFAULTS.path,
    language: LANGUAGES.includes(language) ? language : DEFAULTS.language,
    inlayHints: inlayHintsSetting(inlayHints),
    notesPaths: stringList(get('notesPaths')),
    disabledNotes: stringList(get('disabledNotes')),
    explanations: typeof explanations === 'boolean' ? explanations : DEFAULTS.explanations,
    logLevel: LOG_LEVELS.includes(logLevel) ? logLevel : DEFAULTS.logLevel,
  };
}

// `auto` follows VS Code's display language (vscode.env.language: "en", "zh-cn", "zh-tw",
// "de", ...): Chinese for any zh-*, English for everything else (pylore has en and zh).
function resolveLanguage(setting, displayLanguage) {
  if (setting === 'en' || setting === 'zh') return setting;
  const dl = typeof displayLanguage === 'string' ? displayLanguage.toLowerCase() : '';
  return /^zh([-_.]|$)/.test(dl) ? 'zh' : 'en';
}

// `~`, `${workspaceFolder}` and `${userHome}` are expanded; a relative path is taken from the
// first workspace folder (left as is when there is none).
function expandPath(p, env) {
  const home = env && env.home;
  const ws = env && env.workspaceFolder;
  let out = p;
  if (ws) out = out.split('${workspaceFolder}').join(ws);
  if (home) out = out.split('${userHome}').join(home);
  if (home && (out === '~' || out.startsWith('~/') || out.startsWith('~\\'))) {
    out = path.join(home, out.slice(1));
  }
  if (ws && !path.isAbsolute(out)) out = path.resolve(ws, out);
  return out;
}

// settings (from readSettings) + { displayLanguage, home, workspaceFolder } -> the
// initializationOptions documented in the top-level README.
function initializationOptions(settings, env) {
  const e = env || {};
  return {
    language: resolveLanguage(settings.language, e.displayLanguage),
    inlayHints: inlayHintsSetting(settings.inlayHints),
    explanations: settings.explanations !== false,
    notesPaths: stringList(settings.notesPaths).map((p) => expandPath(p, e)),
    disabledNotes: stringList(settings.disabledNotes),
  };
}

function serverArgs(settings) {
  const level = settings && LOG_LEVELS.includes(settings.logLevel) ? settings.logLevel : 'warn';
  return ['serve', '--log-level', level];
}

function executableName(platform) {
  return platform === 'win32' ? 'pylore.exe' : 'pylore';
}

// Searches PATH the way a shell would; returns the full path or null.
function findOnPath(name, envPath, platform, exists) {
  if (!envPath) return null;
  const delimiter = platform === 'win32' ? ';' : ':';
  const exts = platform === 'win32' && !/\.exe$/i.test(name) ? ['.exe', ''] : [''];
  const join = platform === 'win32' ? path.win32.join : path.posix.join;
  for (const dir of envPath.split(delimiter)) {
    if (!dir) continue;
    for (const ext of exts) {
      const candidate = join(dir, name + ext);
      if (exists(candidate)) return candidate;
    }
  }
  return null;
}

// The platforms a .vsix is built for (`make vsix`), as VS Code names them, and the ELF
// machine of the static binary each one bundles.
const ELF_MACHINES = { 62: 'x64', 183: 'arm64' };

// Which CPU (process.arch spelling) an ELF executable is for, from its first bytes; null when
// the bytes are not an ELF header (another format, or unreadable).
function elfArch(header) {
  if (!header || header.length < 20) return null;
  if (header[0] !== 0x7f || header[1] !== 0x45 || header[2] !== 0x4c || header[3] !== 0x46) return null;
  const machine = header[5] === 2 ? header.readUInt16BE(18) : header.readUInt16LE(18);
  return ELF_MACHINES[machine] || `ELF machine ${machine}`;
}

// Why a bundled binary cannot run here (a string), or null when it can or when that cannot be
// told (not Linux, or the header unreadable: then starting it is the test).
function bundledProblem(header, platform, arch) {
  if (platform !== 'linux') return null;
  const got = elfArch(header);
  if (!got || got === arch) return null;
  return `the bundled server is built for linux-${got}, and this is linux-${arch}`;
}

// The message when no server is found (pylore.path not set): what is missing and what to do.
function missingServerMessage(platform, arch, problem) {
  const target = `${platform}-${arch}`;
  const built = ['linux-x64', 'linux-arm64'];
  const why = problem ||
    (built.includes(target)
      ? 'this copy of the extension has no bundled server'
      : `pylore ships servers for ${built.join(' and ')} only, not for ${target}`);
  return `${why}, and there is no \`pylore\` on PATH. Install the extension built for ${target}` +
    (built.includes(target) ? '' : ' (none exists yet: build pylore from source, see its README)') +
    ', or set pylore.path to a pylore binary';
}

// Where the server is:
//   1. pylore.path when set (a bare name is looked up on PATH; a relative path is taken
//      from the first workspace folder);
//   2. else the binary bundled in the extension, <extensionPath>/bin/pylore, when it is for
//      this machine (opts.readHeader given: its ELF header is checked on Linux);
//   3. else `pylore` on PATH.
// Returns { command, source: 'setting' | 'bundled' | 'path', found, bundledProblem }. `found`
// is false when nothing exists there; `command` is then still what would be spawned.
// `bundledProblem` says why a bundled binary was passed over (or is null).
// opts: { extensionPath, platform, arch, home, workspaceFolder, envPath, exists(path) -> bool,
//         readHeader(path) -> Buffer | null }.
function resolveServerPath(configured, opts) {
  const platform = opts.platform || process.platform;
  const exists = opts.exists;
  const configuredPath = typeof configured === 'string' ? configured.trim() : '';
  if (configuredPath) {
    const isBareName = !/[\\/]/.test(configuredPath) && !configuredPath.startsWith('~') &&
      !configuredPath.includes('${');
    if (isBareName) {
      const onPath = findOnPath(configuredPath, opts.envPath, platform, exists);
      return { command: onPath || configuredPath, source: 'setting', found: Boolean(onPath) };
    }
    const full = expandPath(configuredPath, opts);
    return { command: full, source: 'setting', found: exists(full) };
  }
  let problem = null;
  if (opts.extensionPath) {
    const bundled = path.join(opts.extensionPath, 'bin', executableName(platform));
    if (exists(bundled)) {
      problem = opts.readHeader
        ? bundledProblem(opts.readHeader(bundled), platform, opts.arch || process.arch)
        : null;
      if (!problem) return { command: bundled, source: 'bundled', found: true, bundledProblem: null };
    }
  }
  const onPath = findOnPath('pylore', opts.envPath, platform, exists);
  return { command: onPath || 'pylore', source: 'path', found: Boolean(onPath), bundledProblem: problem };
}

// affects(key) -> bool, as ConfigurationChangeEvent.affectsConfiguration.
function needsRestart(affects) {
  return RESTART_SETTINGS.some((key) => affects(key));
}

module.exports = {
  SECTION,
  RESTART_SETTINGS,
  DEFAULTS,
  INLAY_KINDS,
  inlayHintsSetting,
  readSettings,
  resolveLanguage,
  expandPath,
  initializationOptions,
  serverArgs,
  executableName,
  findOnPath,
  elfArch,
  bundledProblem,
  missingServerMessage,
  resolveServerPath,
  needsRestart,
};
