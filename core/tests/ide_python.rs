//! Editors meet Python: go to definition from a function template to its
//! module and `def`, and the signature the function needs in the hover.

use std::path::Path;

use taskc_core::ide::Analysis;
use taskc_core::source::{FileId, FileSpan};
use taskc_core::workspace::load_workspace;

const TASKS: &str = r#"env base {}

/// Trains the model.
template train in base {
  inputs {
    day: str
    epochs: int = 3
  }
  returns float
}

template score in base {
  module = "pkg.scoring"
  function = "run_score"
}

template elsewhere in base {
  module = "not_here"
}
"#;

const TASKS_PY: &str = "from pkg import flyte_tasks\n\n\n@flyte_tasks.train\n\
                        def train(day: str, epochs: int = 3) -> float:\n    return 0.0\n";

const SCORING_PY: &str = "import pkg.flyte_tasks as b\n\n\ndef helper():\n    pass\n\n\n\
                          @b.score\ndef run_score() -> None:\n    pass\n";

struct Loaded {
    _dir: tempfile::TempDir,
    analysis: Analysis,
}

fn write(root: &Path, relative: &str, text: &str) {
    let path = root.join(relative);
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent).unwrap_or_else(|e| panic!("{e}"));
    }
    std::fs::write(&path, text).unwrap_or_else(|e| panic!("{e}"));
}

fn load(bindings: bool) -> Loaded {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let python = if bindings {
        "[python]\nbindings = \"pkg/flyte_tasks.py\"\n"
    } else {
        ""
    };
    let config = format!("[flyte]\ndefault_module = \"pkg.tasks\"\n{python}");
    write(dir.path(), "taskc.toml", &config);
    write(dir.path(), "tasks.task", TASKS);
    write(dir.path(), "pkg/tasks.py", TASKS_PY);
    write(dir.path(), "pkg/scoring.py", SCORING_PY);
    let workspace =
        load_workspace(&[dir.path().to_path_buf()], dir.path()).unwrap_or_else(|e| panic!("{e:?}"));
    Loaded {
        _dir: dir,
        analysis: Analysis::new(workspace.db, workspace.config),
    }
}

fn file_named(analysis: &Analysis, name: &str) -> FileId {
    analysis
        .db()
        .iter()
        .find(|(_, f)| f.path.ends_with(name))
        .map(|(id, _)| id)
        .unwrap_or_else(|| panic!("{name} is in the workspace"))
}

/// Definition at the first `needle` (plus `skip` bytes) in tasks.task, as
/// `path:text` of each target.
fn definition(analysis: &Analysis, needle: &str, skip: usize) -> Vec<String> {
    let tasks = file_named(analysis, "tasks.task");
    let offset = TASKS.find(needle).unwrap_or_else(|| panic!("{needle}")) + skip;
    analysis
        .definition(tasks, offset)
        .into_iter()
        .map(|at: FileSpan| {
            let f = analysis
                .db()
                .get(at.file)
                .unwrap_or_else(|| panic!("a file"));
            let name = f.path.file_name().map(|n| n.to_string_lossy().into_owned());
            format!(
                "{}:{}",
                name.unwrap_or_default(),
                &f.text[at.span.start..at.span.end]
            )
        })
        .collect()
}

#[test]
fn the_workspace_checks_clean() {
    let loaded = load(true);
    let codes: Vec<String> = loaded
        .analysis
        .diagnostics()
        .iter()
        .map(|d| format!("{} {}", d.code, d.message))
        .collect();
    assert_eq!(codes, Vec::<String>::new());
}

#[test]
fn the_module_value_opens_the_module() {
    let loaded = load(true);
    let found = definition(&loaded.analysis, "\"pkg.scoring\"", 3);
    assert_eq!(found, ["scoring.py:"]);
    let target = loaded
        .analysis
        .definition(
            file_named(&loaded.analysis, "tasks.task"),
            TASKS.find("\"pkg.scoring\"").unwrap_or(0) + 3,
        )
        .remove(0);
    assert_eq!(target.span.start, 0);
}

#[test]
fn the_function_value_opens_its_def() {
    let loaded = load(true);
    assert_eq!(
        definition(&loaded.analysis, "\"run_score\"", 2),
        ["scoring.py:run_score"]
    );
}

#[test]
fn the_template_name_opens_the_def_when_function_is_implicit() {
    let loaded = load(true);
    assert_eq!(
        definition(&loaded.analysis, "train in", 2),
        ["tasks.py:train"]
    );
    // With `function` written, the name is a declaration as before.
    assert_eq!(
        definition(&loaded.analysis, "score in", 2),
        ["tasks.task:score"]
    );
}

#[test]
fn a_module_outside_the_workspace_is_no_target() {
    let loaded = load(true);
    assert_eq!(
        definition(&loaded.analysis, "\"not_here\"", 2),
        Vec::<String>::new()
    );
    assert_eq!(
        definition(&loaded.analysis, "elsewhere in", 2),
        ["tasks.task:elsewhere"]
    );
}

#[test]
fn the_template_hover_shows_the_decorator_and_signature() {
    let loaded = load(true);
    let tasks = file_named(&loaded.analysis, "tasks.task");
    let offset = TASKS.find("train in").unwrap_or(0) + 2;
    let hover = loaded
        .analysis
        .hover(tasks, offset)
        .unwrap_or_else(|| panic!("a hover"));
    assert!(
        hover.markdown.contains(
            "Python function `pkg.tasks.train`:\n```python\n@flyte_tasks.train\n\
             def train(day: str, epochs: int = 3) -> float\n```"
        ),
        "{}",
        hover.markdown
    );
    assert!(
        hover.markdown.contains("Trains the model."),
        "{}",
        hover.markdown
    );
}

#[test]
fn without_bindings_the_hover_has_no_python_section() {
    let loaded = load(false);
    let tasks = file_named(&loaded.analysis, "tasks.task");
    let offset = TASKS.find("train in").unwrap_or(0) + 2;
    let hover = loaded
        .analysis
        .hover(tasks, offset)
        .unwrap_or_else(|| panic!("a hover"));
    assert!(!hover.markdown.contains("python"), "{}", hover.markdown);
}
