// Starting `taskc lsp`, and what the user sees when it cannot start.
'use strict';

const assert = require('node:assert/strict');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { test } = require('node:test');
const { createController, OPEN_SETTINGS, RESTART_COMMAND } = require('../src/controller');
const { createFakeVscode, createFakeClients } = require('./fake-vscode');

function fakeBinary() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'taskc-vscode-'));
  const taskc = path.join(dir, 'taskc');
  fs.writeFileSync(taskc, '#!/bin/sh\n');
  fs.chmodSync(taskc, 0o755);
  return { dir, taskc };
}

const noPath = { env: { PATH: '' }, platform: 'linux' };

test('starts `<taskc.path> lsp` for .task documents', async () => {
  const { dir, taskc } = fakeBinary();
  const vscode = createFakeVscode({ settings: { 'taskc.path': taskc }, folders: [dir] });
  const clients = createFakeClients();
  const controller = createController(vscode, clients.factory, noPath);
  const context = { subscriptions: [] };

  assert.equal(await controller.activate(context), true);
  assert.equal(clients.created.length, 1);
  const [client] = clients.created;
  assert.ok(client.started);
  assert.deepEqual(client.serverOptions, { command: taskc, args: ['lsp'], options: { cwd: dir } });
  assert.deepEqual(client.clientOptions.documentSelector, [
    { scheme: 'file', language: 'task' },
    { scheme: 'untitled', language: 'task' },
  ]);
  assert.equal(client.clientOptions.outputChannel.name, 'taskc');
  assert.deepEqual(vscode.calls.errors, []);
  assert.ok(context.subscriptions.length >= 3);

  await controller.deactivate();
  assert.ok(client.stopped);
});

test('the default `taskc` is found on PATH', async () => {
  const { dir, taskc } = fakeBinary();
  const vscode = createFakeVscode();
  const clients = createFakeClients();
  const controller = createController(vscode, clients.factory, {
    env: { PATH: dir },
    platform: 'linux',
  });
  assert.equal(await controller.activate({ subscriptions: [] }), true);
  assert.equal(clients.created[0].serverOptions.command, taskc);
});

test('a missing binary gives an error naming the setting and how to install taskc', async () => {
  const vscode = createFakeVscode({ choice: OPEN_SETTINGS });
  const clients = createFakeClients();
  const controller = createController(vscode, clients.factory, noPath);

  assert.equal(await controller.activate({ subscriptions: [] }), false);
  assert.equal(clients.created.length, 0);
  assert.equal(vscode.calls.errors.length, 1);
  const [{ message, items }] = vscode.calls.errors;
  assert.match(message, /`taskc` was not found on PATH/);
  assert.match(message, /taskc\.path/);
  assert.match(message, /pip install taskc/);
  assert.match(message, /cargo install --path \./);
  assert.deepEqual(items, [OPEN_SETTINGS]);
  assert.deepEqual(vscode.calls.output, [message]);

  // Choosing "Open Settings" opens the setting.
  await controller.lastPrompt;
  assert.deepEqual(vscode.calls.commands, [['workbench.action.openSettings', 'taskc.path']]);
});

test('dismissing the error opens nothing', async () => {
  const vscode = createFakeVscode({ settings: { 'taskc.path': '/nowhere/taskc' } });
  const controller = createController(vscode, createFakeClients().factory, noPath);
  assert.equal(await controller.activate({ subscriptions: [] }), false);
  assert.match(
    vscode.calls.errors[0].message,
    /`\/nowhere\/taskc` \(setting `taskc\.path`\) is not an executable file/,
  );
  await controller.lastPrompt;
  assert.deepEqual(vscode.calls.commands, []);
});

test('a server that fails to start is reported', async () => {
  const { taskc } = fakeBinary();
  const vscode = createFakeVscode({ settings: { 'taskc.path': taskc } });
  const clients = createFakeClients({ failWith: 'unknown subcommand lsp' });
  const controller = createController(vscode, clients.factory, noPath);
  assert.equal(await controller.activate({ subscriptions: [] }), false);
  assert.equal(controller.client, undefined);
  const [{ message }] = vscode.calls.errors;
  assert.match(message, /lsp` did not start \(unknown subcommand lsp\)/);
  assert.match(message, /taskc\.path/);
});

test('changing taskc.path restarts the server with the new binary', async () => {
  const first = fakeBinary();
  const second = fakeBinary();
  const vscode = createFakeVscode({ settings: { 'taskc.path': first.taskc } });
  const clients = createFakeClients();
  const controller = createController(vscode, clients.factory, noPath);
  await controller.activate({ subscriptions: [] });

  vscode.changeSetting('taskc.path', second.taskc);
  await new Promise((resolve) => setImmediate(resolve));
  assert.equal(clients.created.length, 2);
  assert.ok(clients.created[0].stopped);
  assert.equal(clients.created[1].serverOptions.command, second.taskc);
  assert.equal(controller.client, clients.created[1]);

  // Other settings leave the server alone.
  vscode.changeSetting('editor.tabSize', 4);
  await new Promise((resolve) => setImmediate(resolve));
  assert.equal(clients.created.length, 2);
});

test('the restart command stops and starts the server', async () => {
  const { taskc } = fakeBinary();
  const vscode = createFakeVscode({ settings: { 'taskc.path': taskc } });
  const clients = createFakeClients();
  const controller = createController(vscode, clients.factory, noPath);
  await controller.activate({ subscriptions: [] });
  assert.equal(await vscode.calls.registered[RESTART_COMMAND](), true);
  assert.equal(clients.created.length, 2);
  assert.ok(clients.created[0].stopped);
  assert.ok(clients.created[1].started);
});
