//! `taskc`: the command-line front end of the taskc compiler. Each
//! subcommand lives in its own module under `cli/`.

mod cli;

fn main() -> std::process::ExitCode {
    cli::main()
}
