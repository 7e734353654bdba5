// Loads syntaxes/task.tmLanguage.json with the engine VS Code uses
// (vscode-textmate on the Oniguruma WebAssembly build) and tokenizes text.
'use strict';

const fs = require('node:fs');
const path = require('node:path');
const textmate = require('vscode-textmate');
const oniguruma = require('vscode-oniguruma');

const GRAMMAR_PATH = path.join(__dirname, '..', 'syntaxes', 'task.tmLanguage.json');

let grammarPromise;

/** The `source.task` grammar, loaded once per process. */
function loadGrammar() {
  if (!grammarPromise) {
    grammarPromise = (async () => {
      const wasm = fs.readFileSync(require.resolve('vscode-oniguruma/release/onig.wasm'));
      await oniguruma.loadWASM(
        wasm.buffer.slice(wasm.byteOffset, wasm.byteOffset + wasm.byteLength),
      );
      const registry = new textmate.Registry({
        onigLib: Promise.resolve({
          createOnigScanner: (sources) => new oniguruma.OnigScanner(sources),
          createOnigString: (text) => new oniguruma.OnigString(text),
        }),
        loadGrammar: async (scopeName) => {
          if (scopeName !== 'source.task') {
            return null;
          }
          const raw = fs.readFileSync(GRAMMAR_PATH, 'utf8');
          return textmate.parseRawGrammar(raw, GRAMMAR_PATH);
        },
      });
      const grammar = await registry.loadGrammar('source.task');
      if (!grammar) {
        throw new Error(`cannot load ${GRAMMAR_PATH}`);
      }
      return grammar;
    })();
  }
  return grammarPromise;
}

/**
 * Tokenizes `text` line by line, carrying the rule stack across lines as VS
 * Code does. Each line is `{ line, text, tokens: [{ text, scopes }], stoppedEarly }`.
 */
async function tokenize(text) {
  const grammar = await loadGrammar();
  const lines = text.split(/\r?\n/);
  let stack = textmate.INITIAL;
  const result = [];
  lines.forEach((lineText, index) => {
    // A generous time limit: a line that hits it is reported, not hidden.
    const { tokens, ruleStack, stoppedEarly } = grammar.tokenizeLine(lineText, stack, 1000);
    result.push({
      line: index + 1,
      text: lineText,
      stoppedEarly,
      tokens: tokens.map((token) => ({
        text: lineText.slice(token.startIndex, token.endIndex),
        scopes: token.scopes,
      })),
    });
    stack = ruleStack;
  });
  return { lines: result, endStack: stack };
}

module.exports = { loadGrammar, tokenize, GRAMMAR_PATH };
