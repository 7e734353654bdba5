//! `taskc check` compares each function template with the Python function
//! of its module (core/src/drift/): workspaces written to a temporary
//! folder, loaded and checked the way the CLI does it.

mod drift_support;

use drift_support::{Checked, check, codes};

const TASKS: &str = "\
env e {}

type Region = enum { us, eu }

template train in e {
  inputs {
    data: list[int]
    region: Region = eu
    limit: int? = none
  }
  returns float
}
";

const GOOD: &str = "\
import typing
from typing import List, Optional

from pkg import flyte_tasks
from pkg.flyte_tasks import Region


@flyte_tasks.train
def train(data: List[int], region: Region = Region.eu, limit: Optional[int] = None) -> float:
    return 0.0
";

fn drifted(python: &str) -> Checked {
    check(TASKS, python)
}

#[test]
fn a_correct_module_gives_no_diagnostic() {
    let checked = drifted(GOOD);
    assert!(checked.diagnostics.is_empty(), "{}", checked.rendered());
}

#[test]
fn a_drifted_annotation_is_shown_in_both_files() {
    let checked = drifted(&GOOD.replace("data: List[int]", "data: list[str]"));
    assert_eq!(codes(&checked), ["E0805"]);
    insta::assert_snapshot!(checked.rendered());
}

#[test]
fn a_missing_function_is_reported_on_the_template() {
    let checked = drifted(&GOOD.replace("def train(", "def trains("));
    assert_eq!(codes(&checked), ["E0802"]);
    let d = &checked.diagnostics[0];
    assert!(checked.path(d.primary.file).ends_with("tasks.task"));
    assert!(checked.path(d.labels[0].file).ends_with("tasks.py"));
}

#[test]
fn a_function_without_its_binding_is_reported() {
    let checked = drifted(&GOOD.replace("@flyte_tasks.train\n", "@other.task\n"));
    assert_eq!(codes(&checked), ["E0803"]);
    // Imported by name, or everything imported: both are the binding.
    let by_name = GOOD.replace("@flyte_tasks.train", "@tr").replace(
        "from pkg.flyte_tasks import Region",
        "from pkg.flyte_tasks import Region, train as tr",
    );
    assert!(drifted(&by_name).diagnostics.is_empty());
    let star = GOOD.replace("@flyte_tasks.train", "@train").replace(
        "from pkg.flyte_tasks import Region",
        "from pkg.flyte_tasks import *",
    );
    assert!(drifted(&star).diagnostics.is_empty());
    let bare = GOOD.replace("@flyte_tasks.train", "@train");
    assert_eq!(codes(&drifted(&bare)), ["E0803"]);
}

#[test]
fn parameter_names_and_order_are_compared() {
    let swapped = GOOD.replace(
        "data: List[int], region: Region = Region.eu",
        "region: Region = Region.eu, data: List[int]",
    );
    assert_eq!(codes(&drifted(&swapped)), ["E0804"]);
    let variadic = GOOD.replace("limit: Optional[int] = None", "*limit: int");
    assert_eq!(codes(&drifted(&variadic)), ["E0804"]);
}

#[test]
fn defaults_are_compared_as_values() {
    let other = GOOD.replace("= Region.eu", "= Region.us");
    assert_eq!(codes(&drifted(&other)), ["E0806"]);
    let missing = GOOD.replace("region: Region = Region.eu", "region: Region");
    assert_eq!(codes(&drifted(&missing)), ["E0806"]);
    let extra = GOOD.replace("data: List[int]", "data: List[int] = []");
    assert_eq!(codes(&drifted(&extra)), ["E0806"]);
    let spelled = GOOD.replace("= Region.eu", "= flyte_tasks.Region.eu");
    assert!(drifted(&spelled).diagnostics.is_empty());
}

#[test]
fn async_must_match() {
    let checked = drifted(&GOOD.replace("def train(", "async def train("));
    assert_eq!(codes(&checked), ["E0807"]);
}

#[test]
fn the_return_annotation_is_compared() {
    assert_eq!(
        codes(&drifted(&GOOD.replace("-> float", "-> int"))),
        ["E0808"]
    );
    assert_eq!(codes(&drifted(&GOOD.replace(" -> float", ""))), ["E0808"]);
}

#[test]
fn an_unparsable_module_is_a_warning_naming_the_file() {
    let checked = drifted("def train(:\n    pass\n");
    assert_eq!(codes(&checked), ["E0801"]);
    let d = &checked.diagnostics[0];
    assert!(!d.is_error());
    assert!(d.message.contains("tasks.py"), "{}", d.message);
}

