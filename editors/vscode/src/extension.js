// Entry point of the taskc VS Code extension: runs `taskc lsp` (the binary
// from the `taskc.path` setting) as the language server of `.task` files.
'use strict';

const vscode = require('vscode');
const { LanguageClient } = require('vscode-languageclient/node');
const { createController } = require('./controller');

// The client id `taskc` makes vscode-languageclient read `taskc.trace.server`.
const controller = createController(
  vscode,
  (serverOptions, clientOptions) =>
    new LanguageClient('taskc', 'taskc', serverOptions, clientOptions),
);

function activate(context) {
  return controller.activate(context);
}

function deactivate() {
  return controller.deactivate();
}

module.exports = { activate, deactivate };
