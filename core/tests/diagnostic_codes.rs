//! The code registry as a whole: every registered code is reported
//! somewhere, so `taskc explain` documents no code that cannot occur.

use std::path::{Path, PathBuf};

use taskc_core::diagnostics::registry;

/// Every `.rs` file under `dir`.
fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

#[test]
fn every_error_code_is_reported_somewhere() {
    let manifest = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut files = Vec::new();
    for dir in ["src", "../src", "../lsp/src"] {
        rust_files(&manifest.join(dir), &mut files);
    }
    let registry_file = manifest.join("src/diagnostics/codes.rs");
    let sources: String = files
        .iter()
        .filter(|path| **path != registry_file)
        .filter_map(|path| std::fs::read_to_string(path).ok())
        .collect();
    assert!(sources.contains("Code::E0001"), "no sources read");
    // Lint codes are declared by their rules, each of which reports its own.
    for info in registry()
        .iter()
        .filter(|i| i.code.as_str().starts_with('E'))
    {
        assert!(
            sources.contains(&format!("Code::{}", info.code)),
            "{} is registered but no code reports it: use it or remove it",
            info.code
        );
    }
}
