//! `plugin ray { runtime_env { … } }` is sent as `RayFunctionTask` sends
//! it: `yaml.dump(runtime_env)` (PyYAML) and base64 of
//! `json.dumps(runtime_env)`. Generated environments with tricky strings
//! (indicators, quotes, words YAML reads as other types, long lines) are
//! built by taskc and dumped by the venv's PyYAML and json; every one taskc
//! accepts must be byte-equal. Skipped without the venv unless
//! `TASKC_REQUIRE_FLYTE=1`.

mod backend_support;
mod python_support;

use std::io::Write;
use std::process::{Command, Stdio};

use backend_support::compile_text;
use python_support::venv_python;
use serde_json::{Map, Value, json};

struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
}

const WORDS: &[&str] = &[
    "numpy",
    "pandas==2.2.3",
    "",
    " lead",
    "trail ",
    "yes",
    "No",
    "on",
    "null",
    "~",
    "1.5",
    "0x1F",
    "017",
    "1_000",
    "2024-01-02",
    "2024-1-2 3:04:05",
    ".inf",
    "<<",
    "=",
    "- dash",
    "-x",
    "a: b",
    "a:b",
    "#x",
    "a #b",
    "a#b",
    "'q'",
    "it's",
    "\"dq\"",
    "?",
    "? x",
    "---x",
    "...",
    "@at",
    "%p",
    "`t`",
    "[x]",
    "{x}",
    "x, y",
    "ü",
    "tab\tx",
    "line\nbreak",
    "two  spaces",
    "&a",
    "*b",
    "!c",
    "|",
    ">",
    "git+https://github.com/acme/repo.git@v1",
    "--extra-index-url https://x/simple",
];

fn text(rng: &mut Rng) -> String {
    if rng.below(3) > 0 {
        return WORDS[rng.below(WORDS.len())].to_string();
    }
    // Long sentences: where PyYAML folds depends on the column.
    let words: Vec<&str> = (0..1 + rng.below(14))
        .map(|_| ["lorem", "ipsum", "a", "dolor-sit", "amet:", "x"][rng.below(6)])
        .collect();
    words.join(" ")
}

fn value(rng: &mut Rng, depth: usize) -> Value {
    match rng.below(if depth > 2 { 4 } else { 7 }) {
        0 | 1 => Value::from(text(rng)),
        2 => json!((rng.below(2000) as i64) - 1000),
        3 => [Value::Bool(true), Value::Bool(false), Value::Null][rng.below(3)].clone(),
        4 | 5 => Value::Array((0..rng.below(4)).map(|_| value(rng, depth + 1)).collect()),
        _ => Value::Object(map(rng, depth + 1)),
    }
}

fn map(rng: &mut Rng, depth: usize) -> Map<String, Value> {
    (0..rng.below(4))
        .map(|_| (text(rng), value(rng, depth)))
        .collect()
}

fn task_literal(v: &Value) -> String {
    match v {
        Value::Null => "none".into(),
        Value::Bool(b) => b.to_string(),
        Value::Number(n) => n.to_string(),
        Value::String(s) => quoted(s),
        Value::Array(items) => {
            let items: Vec<String> = items.iter().map(task_literal).collect();
            format!("[{}]", items.join(", "))
        }
        Value::Object(m) => format!("{{ {} }}", entries(m)),
    }
}

fn entries(m: &Map<String, Value>) -> String {
    let entries: Vec<String> = m
        .iter()
        .map(|(k, v)| format!("{} = {}", quoted(k), task_literal(v)))
        .collect();
    entries.join(", ")
}

fn quoted(s: &str) -> String {
    let escaped = s
        .replace('\\', "\\\\")
        .replace('"', "\\\"")
        .replace('\n', "\\n")
        .replace('\t', "\\t");
    format!("\"{escaped}\"")
}

/// `yaml.dump(v)` and base64 of `json.dumps(v)` for each value.
fn python_dumps(python: &std::path::Path, values: &[Value]) -> Vec<(String, String)> {
    let script = "import base64, json, sys, yaml\n\
values = json.load(sys.stdin)\n\
print(json.dumps([[yaml.dump(v), base64.b64encode(json.dumps(v).encode()).decode()] for v in values]))\n";
    let mut child = Command::new(python)
        .arg("-c")
        .arg(script)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .unwrap_or_else(|e| panic!("{e}"));
    let input = serde_json::to_vec(values).unwrap_or_default();
    child
        .stdin
        .take()
        .map(|mut stdin| stdin.write_all(&input))
        .transpose()
        .unwrap_or_else(|e| panic!("{e}"));
    let out = child.wait_with_output().unwrap_or_else(|e| panic!("{e}"));
    let parsed: Vec<(String, String)> =
        serde_json::from_slice(&out.stdout).unwrap_or_else(|e| panic!("{e}"));
    parsed
}

#[test]
fn runtime_env_is_what_pyyaml_and_json_write() {
    let Some(python) = venv_python("ray runtime_env") else {
        return;
    };
    let mut rng = Rng(0x9e37_79b9_7f4a_7c15);
    let mut accepted = Vec::new();
    let mut refused = 0;
    for _ in 0..400 {
        let env = map(&mut rng, 0);
        let text = format!(
            "env e {{\n  image = \"x\"\n  plugin ray {{\n    workers = []\n    runtime_env {{ {} }}\n  }}\n}}\ntemplate t in e {{\n  returns int\n}}\n",
            entries(&env)
        );
        let compiled = compile_text(&text);
        if compiled.check.has_errors() {
            let rendered = compiled.render_diagnostics();
            assert!(rendered.contains("E0314"), "{text}\n{rendered}");
            refused += 1;
            continue;
        }
        compiled.assert_no_errors();
        let spec = compiled.artifacts_json();
        let job = &spec["e.t"]["spec"]["taskTemplate"]["custom"];
        accepted.push((Value::Object(env), job.clone(), text));
    }
    let values: Vec<Value> = accepted.iter().map(|(v, _, _)| v.clone()).collect();
    let dumps = python_dumps(&python, &values);
    for ((value, job, text), (yaml, json_b64)) in accepted.iter().zip(&dumps) {
        if value.as_object().is_some_and(Map::is_empty) {
            assert!(job.get("runtimeEnvYaml").is_none(), "{text}");
            continue;
        }
        assert_eq!(
            job["runtimeEnvYaml"].as_str(),
            Some(yaml.as_str()),
            "{text}"
        );
        assert_eq!(
            job["runtimeEnv"].as_str(),
            Some(json_b64.as_str()),
            "{text}"
        );
    }
    assert!(
        accepted.len() >= 150,
        "only {} of 400 accepted ({refused} refused)",
        accepted.len()
    );
}
