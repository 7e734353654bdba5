// Finding the taskc binary named by the `taskc.path` setting. No VS Code API
// here, so the rules can be tested with plain node.
'use strict';

const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

const SETTING = 'taskc.path';
const DEFAULT_COMMAND = 'taskc';

/** The ways to install taskc the error message offers. */
const INSTALL_HINTS = ['pip install taskc', 'cargo install --path .'];

function isExecutableFile(candidate, platform) {
  try {
    const stat = fs.statSync(candidate);
    if (!stat.isFile()) {
      return false;
    }
    if (platform === 'win32') {
      return true;
    }
    fs.accessSync(candidate, fs.constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** `~` and `~/…` stand for the home directory, as in a shell. */
function expandHome(setting, home) {
  if (setting === '~') {
    return home;
  }
  if (setting.startsWith('~/') || setting.startsWith('~\\')) {
    return path.join(home, setting.slice(2));
  }
  return setting;
}

/**
 * The absolute path of the binary `setting` names, or `undefined`.
 *
 * A value with a directory part (`./bin/taskc`, `/usr/local/bin/taskc`,
 * `~/.cargo/bin/taskc`) is a file path, relative ones taken from the first
 * workspace folder; a bare name (`taskc`) is looked up on PATH, with PATHEXT
 * on Windows, as a shell would. `options.platform` only switches the Windows
 * rules (PATHEXT, no execute bit); paths are always the host's.
 */
function resolveServerPath(setting, options = {}) {
  const env = options.env ?? process.env;
  const platform = options.platform ?? process.platform;
  const home = options.home ?? os.homedir();
  const cwd = options.cwd ?? process.cwd();

  const trimmed = (setting ?? '').trim();
  const command = expandHome(trimmed === '' ? DEFAULT_COMMAND : trimmed, home);
  // Windows runs `taskc` as `taskc.exe` (PATHEXT); a file named plain
  // `taskc` there is not a program.
  const extensions =
    platform === 'win32' && path.extname(command) === ''
      ? (env.PATHEXT ?? '.COM;.EXE;.BAT;.CMD').split(';').filter(Boolean)
      : [''];
  const withExtensions = (base) => extensions.map((ext) => base + ext);

  const hasDirectory = command.includes('/') || (platform === 'win32' && command.includes('\\'));
  if (hasDirectory) {
    const absolute = path.isAbsolute(command) ? command : path.resolve(cwd, command);
    return withExtensions(absolute).find((candidate) => isExecutableFile(candidate, platform));
  }

  const searchPath = env.PATH ?? env.Path ?? '';
  for (const dir of searchPath.split(path.delimiter)) {
    if (dir === '') {
      continue;
    }
    const found = withExtensions(path.join(dir, command)).find((candidate) =>
      isExecutableFile(candidate, platform),
    );
    if (found) {
      return found;
    }
  }
  return undefined;
}

/** The message shown when `setting` names no runnable binary. */
function missingServerMessage(setting) {
  const trimmed = (setting ?? '').trim();
  const where =
    trimmed === '' || trimmed === DEFAULT_COMMAND
      ? `\`${DEFAULT_COMMAND}\` was not found on PATH`
      : `\`${trimmed}\` (setting \`${SETTING}\`) is not an executable file`;
  return (
    `taskc: cannot start the language server: ${where}. ` +
    `Install taskc (\`${INSTALL_HINTS[0]}\`, ` +
    `or \`${INSTALL_HINTS[1]}\` in a clone of the taskc repository), ` +
    `or set \`${SETTING}\` to the taskc binary.`
  );
}

/** How the client runs the server: `<binary> lsp`, speaking LSP on stdio. */
function serverCommand(binary, cwd) {
  return { command: binary, args: ['lsp'], options: cwd ? { cwd } : {} };
}

module.exports = {
  SETTING,
  DEFAULT_COMMAND,
  INSTALL_HINTS,
  resolveServerPath,
  missingServerMessage,
  serverCommand,
};
