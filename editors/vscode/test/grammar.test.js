// The TextMate grammar, run by the engine VS Code uses, over every shipped
// example and conformance `.task` file, with explicit expectations for the
// constructs editors must colour and a committed snapshot of one example.
'use strict';

const assert = require('node:assert/strict');
const fs = require('node:fs');
const path = require('node:path');
const { describe, test } = require('node:test');
const { tokenize } = require('./tokenize');

const REPO = path.resolve(__dirname, '..', '..', '..');
const SNAPSHOT_EXAMPLE = path.join(REPO, 'examples', 'warehouse.task');
const SNAPSHOT_FILE = path.join(__dirname, 'snapshots', 'warehouse.task.scopes');

function taskFilesUnder(dir) {
  const found = [];
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) {
      found.push(...taskFilesUnder(full));
    } else if (entry.name.endsWith('.task')) {
      found.push(full);
    }
  }
  return found.sort();
}

const EXAMPLES = taskFilesUnder(path.join(REPO, 'examples'));
const CONFORMANCE = taskFilesUnder(path.join(REPO, 'tests', 'conformance'));

async function tokenizeFile(file) {
  return tokenize(fs.readFileSync(file, 'utf8'));
}

/**
 * The scopes of the `nth` token whose text is `text` (trimmed) on the first
 * line matching `lineMatch`; fails when there is no such token.
 */
function scopesOf(lines, lineMatch, text, nth = 0) {
  const line = lines.find((l) =>
    typeof lineMatch === 'number' ? l.line === lineMatch : lineMatch.test(l.text),
  );
  assert.ok(line, `no line matches ${lineMatch}`);
  const tokens = line.tokens.filter((t) => t.text.trim() === text);
  assert.ok(
    tokens.length > nth,
    `no token ${JSON.stringify(text)} on line ${line.line}: ${line.text}`,
  );
  return tokens[nth].scopes;
}

function assertScope(scopes, expected) {
  assert.ok(scopes.includes(expected), `expected ${expected} in [${scopes.join(', ')}]`);
}

/** Every line of `lines` lies inside a region of scope `scope`. */
function assertAllInside(lines, scope) {
  for (const line of lines) {
    for (const token of line.tokens) {
      assertScope(token.scopes, scope);
    }
  }
}

describe('every .task file tokenizes cleanly', () => {
  test('the corpus is there', () => {
    assert.ok(EXAMPLES.length >= 8, `examples: ${EXAMPLES.length}`);
    assert.ok(CONFORMANCE.length >= 40, `conformance files: ${CONFORMANCE.length}`);
  });

  for (const file of [...EXAMPLES, ...CONFORMANCE]) {
    test(path.relative(REPO, file), async () => {
      const { lines } = await tokenizeFile(file);
      for (const line of lines) {
        assert.equal(line.stoppedEarly, false, `line ${line.line} hit the time limit`);
        for (const token of line.tokens) {
          const invalid = token.scopes.find((s) => s.startsWith('invalid.'));
          assert.equal(
            invalid,
            undefined,
            `line ${line.line}: ${JSON.stringify(token.text)} is ${invalid}`,
          );
        }
      }
      // Every block, string and comment is closed: the file ends at the top.
      const last = lines[lines.length - 1];
      const trailing = (await tokenize(`${fs.readFileSync(file, 'utf8')}\n\n`)).lines.at(-1);
      assert.deepEqual(
        trailing.tokens[0].scopes,
        ['source.task'],
        `unclosed region after line ${last.line}`,
      );
    });
  }
});

