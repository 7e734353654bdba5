// package.json and language-configuration.json: what VS Code reads from the
// extension before any code runs.
'use strict';

const assert = require('node:assert/strict');
const fs = require('node:fs');
const path = require('node:path');
const { test } = require('node:test');
const { RESTART_COMMAND } = require('../src/controller');

const ROOT = path.join(__dirname, '..');
const manifest = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
const config = JSON.parse(fs.readFileSync(path.join(ROOT, 'language-configuration.json'), 'utf8'));

test('the manifest contributes the task language, its grammar and the settings', () => {
  assert.equal(manifest.name, 'taskc');
  assert.ok(manifest.publisher);
  assert.ok(manifest.engines.vscode);
  assert.equal(manifest.main, './dist/extension.js');
  const [language] = manifest.contributes.languages;
  assert.equal(language.id, 'task');
  assert.deepEqual(language.extensions, ['.task']);
  assert.ok(language.aliases.length > 0);
  assert.ok(fs.existsSync(path.join(ROOT, language.configuration)));

  const [grammar] = manifest.contributes.grammars;
  assert.equal(grammar.language, 'task');
  assert.equal(grammar.scopeName, 'source.task');
  const grammarJson = JSON.parse(fs.readFileSync(path.join(ROOT, grammar.path), 'utf8'));
  assert.equal(grammarJson.scopeName, 'source.task');

  const settings = manifest.contributes.configuration.properties;
  assert.equal(settings['taskc.path'].type, 'string');
  assert.equal(settings['taskc.path'].default, 'taskc');
  assert.deepEqual(settings['taskc.trace.server'].enum, ['off', 'messages', 'verbose']);
  assert.deepEqual(
    manifest.contributes.commands.map((c) => c.command),
    [RESTART_COMMAND],
  );
  assert.ok(manifest.activationEvents.includes('onLanguage:task'));
});

test('every grammar include names a rule of the grammar', () => {
  const grammarJson = JSON.parse(
    fs.readFileSync(path.join(ROOT, 'syntaxes', 'task.tmLanguage.json'), 'utf8'),
  );
  const includes = [];
  const walk = (node) => {
    if (Array.isArray(node)) {
      node.forEach(walk);
    } else if (node && typeof node === 'object') {
      if (typeof node.include === 'string') {
        includes.push(node.include);
      }
      Object.values(node).forEach(walk);
    }
  };
  walk(grammarJson);
  assert.ok(includes.length > 10);
  for (const include of includes) {
    assert.match(include, /^#/, `external include ${include}`);
    assert.ok(include.slice(1) in grammarJson.repository, `unknown rule ${include}`);
  }
});

test('language configuration: comments, brackets and auto-closing pairs', () => {
  assert.equal(config.comments.lineComment, '//');
  assert.deepEqual(config.comments.blockComment, ['/*', '*/']);
  assert.deepEqual(config.brackets, [
    ['{', '}'],
    ['[', ']'],
  ]);
  const opens = config.autoClosingPairs.map((pair) => pair.open);
  for (const open of ['{', '[', '"', '"""']) {
    assert.ok(opens.includes(open), `auto-closes ${open}`);
  }
  const triple = config.autoClosingPairs.find((pair) => pair.open === '"""');
  assert.equal(triple.close, '"""');
});

test('language configuration: a word includes the dashes of a kebab-case name', () => {
  const word = new RegExp(config.wordPattern, 'g');
  const words = (text) => text.match(word);
  assert.deepEqual(words('env gpu-train extends base {'), ['env', 'gpu-train', 'extends', 'base']);
  assert.deepEqual(words('trigger daily-snapshot {'), ['trigger', 'daily-snapshot']);
  assert.deepEqual(words('timeout = 1h30m'), ['timeout', '1h30m']);
  assert.deepEqual(words('x = -1.5'), ['x', '-1.5']);
});

test('language configuration: indentation and folding', () => {
  const increase = new RegExp(config.indentationRules.increaseIndentPattern);
  const decrease = new RegExp(config.indentationRules.decreaseIndentPattern);
  assert.ok(increase.test('env base {'));
  assert.ok(increase.test('  secrets = ['));
  assert.ok(increase.test('  inputs { // the task inputs'));
  assert.ok(!increase.test('  resources { cpu = 1 }'));
  assert.ok(!increase.test('  // a comment {'));
  assert.ok(decrease.test('  }'));
  assert.ok(decrease.test(']'));
  assert.ok(!decrease.test('  x = 1'));

  const start = new RegExp(config.folding.markers.start);
  const end = new RegExp(config.folding.markers.end);
  assert.ok(start.test('// region envs'));
  assert.ok(end.test('  // endregion'));
  assert.ok(!start.test('// endregion'));
});

test('language configuration: Enter after a /// line continues the doc comment', () => {
  const [rule] = config.onEnterRules;
  const before = new RegExp(rule.beforeText);
  assert.ok(before.test('  /// Train the ranker.'));
  assert.ok(!before.test('  // not documentation'));
  assert.ok(!before.test('  //// not documentation either'));
  assert.equal(rule.action.appendText, '/// ');
});
