//! The pest parser generated from `grammar/task.pest`. Its types never leave
//! the `syntax` module.

// The generated code names `::alloc` (pest is built without `std`); the
// crate root declares `extern crate alloc`.
#[derive(pest_derive::Parser)]
#[grammar = "../grammar/task.pest"]
pub(super) struct TaskParser;
