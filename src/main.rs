//! `taskc`: the command-line front end of the taskc compiler. Each
//! subcommand lives in its own module under `cli/`.

mod cli;

/// Most of a build is small allocations (strings, messages, syntax trees)
/// made and freed on every worker thread; mimalloc serves them with about a
/// third less CPU time than the system allocator (bench/README.md).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> std::process::ExitCode {
    cli::main()
}
