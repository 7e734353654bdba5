//! Command-line parsing (clap) and dispatch to one module per subcommand.

mod build;
mod check;
mod completions;
mod explain;
mod fmt;
mod init;
mod lint;
mod lsp;
mod output;
mod why;

use std::process::ExitCode;

use clap::{Parser, Subcommand};

const EXAMPLES: &str = "\
Examples:
  taskc check                     Check the workspace holding the current folder
  taskc check examples            Check every .task file under examples/
  taskc check a.task b.task       Check two files
  taskc check --format json       Print diagnostics as JSON (for editors and CI)
  taskc check --format github     Annotations for GitHub Actions (also: sarif)
  taskc fmt                       Format every .task file of the workspace
  taskc lint --deny-warnings      Lint the workspace; warnings fail the run
  taskc explain L0001             What a diagnostic code or lint rule means
  taskc why train.resources       Where a template's resources come from
  taskc init                      Start a workspace in the current folder
  taskc lsp                       Start the language server (editors run this)
  taskc completions zsh           Print the zsh completion script

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
    Build(build::BuildArgs),
    Fmt(fmt::FmtArgs),
    Lint(lint::LintArgs),
    Explain(explain::ExplainArgs),
    Why(why::WhyArgs),
    Init(init::InitArgs),
    Lsp(lsp::LspArgs),
    Completions(completions::CompletionsArgs),
}

/// Parse the command line and run the subcommand. clap itself exits with
/// code 2 on a usage error and 0 after `--help` / `--version`.
pub fn main() -> ExitCode {
    let cli = Cli::parse();
    let status = match cli.command {
        Command::Check(args) => check::run(&args),
        Command::Build(args) => build::run(&args),
        Command::Fmt(args) => fmt::run(&args),
        Command::Lint(args) => lint::run(&args),
        Command::Explain(args) => explain::run(&args),
        Command::Why(args) => why::run(&args),
        Command::Init(args) => init::run(&args),
        Command::Lsp(args) => lsp::run(&args),
        Command::Completions(args) => completions::run(&args),
    };
    status.into()
}
