//! The whole check (parse, semantic analysis, lints, Python drift) of an
//! in-memory workspace of one or more files and an optional `taskc.toml`
//! (`taskc_fuzz::workspace` describes the input) never panics.
#![no_main]

use libfuzzer_sys::fuzz_target;
use taskc_core::check::check_workspace;
use taskc_fuzz::workspace::Workspace;

fuzz_target!(|data: &[u8]| {
    let workspace = Workspace::from_text(&String::from_utf8_lossy(data));
    let _ = check_workspace(&workspace.db, &workspace.config);
});
