//! Drift between function templates and the user's Python, found without
//! running Python.
//!
//! In a workspace that uses generated bindings (`[python] bindings` in
//! taskc.toml), each function template's module is read when it lies under
//! the `[python] roots` (workspace loading puts it in the
//! [`SourceDb`](crate::source::SourceDb); see
//! [`workspace::python`](crate::workspace::python)). Its function must
//! exist, carry the template's decorator from the bindings, and have the
//! declared parameters (names and order), annotations ([`spelling`]),
//! defaults, `async` and return annotation: the same things the
//! decorator's runtime check (`_signature_difference` in
//! `backend/python/prelude.py`) raises `TypeError` for at import time, so
//! the editor shows them before anything runs.
//!
//! Where the diagnostics point: a difference is reported on the Python
//! code, with a label on the declaration in the `.task` file. The `.task`
//! file is the contract that is built and deployed; the Python is what must
//! follow it, so the squiggle goes where the fix usually goes, and the
//! label shows what was declared. A missing function has no Python to
//! point at, so it is reported on the template's `function`.

mod compare;
pub mod python;
pub mod spelling;
pub mod values;

pub(crate) use compare::{decorator_of, expected_signature};

use crate::diagnostics::{Code, Diagnostic};
use crate::semantic::Model;
use crate::source::{FileSpan, SourceDb, Span};
use crate::workspace::Config;
use crate::workspace::python::module_name_of;

/// Codes of this module (registered in `diagnostics/codes.rs`).
pub const UNPARSABLE_MODULE: Code = Code::E0801;
pub const MISSING_FUNCTION: Code = Code::E0802;
pub const NOT_DECORATED: Code = Code::E0803;
pub const PARAMETERS_DIFFER: Code = Code::E0804;
pub const ANNOTATION_DIFFERS: Code = Code::E0805;
pub const DEFAULT_DIFFERS: Code = Code::E0806;
pub const ASYNC_DIFFERS: Code = Code::E0807;
pub const RETURN_DIFFERS: Code = Code::E0808;

/// The drift of every function template whose module was read with the
/// workspace. Nothing without `[python] bindings`.
pub fn check_python_drift(db: &SourceDb, config: &Config, model: &Model) -> Vec<Diagnostic> {
    let Some((bindings_path, _)) = &config.python.bindings else {
        return Vec::new();
    };
    let bindings = module_name_of(bindings_path, config);
    let default_module = config.flyte.default_module.as_deref();
    let mut diagnostics = Vec::new();
    for module in &config.python.modules {
        let Some(file) = db.get(module.file) else {
            continue;
        };
        let tasks: Vec<_> = model
            .tasks()
            .iter()
            .filter(|task| {
                crate::backend::python::module_of(task, default_module) == Some(&module.name)
            })
            .collect();
        if tasks.is_empty() {
            continue;
        }
        let summary = python::summarize(&file.text, &module.name);
        if let Some(error) = summary.error {
            diagnostics.push(unparsable(module.file, error, &file.path, &module.name));
            continue;
        }
        let context = compare::Context {
            file: module.file,
            module: &module.name,
            bindings: &bindings,
            summary: &summary,
        };
        for task in tasks {
            diagnostics.extend(compare::drift(&context, task));
        }
    }
    diagnostics
}

/// Only a warning: the module may be mid-edit, and what tree-sitter
/// recovers from broken text would give misleading differences.
fn unparsable(
    file: crate::source::FileId,
    error: Span,
    path: &std::path::Path,
    module: &str,
) -> Diagnostic {
    Diagnostic::warning(
        UNPARSABLE_MODULE,
        FileSpan::new(file, error),
        format!(
            "`{}` (module `{module}`) does not parse as Python; its functions are not compared \
             with their templates",
            path.display()
        ),
    )
    .with_primary_label("syntax error here")
    .with_help("fix the syntax error; the check runs again on the next `taskc check`")
}
