//! Command-line parsing (clap) and dispatch to one module per subcommand.

mod check;
mod output;

use std::process::ExitCode;

use clap::{Parser, Subcommand};

const EXAMPLES: &str = "\
Examples:
  taskc check                     Check the workspace holding the current folder
  taskc check examples            Check every .task file under examples/
  taskc check a.task b.task       Check two files
  taskc check --format json       Print diagnostics as JSON (for editors and CI)

Exit codes: 0 no errors (warnings allowed), 1 errors found, 2 usage or I/O error.";

/// A typed, declarative language and compiler for Flyte 2 tasks.
#[derive(Debug, Parser)]
#[command(
    name = "taskc",
    version,
    about,
    after_help = EXAMPLES,
    arg_required_else_help = true
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    Check(check::CheckArgs),
}

/// Parse the command line and run the subcommand. clap itself exits with
/// code 2 on a usage error and 0 after `--help` / `--version`.
pub fn main() -> ExitCode {
    let cli = Cli::parse();
    let status = match cli.command {
        Command::Check(args) => check::run(&args),
    };
    status.into()
}
