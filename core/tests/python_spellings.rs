//! The table of Python spellings of declared types
//! (`taskc_core::drift::spelling::EQUIVALENCES`), tested from both sides:
//! every spelling of every row is accepted by the static check and by the
//! generated bindings' runtime check (`_signature_difference`, in the
//! Flyte SDK venv when there is one), and some mismatches are rejected by
//! both.

mod drift_support;

use std::collections::BTreeMap;
use std::process::Command;

use drift_support::{bindings_text, checked, venv_python, write};
use taskc_core::check::check_workspace;
use taskc_core::drift::spelling::EQUIVALENCES;

/// A declared type, the import the spelling needs, and the annotation.
struct Case {
    declared: String,
    import: String,
    annotation: String,
}

/// Every name of every row, written qualified (`import typing` then
/// `typing.List[int]`) and imported by name (`from typing import List`).
fn accepted() -> Vec<Case> {
    let mut cases = Vec::new();
    for row in EQUIVALENCES {
        for name in row.names.iter().chain(row.generic_names) {
            let mut spellings = Vec::new();
            match name.rsplit_once('.') {
                Some((module, last)) => {
                    spellings.push((format!("import {module}"), name.to_string()));
                    spellings.push((format!("from {module} import {last}"), last.to_string()));
                }
                None => spellings.push((String::new(), name.to_string())),
            }
            for (import, spelled) in spellings {
                cases.push(Case {
                    declared: row.declared.to_string(),
                    import,
                    annotation: row.example.replace("{}", &spelled),
                });
            }
        }
    }
    // The operator spellings of unions.
    for (declared, annotation) in [("int?", "int | None"), ("int | str", "int | str")] {
        cases.push(Case {
            declared: declared.into(),
            import: String::new(),
            annotation: annotation.into(),
        });
    }
    cases
}

fn rejected() -> Vec<Case> {
    [
        ("list[int]", "", "list[str]"),
        ("list[int]", "import typing", "typing.List"),
        ("int?", "", "int"),
        ("int | str", "", "str | int"),
        ("datetime", "import datetime", "datetime"),
        ("struct", "", "dict[str, int]"),
        ("file", "", "flyte.io.Dir"),
        // The SDK sends `TupleWrapper_Tuple` for it (golden case 40_literals).
        ("tuple[int, str]", "import typing", "typing.Tuple[int, str]"),
        (
            "list[tuple[int, str]]",
            "import typing",
            "list[typing.Tuple[int, str]]",
        ),
        (
            "literal[\"a\", \"b\"]",
            "import typing",
            "typing.Literal[\"b\", \"a\"]",
        ),
        ("pickle[\"pkg.Model\"]", "import typing", "typing.Any"),
        ("dataframe[pandas]", "import flyte.io", "flyte.io.DataFrame"),
    ]
    .into_iter()
    .map(|(declared, import, annotation)| Case {
        declared: declared.into(),
        import: import.into(),
        annotation: annotation.into(),
    })
    .collect()
}

#[test]
fn every_spelling_is_accepted_and_mismatches_rejected_by_both_checks() {
    let accepted = accepted();
    let rejected = rejected();
    let all: Vec<(&Case, bool)> = accepted
        .iter()
        .map(|c| (c, true))
        .chain(rejected.iter().map(|c| (c, false)))
        .collect();

    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    write(
        dir.path(),
        "taskc.toml",
        "[python]\nbindings = \"flyte_tasks.py\"\n",
    );
    let mut tasks = String::from("env e {}\n");
    for (i, (case, _)) in all.iter().enumerate() {
        tasks.push_str(&format!(
            "\ntemplate t{i} in e {{\n  module = \"m{i}\"\n  inputs {{\n    x: {}\n  }}\n}}\n",
            case.declared
        ));
        let module = format!(
            "import flyte.io\n\nimport flyte_tasks\n{}\n\n\n@flyte_tasks.t{i}\ndef t{i}(x: {}) -> None:\n    pass\n",
            case.import, case.annotation
        );
        write(dir.path(), &format!("m{i}.py"), &module);
    }
    write(dir.path(), "tasks.task", &tasks);
    let checked = checked(dir);
    assert!(
        !checked
            .diagnostics
            .iter()
            .any(|d| d.is_error() && !d.code.as_str().starts_with("E08")),
        "{}",
        checked.rendered()
    );

    // The static side: a drift diagnostic exactly for the mismatches.
    let mut problems = Vec::new();
    for (i, (case, accept)) in all.iter().enumerate() {
        let file = checked
            .workspace
            .config
            .python
            .modules
            .iter()
            .find(|m| m.name == format!("m{i}"))
            .map(|m| m.file);
        let found: Vec<&str> = checked
            .diagnostics
            .iter()
            .filter(|d| Some(d.primary.file) == file)
            .map(|d| d.code.as_str())
            .collect();
        let want: &[&str] = if *accept { &[] } else { &["E0805"] };
        if found != want {
            problems.push(format!(
                "static: `{}` as `{}` ({}): {found:?}",
                case.declared, case.annotation, case.import
            ));
        }
    }

    // The runtime side: import each module, whose decorator checks it.
    if let Some(python) = venv_python("python_spellings") {
        let output = check_workspace(&checked.workspace.db, &checked.workspace.config);
        let root = checked.dir.path();
        write(
            root,
            "flyte_tasks.py",
            &bindings_text(&checked, &output.model),
        );
        let driver = "import importlib, json, sys\nsys.path.insert(0, sys.argv[1])\nout = {}\nfor name in sys.argv[2:]:\n    try:\n        importlib.import_module(name)\n        out[name] = None\n    except TypeError as e:\n        out[name] = str(e)\nprint(json.dumps(out))\n";
        let modules: Vec<String> = (0..all.len()).map(|i| format!("m{i}")).collect();
        let run = Command::new(&python)
            .arg("-c")
            .arg(driver)
            .arg(root)
            .args(&modules)
            .env("PYTHONDONTWRITEBYTECODE", "1")
            .output()
            .unwrap_or_else(|e| panic!("{e}"));
        let stdout = String::from_utf8_lossy(&run.stdout);
        assert!(
            run.status.success(),
            "{stdout}\n{}",
            String::from_utf8_lossy(&run.stderr)
        );
        let results: BTreeMap<String, Option<String>> =
            serde_json::from_str(&stdout).unwrap_or_else(|e| panic!("{e}: {stdout}"));
        for (i, (case, accept)) in all.iter().enumerate() {
            let error = results.get(&format!("m{i}")).cloned().flatten();
            if error.is_none() != *accept {
                problems.push(format!(
                    "runtime: `{}` as `{}` ({}): {error:?}",
                    case.declared, case.annotation, case.import
                ));
            }
        }
    }
    assert!(problems.is_empty(), "\n{}", problems.join("\n"));
}
