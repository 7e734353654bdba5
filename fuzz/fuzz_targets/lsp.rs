//! Sessions of edits and requests sent to a fresh language server
//! (`taskc_fuzz::lsp_session`): no panic, every request answered.
#![no_main]

use libfuzzer_sys::fuzz_target;
use taskc_fuzz::lsp_session::{Session, run};

fuzz_target!(|session: Session| {
    run(&session);
});
