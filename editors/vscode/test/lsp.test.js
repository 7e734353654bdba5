// The command the extension runs, `taskc lsp`, against a real taskc: it
// answers `initialize` over stdio and publishes diagnostics for a .task file.
// TASKC_BIN names the binary (default: the workspace's target/debug/taskc);
// without one the test is skipped, unless TASKC_REQUIRE_SERVER=1.
'use strict';

const assert = require('node:assert/strict');
const { spawn } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { pathToFileURL } = require('node:url');
const { test } = require('node:test');
const rpc = require('vscode-jsonrpc/node');
const { serverCommand } = require('../src/server');

const REPO = path.resolve(__dirname, '..', '..', '..');
const binary = process.env.TASKC_BIN || path.join(REPO, 'target', 'debug', 'taskc');
const available = fs.existsSync(binary);
const required = process.env.TASKC_REQUIRE_SERVER === '1';

test(
  '`taskc lsp` speaks LSP on stdio',
  { skip: !available && !required && `no taskc at ${binary}`, timeout: 60_000 },
  async () => {
    assert.ok(available, `TASKC_REQUIRE_SERVER=1 but there is no taskc at ${binary}`);
    const workspace = fs.mkdtempSync(path.join(os.tmpdir(), 'taskc-vscode-lsp-'));
    fs.writeFileSync(
      path.join(workspace, 'taskc.toml'),
      '[flyte]\nproject = "p"\ndomain = "development"\n',
    );
    const file = path.join(workspace, 'broken.task');
    const text = 'env ok {}\ntemplate t in missing-env {\n  returns int\n}\n';
    fs.writeFileSync(file, text);

    const { command, args } = serverCommand(binary, workspace);
    const child = spawn(command, args, { cwd: workspace, stdio: ['pipe', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (chunk) => {
      stderr += chunk;
    });
    const connection = rpc.createMessageConnection(
      new rpc.StreamMessageReader(child.stdout),
      new rpc.StreamMessageWriter(child.stdin),
    );
    const uri = pathToFileURL(file).href;
    const diagnostics = new Promise((resolve) => {
      connection.onNotification('textDocument/publishDiagnostics', (params) => {
        if (params.uri === uri && params.diagnostics.length > 0) {
          resolve(params.diagnostics);
        }
      });
    });
    // The server may register file watchers; accept like VS Code does.
    connection.onRequest('client/registerCapability', () => null);
    connection.onRequest('window/workDoneProgress/create', () => null);
    connection.onRequest('workspace/configuration', (params) => params.items.map(() => null));
    connection.listen();

    try {
      const init = await connection.sendRequest('initialize', {
        processId: process.pid,
        rootUri: pathToFileURL(workspace).href,
        workspaceFolders: [{ uri: pathToFileURL(workspace).href, name: 'ws' }],
        capabilities: {
          workspace: { didChangeWatchedFiles: { dynamicRegistration: true } },
          textDocument: { publishDiagnostics: {} },
        },
      });
      assert.ok(
        init.capabilities.textDocumentSync !== undefined,
        JSON.stringify(init.capabilities),
      );
      connection.sendNotification('initialized', {});
      connection.sendNotification('textDocument/didOpen', {
        textDocument: { uri, languageId: 'task', version: 1, text },
      });
      const found = await diagnostics;
      assert.ok(
        found.some((d) => /missing-env/.test(d.message)),
        JSON.stringify(found.map((d) => d.message)),
      );
      await connection.sendRequest('shutdown');
      connection.sendNotification('exit');
      const code = await new Promise((resolve) => child.on('exit', resolve));
      assert.equal(code, 0, stderr);
    } finally {
      connection.dispose();
      child.kill();
    }
  },
);
