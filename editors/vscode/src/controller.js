// Starts, restarts and stops the taskc language server. The VS Code API and
// the client constructor are passed in, so tests can drive this with fakes.
'use strict';

const { SETTING, resolveServerPath, missingServerMessage, serverCommand } = require('./server');

const OPEN_SETTINGS = 'Open Settings';
const RESTART_COMMAND = 'taskc.restartServer';

/**
 * @param vscode the `vscode` module (or a fake with the same shape)
 * @param createClient `(serverOptions, clientOptions) => client` with
 *   `start(): Promise` and `stop(): Promise`, a `LanguageClient` in VS Code
 * @param resolveOptions overrides for `resolveServerPath` (env, platform, home)
 */
function createController(vscode, createClient, resolveOptions = {}) {
  let client;
  let output;
  // Settled once the user has answered (or dismissed) the last error shown;
  // activation never waits for it.
  let lastPrompt = Promise.resolve();

  function workspaceRoot() {
    const folders = vscode.workspace.workspaceFolders;
    return folders && folders.length > 0 ? folders[0].uri.fsPath : undefined;
  }

  function showError(message) {
    output.appendLine(message);
    lastPrompt = Promise.resolve(vscode.window.showErrorMessage(message, OPEN_SETTINGS)).then(
      (choice) =>
        choice === OPEN_SETTINGS
          ? vscode.commands.executeCommand('workbench.action.openSettings', SETTING)
          : undefined,
    );
  }

  /** Starts the server; false (after telling the user why) when it cannot. */
  async function start() {
    const setting = vscode.workspace.getConfiguration('taskc').get('path', 'taskc');
    const root = workspaceRoot();
    const binary = resolveServerPath(setting, {
      ...resolveOptions,
      cwd: root ?? resolveOptions.cwd,
    });
    if (!binary) {
      showError(missingServerMessage(setting));
      return false;
    }
    const clientOptions = {
      documentSelector: [
        { scheme: 'file', language: 'task' },
        { scheme: 'untitled', language: 'task' },
      ],
      outputChannel: output,
    };
    const candidate = createClient(serverCommand(binary, root), clientOptions);
    try {
      await candidate.start();
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      showError(
        `taskc: \`${binary} lsp\` did not start (${reason}). ` +
          `Check that \`${SETTING}\` names a taskc recent enough to have the \`lsp\` subcommand.`,
      );
      return false;
    }
    client = candidate;
    return true;
  }

  async function stop() {
    const running = client;
    client = undefined;
    if (running) {
      await running.stop();
    }
  }

  async function restart() {
    await stop();
    return start();
  }

  async function activate(context) {
    output = vscode.window.createOutputChannel('taskc');
    context.subscriptions.push(
      output,
      vscode.commands.registerCommand(RESTART_COMMAND, restart),
      vscode.workspace.onDidChangeConfiguration((event) => {
        if (event.affectsConfiguration(SETTING)) {
          restart().catch((error) => output.appendLine(`taskc: restart failed: ${error}`));
        }
      }),
    );
    return start();
  }

  return {
    activate,
    deactivate: stop,
    restart,
    get client() {
      return client;
    },
    get lastPrompt() {
      return lastPrompt;
    },
  };
}

module.exports = { createController, OPEN_SETTINGS, RESTART_COMMAND };
