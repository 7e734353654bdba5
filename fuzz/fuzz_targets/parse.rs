//! Any bytes, read as UTF-8 (invalid sequences replaced), parse without a
//! panic: every problem is a diagnostic.
#![no_main]

use libfuzzer_sys::fuzz_target;
use taskc_core::source::FileId;
use taskc_core::syntax::parse;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let _ = parse(FileId(0), &text);
});