#[test]
fn a_module_outside_the_roots_is_not_checked() {
    let checked = drift_support::check_with(
        "[python]\nroots = [\"src\"]\nbindings = \"src/pkg/flyte_tasks.py\"\n",
        TASKS,
        "def unrelated():\n    pass\n",
    );
    assert!(checked.diagnostics.is_empty(), "{}", checked.rendered());
}

#[test]
fn without_bindings_nothing_is_read() {
    let checked = drift_support::check_with("", TASKS, "def unrelated():\n    pass\n");
    assert!(checked.diagnostics.is_empty(), "{}", checked.rendered());
    assert!(checked.workspace.config.python.modules.is_empty());
}

/// The starter modules taskc writes (`backend::python::stub_modules`) are
/// what the check expects: for every conformance case that checks cleanly,
/// and for `examples/`, they give no drift.
const PICKLES: &str = "\
env e {}

template load in e {
  inputs {
    raw: untyped
    model: pickle[\"pkg.models.Model\"]
    frame: dataframe[pandas]
    mode: literal[\"a\", \"b\"]
  }
  returns pickle
}
";

const PICKLES_GOOD: &str = "\
from typing import Literal

import pandas as pd
from flyte.types import FlytePickle

from pkg import flyte_tasks
from pkg.models import Model


@flyte_tasks.load
def load(raw, model: Model, frame: pd.DataFrame, mode: Literal['a', 'b']) -> FlytePickle:
    return raw
";

/// `untyped` is a parameter without an annotation; a pickled class and a
/// library's dataframe are compared by name through the imports.
#[test]
fn pickled_classes_untyped_inputs_library_frames_and_literals_are_compared() {
    let good = check(PICKLES, PICKLES_GOOD);
    assert!(good.diagnostics.is_empty(), "{}", good.rendered());
    for (from, to) in [
        ("def load(raw,", "def load(raw: object,"),
        ("model: Model,", "model,"),
        ("frame: pd.DataFrame", "frame: flyte.io.DataFrame"),
        ("-> FlytePickle", "-> Model"),
        ("Literal['a', 'b']", "Literal['b', 'a']"),
    ] {
        let checked = check(PICKLES, &PICKLES_GOOD.replace(from, to));
        let want = if to.starts_with("->") {
            "E0808"
        } else {
            "E0805"
        };
        assert_eq!(codes(&checked), [want], "{to}: {}", checked.rendered());
    }
    let checked = check(
        PICKLES,
        &PICKLES_GOOD.replace("def load(raw,", "def load(raw: object,"),
    );
    insta::assert_snapshot!(checked.rendered());
}

#[test]
fn the_generated_starter_modules_have_no_drift() {
    let repo = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let mut dirs: Vec<std::path::PathBuf> = std::fs::read_dir(repo.join("tests/conformance"))
        .unwrap_or_else(|e| panic!("{e}"))
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.join("taskc.toml").is_file())
        .collect();
    dirs.sort();
    dirs.push(repo.join("examples"));
    let mut compared = 0;
    for source in dirs {
        let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
        let toml = std::fs::read_to_string(source.join("taskc.toml")).unwrap_or_default();
        let toml = format!("{toml}\n[python]\nbindings = \"flyte_tasks.py\"\n");
        drift_support::write(dir.path(), "taskc.toml", &toml);
        for entry in std::fs::read_dir(&source)
            .unwrap_or_else(|e| panic!("{e}"))
            .flatten()
        {
            let path = entry.path();
            if path.extension().is_some_and(|e| e == "task") {
                let text = std::fs::read_to_string(&path).unwrap_or_default();
                let name = entry.file_name().to_string_lossy().into_owned();
                drift_support::write(dir.path(), &name, &text);
            }
        }
        let first = drift_support::checked(dir);
        if first.diagnostics.iter().any(|d| d.is_error()) {
            continue;
        }
        let model =
            taskc_core::check::check_workspace(&first.workspace.db, &first.workspace.config).model;
        let default_module = first.workspace.config.flyte.default_module.clone();
        let stubs = taskc_core::backend::python::stub_modules(
            &model,
            "flyte_tasks",
            default_module.as_deref(),
        );
        for (module, text) in &stubs {
            drift_support::write(
                first.dir.path(),
                &format!("{}.py", module.replace('.', "/")),
                text,
            );
        }
        let again = drift_support::checked(first.dir);
        assert_eq!(
            again.workspace.config.python.modules.len(),
            stubs.len(),
            "{}",
            source.display()
        );
        let drift: Vec<_> = again
            .diagnostics
            .iter()
            .filter(|d| d.code.as_str().starts_with("E08"))
            .collect();
        assert!(
            drift.is_empty(),
            "{}:\n{}",
            source.display(),
            again.rendered()
        );
        compared += 1;
    }
    assert!(compared > 10, "only {compared} workspaces compared");
}
