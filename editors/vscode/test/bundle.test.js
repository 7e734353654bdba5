// The bundled entry point (dist/extension.js, built by `npm run build`) is
// what the .vsix ships: it must load with only `vscode` outside the bundle.
'use strict';

const assert = require('node:assert/strict');
const fs = require('node:fs');
const Module = require('node:module');
const path = require('node:path');
const { test } = require('node:test');
const { createFakeVscode } = require('./fake-vscode');

const BUNDLE = path.join(__dirname, '..', 'dist', 'extension.js');

/** Requires the bundle with `vscode` resolved to `fake`, nothing else from outside. */
function loadBundle(fake) {
  const outside = [];
  const load = Module._load;
  // Classes the language client extends at load time are stubs.
  const api = new Proxy(fake, {
    get: (target, key) => (key in target ? target[key] : class Stub {}),
  });
  Module._load = function loadWithFakeVscode(request, parent, isMain) {
    if (request === 'vscode') {
      return api;
    }
    if (
      parent &&
      parent.filename === BUNDLE &&
      !request.startsWith('node:') &&
      !Module.isBuiltin(request)
    ) {
      outside.push(request);
    }
    return load.call(this, request, parent, isMain);
  };
  try {
    delete require.cache[BUNDLE];
    return { extension: require(BUNDLE), outside };
  } finally {
    Module._load = load;
  }
}

test('the bundle loads with vscode as its only external module', async () => {
  assert.ok(fs.existsSync(BUNDLE), 'no dist/extension.js: run `npm run build` (npm test does)');
  const fake = createFakeVscode({ settings: { 'taskc.path': '/nowhere/taskc' } });
  const { extension, outside } = loadBundle(fake);
  assert.deepEqual(outside, []);
  assert.equal(typeof extension.activate, 'function');
  assert.equal(typeof extension.deactivate, 'function');

  // Activation with no binary reports it instead of throwing.
  assert.equal(await extension.activate({ subscriptions: [] }), false);
  assert.match(fake.calls.errors[0].message, /taskc\.path/);
  await extension.deactivate();
});
