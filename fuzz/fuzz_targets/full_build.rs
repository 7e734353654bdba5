//! The `build` target (cargo reserves that name for a binary): the full
//! build of an in-memory workspace (`taskc_fuzz::workspace`), with every
//! output kept in memory. The check, then, as `taskc build` does when it
//! found no error, the backend and the Python bindings. Never panics, and
//! every encoded artifact decodes to what the plain build gives.
#![no_main]

use libfuzzer_sys::fuzz_target;
use taskc_core::backend::{self, BuildOptions, python};
use taskc_core::check::check_workspace;
use taskc_core::diagnostics::Diagnostic;
use taskc_core::source::FileId;
use taskc_fuzz::workspace::Workspace;

fuzz_target!(|data: &[u8]| {
    let workspace = Workspace::from_text(&String::from_utf8_lossy(data));
    if workspace
        .config_diagnostics
        .iter()
        .any(Diagnostic::is_error)
    {
        return;
    }
    let check = check_workspace(&workspace.db, &workspace.config);
    // `--emit python` checks the bindings' names even without `[python]`.
    let names = python::name_diagnostics(&check.model);
    if check.has_errors() {
        return;
    }
    let options = BuildOptions::from_config(&workspace.config);
    let encoded = backend::build_encoded(&check.model, &options);
    let plain = backend::build(&check.model, &options);
    assert_eq!(encoded.diagnostics, plain.diagnostics);
    assert_eq!(encoded.artifacts.len(), plain.artifacts.len());
    for (encoded, plain) in encoded.artifacts.iter().zip(&plain.artifacts) {
        let decoded = encoded.decode();
        assert_eq!(decoded.as_ref().ok(), Some(plain), "{}", plain.name);
    }
    if names.iter().any(Diagnostic::is_error) {
        return;
    }
    let files = workspace
        .task_files
        .iter()
        .filter_map(|&id| Some((id, workspace.db.get(id)?.path.display().to_string())))
        .collect();
    let text = |id: FileId| workspace.db.get(id).map(|file| &*file.text);
    let sources = python::Sources {
        files,
        text: &text,
        module_at: None,
    };
    let _ = python::generate(&check.model, &sources, &options);
});