describe('scopes in the examples', () => {
  test('declaration keywords and names', async () => {
    const envs = (await tokenizeFile(path.join(REPO, 'examples', 'envs.task'))).lines;
    const header = /^env gpu-train extends base/;
    assertScope(scopesOf(envs, header, 'env'), 'keyword.declaration.env.task');
    assertScope(scopesOf(envs, header, 'gpu-train'), 'entity.name.namespace.env.task');
    assertScope(scopesOf(envs, header, 'extends'), 'keyword.other.extends.task');
    assertScope(scopesOf(envs, header, 'base'), 'entity.other.inherited-class.env.task');

    const features = (await tokenizeFile(path.join(REPO, 'examples', 'features.task'))).lines;
    const template = /^template build_features in feature-eng/;
    assertScope(scopesOf(features, template, 'template'), 'keyword.declaration.template.task');
    assertScope(
      scopesOf(features, template, 'build_features'),
      'entity.name.function.template.task',
    );
    assertScope(scopesOf(features, template, 'in'), 'keyword.other.in.task');
    assertScope(
      scopesOf(features, template, 'feature-eng'),
      'entity.name.namespace.env.reference.task',
    );

    const types = (await tokenizeFile(path.join(REPO, 'examples', 'types.task'))).lines;
    const region = /^type Region = enum/;
    assertScope(scopesOf(types, region, 'type'), 'keyword.declaration.type.task');
    assertScope(scopesOf(types, region, 'Region'), 'entity.name.type.task');
    assertScope(scopesOf(types, region, 'enum'), 'keyword.other.enum.task');
    assertScope(scopesOf(types, region, 'apac'), 'variable.other.enummember.task');
    assertScope(scopesOf(types, /^type Optimizer = record/, 'record'), 'keyword.other.record.task');
  });

  test('override declarations', async () => {
    const pipeline = (await tokenizeFile(path.join(REPO, 'examples', 'training.task'))).lines;
    const header = pipeline.find((l) => /^override /.test(l.text));
    assert.ok(header, 'examples/training.task has an override');
    const [, name, base] = /^override (\S+) of (\S+)/.exec(header.text);
    assertScope(scopesOf(pipeline, header.line, 'override'), 'keyword.declaration.override.task');
    assertScope(scopesOf(pipeline, header.line, name), 'entity.name.function.override.task');
    assertScope(scopesOf(pipeline, header.line, 'of'), 'keyword.other.of.task');
    assertScope(
      scopesOf(pipeline, header.line, base),
      'entity.name.function.template.reference.task',
    );
  });

  test('a /// doc comment is distinct from a // comment', async () => {
    const { lines } = await tokenizeFile(path.join(REPO, 'examples', 'features.task'));
    const doc = scopesOf(
      lines,
      /^\/\/\/ Build the daily feature table/,
      'Build the daily feature table from raw interactions.',
    );
    assertScope(doc, 'comment.block.documentation.task');
    const plain = scopesOf(
      lines,
      /^\/\/ Feature engineering/,
      'Feature engineering on the Dask env.',
    );
    assertScope(plain, 'comment.line.double-slash.task');
    assert.ok(!plain.includes('comment.block.documentation.task'));
  });

  test('a triple-quoted query spans lines, with its placeholders', async () => {
    const { lines } = await tokenizeFile(path.join(REPO, 'examples', 'warehouse.task'));
    const open = lines.findIndex((l) => /^\s*query = """$/.test(l.text));
    assert.ok(open >= 0);
    const close = lines.findIndex((l, i) => i > open && /^\s*"""$/.test(l.text));
    assert.ok(close > open + 1, 'the query spans several lines');
    assertScope(scopesOf(lines, lines[open].line, 'query'), 'entity.other.attribute-name.task');
    assertScope(
      scopesOf(lines, lines[open].line, '"""'),
      'punctuation.definition.string.begin.task',
    );
    assertAllInside(lines.slice(open + 1, close), 'string.quoted.triple.task');
    assertScope(
      scopesOf(lines, lines[close].line, '"""'),
      'punctuation.definition.string.end.task',
    );
    assertScope(
      scopesOf(lines, /AND region = @region/, '@region'),
      'constant.other.placeholder.query.task',
    );
    assertScope(
      scopesOf(lines, /%\(segment\)s/, '%(segment)s'),
      'constant.other.placeholder.query.task',
    );
    // After the string the block goes on as usual.
    assertScope(scopesOf(lines, lines[close + 1].line, '}'), 'punctuation.section.block.end.task');
  });

  test('nested blocks keep their keys, values and nesting', async () => {
    const { lines } = await tokenizeFile(path.join(REPO, 'examples', 'envs.task'));
    const runAsNonRoot = scopesOf(
      lines,
      /securityContext\s+\{ runAsNonRoot = true/,
      'runAsNonRoot',
    );
    assertScope(runAsNonRoot, 'entity.other.attribute-name.task');
    // env > pod_template > pod_spec > securityContext: four blocks deep.
    assert.equal(runAsNonRoot.filter((s) => s === 'meta.block.task').length, 4);
    assertScope(runAsNonRoot, 'meta.declaration.env.task');
    assertScope(
      scopesOf(lines, /securityContext\s+\{ runAsNonRoot = true/, 'true'),
      'constant.language.boolean.task',
    );
    assertScope(scopesOf(lines, /plugin dask \{/, 'plugin'), 'keyword.other.plugin.task');
    assertScope(scopesOf(lines, /plugin dask \{/, 'dask'), 'entity.name.section.plugin.task');
    assertScope(
      scopesOf(lines, /env_vars \+= \{/, '+='),
      'keyword.operator.assignment.append.task',
    );
    assertScope(
      scopesOf(lines, /"cluster-autoscaler/, '"cluster-autoscaler.kubernetes.io/safe-to-evict"'),
      'entity.other.attribute-name.task',
    );
  });

  test('a {{.inputs.x}} placeholder in container args', async () => {
    const { lines } = await tokenizeFile(path.join(REPO, 'examples', 'tools.task'));
    assertScope(scopesOf(lines, /container \{/, 'container'), 'keyword.other.container.task');
    const placeholder = scopesOf(lines, /\{\{\.inputs\.width\}\}/, '{{.inputs.width}}');
    assertScope(placeholder, 'constant.other.placeholder.inputs.task');
    assertScope(placeholder, 'string.quoted.double.task');
  });

  test('fields, types, durations, sizes and constants', async () => {
    const features = (await tokenizeFile(path.join(REPO, 'examples', 'features.task'))).lines;
    const windows = /windows: list\[int\] = \[1, 7, 28\]/;
    assertScope(scopesOf(features, windows, 'windows'), 'variable.parameter.field.task');
    assertScope(scopesOf(features, windows, ':'), 'keyword.operator.type.annotation.task');
    assertScope(scopesOf(features, windows, 'list'), 'support.type.primitive.task');
    assertScope(scopesOf(features, windows, '='), 'keyword.operator.assignment.task');
    assertScope(scopesOf(features, windows, '28'), 'constant.numeric.integer.task');
    assertScope(scopesOf(features, /timeout = 2h/, '2h'), 'constant.numeric.duration.task');

    const envs = (await tokenizeFile(path.join(REPO, 'examples', 'envs.task'))).lines;
    assertScope(scopesOf(envs, /disk\s+= "200Gi"/, '200Gi'), 'constant.numeric.size.task');
    assertScope(scopesOf(envs, /shm\s+= auto/, 'auto'), 'constant.language.task');
    assertScope(scopesOf(envs, /scope\s+= global/, 'global'), 'constant.other.symbol.task');

    const types = (await tokenizeFile(path.join(REPO, 'examples', 'types.task'))).lines;
    const smoothing = /label_smoothing: float\? = none/;
    assertScope(scopesOf(types, smoothing, '?'), 'keyword.operator.optional.task');
    assertScope(scopesOf(types, smoothing, 'none'), 'constant.language.none.task');
    assertScope(
      scopesOf(types, /family: ModelFamily/, 'ModelFamily'),
      'entity.name.type.reference.task',
    );
    assertScope(scopesOf(types, /lr: float = 0.001/, '0.001'), 'constant.numeric.float.task');
  });

  test('returns T and trigger blocks', async () => {
    const pipeline = (await tokenizeFile(path.join(REPO, 'examples', 'pipeline.task'))).lines;
    assertScope(scopesOf(pipeline, /^\s*returns file$/, 'returns'), 'keyword.other.returns.task');
    assertScope(scopesOf(pipeline, /^\s*returns file$/, 'file'), 'support.type.primitive.task');
    const warehouse = (await tokenizeFile(path.join(REPO, 'examples', 'warehouse.task'))).lines;
    assertScope(
      scopesOf(warehouse, /trigger daily-snapshot \{/, 'trigger'),
      'keyword.other.trigger.task',
    );
    assertScope(
      scopesOf(warehouse, /trigger daily-snapshot \{/, 'daily-snapshot'),
      'entity.name.section.trigger.task',
    );
    assertScope(scopesOf(warehouse, /sql bigquery \{/, 'sql'), 'keyword.other.sql.task');
  });
});

test('every keyword of grammar/task.pest is a keyword', async () => {
  const pest = fs.readFileSync(path.join(REPO, 'grammar', 'task.pest'), 'utf8');
  const keywords = [...pest.matchAll(/^kw_(\w+)\s*=\s*@\{\s*"(\w+)"/gm)].map((m) => m[2]);
  assert.ok(keywords.length >= 10, `keywords in task.pest: ${keywords}`);
  const source = [
    'env a extends b {}',
    'template t in a {',
    '  returns int',
    '}',
    'override o of t {}',
    'type E = enum { x }',
    'type R = record {}',
  ].join('\n');
  const { lines } = await tokenize(source);
  const tokens = lines.flatMap((line) => line.tokens);
  for (const keyword of keywords) {
    const token = tokens.find((t) => t.text === keyword);
    assert.ok(token, `add \`${keyword}\` (new in task.pest) to this test and to the grammar`);
    const scope = token.scopes.at(-1);
    assert.match(scope, /^keyword\./, `${keyword} is ${scope}`);
  }
});

describe('scopes of constructs the examples do not show', () => {
  const SOURCE = [
    '/* outer /* nested */ still a comment */ env a {}',
    '//// four slashes: a plain comment',
    'template x',
    '  in a {',
    '  description = """',
    '    Several "lines" with \\t and {{.inputs.day}}',
    '  """',
    '  retries { count = 3, backoff { base = 10s, factor = 2.0, cap = 1h30m } }',
    '  timeout = 500ms',
    '  bad = "\\q"',
    '  cache { behavior = override }',
    '  links = [{ name = "logs", uri = "https://logs/{run_name}" }]',
    '  reusable = off',
    '  returns dict[str, int?] | none',
    '  inputs { when: datetime = trigger_time, ratio: float = 1e-3, n: int = -1_000 }',
    '}',
    'type P = record pydantic {',
    '  a: int = 1',
    '}',
    'type E =',
    '  enum {',
    '    one,',
    '    two-x',
    '  }',
    'env after {}',
  ].join('\n');

  test('the source', async () => {
    const { lines } = await tokenize(SOURCE);
    const at = (n, text, nth) => scopesOf(lines, n, text, nth);
    assertScope(at(1, 'nested'), 'comment.block.task');
    assertScope(at(1, 'still a comment'), 'comment.block.task');
    assertScope(at(1, 'env'), 'keyword.declaration.env.task');
    assertScope(at(2, '// four slashes: a plain comment'), 'comment.line.double-slash.task');
    assert.ok(
      !at(2, '// four slashes: a plain comment').includes('comment.block.documentation.task'),
    );
    // A header may break before `in`.
    assertScope(at(4, 'in'), 'keyword.other.in.task');
    assertScope(at(4, 'a'), 'entity.name.namespace.env.reference.task');
    assertScope(at(6, 'Several "lines" with'), 'string.quoted.triple.task');
    assertScope(at(6, '\\t'), 'constant.character.escape.task');
    assertScope(at(6, '{{.inputs.day}}'), 'constant.other.placeholder.inputs.task');
    assertScope(at(8, 'backoff'), 'entity.other.attribute-name.task');
    assertScope(at(8, '10s'), 'constant.numeric.duration.task');
    assertScope(at(8, '2.0'), 'constant.numeric.float.task');
    assertScope(at(8, '1h30m'), 'constant.numeric.duration.task');
    assertScope(at(9, '500ms'), 'constant.numeric.duration.task');
    assertScope(at(10, '\\q'), 'invalid.illegal.escape.task');
    // Declaration keywords are ordinary words inside a block.
    assertScope(at(11, 'override'), 'constant.other.symbol.task');
    assertScope(at(12, '{run_name}'), 'constant.other.placeholder.link.task');
    assertScope(at(13, 'off'), 'constant.language.task');
    assertScope(at(14, 'returns'), 'keyword.other.returns.task');
    assertScope(at(14, 'dict'), 'support.type.primitive.task');
    assertScope(at(14, '|'), 'keyword.operator.union.task');
    assertScope(at(15, 'trigger_time'), 'variable.language.trigger-time.task');
    assertScope(at(15, '1e-3'), 'constant.numeric.float.task');
    assertScope(at(15, '-1_000'), 'constant.numeric.integer.task');
    assertScope(at(17, 'pydantic'), 'storage.modifier.record-kind.task');
    assertScope(at(17, 'P'), 'entity.name.type.task');
    assertScope(at(21, 'enum'), 'keyword.other.enum.task');
    assertScope(at(23, 'two-x'), 'variable.other.enummember.task');
    assertScope(at(25, 'after'), 'entity.name.namespace.env.task');
    assert.deepEqual(lines[24].tokens[0].scopes, [
      'source.task',
      'meta.declaration.env.task',
      'keyword.declaration.env.task',
    ]);
  });

  test('an unterminated plain string ends with its line', async () => {
    const { lines } = await tokenize('env a {\n  x = "open\n  y = 1\n}\n');
    assertScope(scopesOf(lines, 3, 'y'), 'entity.other.attribute-name.task');
    assertScope(scopesOf(lines, 3, '1'), 'constant.numeric.integer.task');
  });

  test('a broken header does not swallow the next declaration', async () => {
    const { lines } = await tokenize('template t in\nenv b {}\n');
    assertScope(scopesOf(lines, 2, 'env'), 'keyword.declaration.env.task');
    assertScope(scopesOf(lines, 2, 'b'), 'entity.name.namespace.env.task');
  });
});

/** One line per source line, then one per non-blank token with its scopes. */
function renderScopes(lines) {
  const out = [];
  for (const line of lines) {
    out.push(`${String(line.line).padStart(3)}| ${line.text}`);
    for (const token of line.tokens) {
      if (token.text.trim() !== '') {
        out.push(`      ${JSON.stringify(token.text)} ${token.scopes.slice(1).join(' ')}`);
      }
    }
  }
  return `${out.join('\n')}\n`;
}

test('snapshot: scopes of examples/warehouse.task', async () => {
  const actual = renderScopes((await tokenizeFile(SNAPSHOT_EXAMPLE)).lines);
  if (process.env.UPDATE_SNAPSHOTS === '1') {
    fs.writeFileSync(SNAPSHOT_FILE, actual);
  }
  assert.ok(
    fs.existsSync(SNAPSHOT_FILE),
    `missing ${path.relative(REPO, SNAPSHOT_FILE)}: ` +
      'run UPDATE_SNAPSHOTS=1 npm test once and review it',
  );
  const expected = fs.readFileSync(SNAPSHOT_FILE, 'utf8');
  assert.equal(actual, expected, 'scopes changed: review, then rerun with UPDATE_SNAPSHOTS=1');
});
