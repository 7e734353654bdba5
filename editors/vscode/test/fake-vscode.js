// A stand-in for the parts of the `vscode` module the extension uses,
// recording what the extension asks of the editor.
'use strict';

function createFakeVscode({ settings = {}, folders = [], choice } = {}) {
  const calls = { errors: [], commands: [], output: [], registered: {}, configListeners: [] };
  const disposable = { dispose() {} };
  const vscode = {
    calls,
    settings,
    workspace: {
      workspaceFolders: folders.map((fsPath) => ({ uri: { fsPath } })),
      getConfiguration(section) {
        return {
          get: (key, fallback) => settings[`${section}.${key}`] ?? fallback,
        };
      },
      onDidChangeConfiguration(listener) {
        calls.configListeners.push(listener);
        return disposable;
      },
    },
    window: {
      createOutputChannel: (name) => ({
        name,
        appendLine: (line) => calls.output.push(line),
        dispose() {},
      }),
      showErrorMessage: async (message, ...items) => {
        calls.errors.push({ message, items });
        return choice;
      },
    },
    commands: {
      registerCommand(id, handler) {
        calls.registered[id] = handler;
        return disposable;
      },
      async executeCommand(...args) {
        calls.commands.push(args);
      },
    },
    /** Fires onDidChangeConfiguration for a change of `setting`. */
    changeSetting(setting, value) {
      settings[setting] = value;
      const event = { affectsConfiguration: (s) => s === setting || setting.startsWith(`${s}.`) };
      for (const listener of calls.configListeners) {
        listener(event);
      }
    },
  };
  return vscode;
}

/** A client factory whose clients record start/stop; `failWith` makes start reject. */
function createFakeClients({ failWith } = {}) {
  const created = [];
  const factory = (serverOptions, clientOptions) => {
    const client = {
      serverOptions,
      clientOptions,
      started: false,
      stopped: false,
      async start() {
        if (failWith) {
          throw new Error(failWith);
        }
        client.started = true;
      },
      async stop() {
        client.stopped = true;
      },
    };
    created.push(client);
    return client;
  };
  return { created, factory };
}

module.exports = { createFakeVscode, createFakeClients };
