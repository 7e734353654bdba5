// Finding the taskc binary from `taskc.path`, and the message when it is missing.
'use strict';

const assert = require('node:assert/strict');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { test } = require('node:test');
const {
  resolveServerPath,
  missingServerMessage,
  serverCommand,
  SETTING,
} = require('../src/server');

function scratch() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'taskc-vscode-'));
  const bin = path.join(dir, 'bin');
  fs.mkdirSync(bin);
  const taskc = path.join(bin, 'taskc');
  fs.writeFileSync(taskc, '#!/bin/sh\n');
  fs.chmodSync(taskc, 0o755);
  return { dir, bin, taskc };
}

const posix = { platform: 'linux' };

test('a bare name is looked up on PATH', () => {
  const { dir, bin, taskc } = scratch();
  const env = { PATH: [path.join(dir, 'empty'), bin].join(path.delimiter) };
  assert.equal(resolveServerPath('taskc', { ...posix, env }), taskc);
  // An empty setting means the default, `taskc`.
  assert.equal(resolveServerPath('  ', { ...posix, env }), taskc);
  assert.equal(resolveServerPath(undefined, { ...posix, env }), taskc);
});

test('a bare name missing from PATH resolves to nothing', () => {
  const { dir } = scratch();
  assert.equal(resolveServerPath('taskc', { ...posix, env: { PATH: dir } }), undefined);
  assert.equal(resolveServerPath('taskc', { ...posix, env: {} }), undefined);
});

test('a file that is not executable does not count', () => {
  const { bin, taskc } = scratch();
  fs.chmodSync(taskc, 0o644);
  assert.equal(resolveServerPath('taskc', { ...posix, env: { PATH: bin } }), undefined);
  assert.equal(resolveServerPath(taskc, { ...posix, env: {} }), undefined);
  // Nor does a directory of that name.
  assert.equal(resolveServerPath(bin, { ...posix, env: {} }), undefined);
});

test('a path is used as is: absolute, relative to the workspace, or under ~', () => {
  const { dir, taskc } = scratch();
  assert.equal(resolveServerPath(taskc, { ...posix, env: {} }), taskc);
  assert.equal(resolveServerPath('./bin/taskc', { ...posix, env: {}, cwd: dir }), taskc);
  assert.equal(resolveServerPath('bin/taskc', { ...posix, env: {}, cwd: dir }), taskc);
  assert.equal(resolveServerPath('~/bin/taskc', { ...posix, env: {}, home: dir }), taskc);
  assert.equal(
    resolveServerPath('./taskc', { ...posix, env: { PATH: path.join(dir, 'bin') }, cwd: dir }),
    undefined,
  );
});

test('on Windows, PATHEXT extensions are tried and a plain `taskc` is not a program', () => {
  const { bin } = scratch();
  // Windows matches extensions without regard to case; this disk may not.
  const exe = path.join(bin, 'taskc.EXE');
  fs.writeFileSync(exe, '');
  const found = resolveServerPath('taskc', {
    platform: 'win32',
    env: { Path: bin, PATHEXT: '.EXE;.CMD' },
  });
  assert.equal(found, exe);
});

test('the message names the setting and both ways to install taskc', () => {
  for (const setting of ['taskc', '', '/opt/taskc/bin/taskc']) {
    const message = missingServerMessage(setting);
    assert.match(message, /taskc\.path/);
    assert.match(message, /pip install taskc/);
    assert.match(message, /cargo install --path \./);
  }
  assert.match(missingServerMessage('taskc'), /`taskc` was not found on PATH/);
  assert.match(
    missingServerMessage('/opt/taskc/bin/taskc'),
    /`\/opt\/taskc\/bin\/taskc` \(setting `taskc\.path`\) is not an executable file/,
  );
  assert.equal(SETTING, 'taskc.path');
});

test('the server runs as `<binary> lsp` from the workspace folder', () => {
  assert.deepEqual(serverCommand('/x/taskc', '/ws'), {
    command: '/x/taskc',
    args: ['lsp'],
    options: { cwd: '/ws' },
  });
  assert.deepEqual(serverCommand('/x/taskc', undefined).options, {});
});
