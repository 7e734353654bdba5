//! `taskc completions SHELL`: print a completion script for `taskc`.
//!
//! The script is generated from the same clap definition that parses the
//! command line, so it always knows every subcommand and flag of this build.

use std::io::Write;

use clap::{Args, CommandFactory};
use clap_complete::Shell;

use super::Cli;
use super::output::Status;

/// Print a shell completion script for taskc to stdout.
#[derive(Debug, Args)]
#[command(after_help = "\
Examples:
  taskc completions bash > ~/.local/share/bash-completion/completions/taskc
  taskc completions zsh > ~/.zfunc/_taskc       (with `fpath+=~/.zfunc` before compinit)
  taskc completions fish > ~/.config/fish/completions/taskc.fish
  taskc completions powershell >> $PROFILE
  taskc completions elvish >> ~/.config/elvish/rc.elv")]
pub struct CompletionsArgs {
    /// The shell to write the script for
    #[arg(value_enum, value_name = "SHELL")]
    shell: Shell,
}

pub fn run(args: &CompletionsArgs) -> Status {
    let mut script = Vec::new();
    clap_complete::generate(args.shell, &mut Cli::command(), "taskc", &mut script);
    let mut stdout = std::io::stdout().lock();
    // A closed pipe (`taskc completions bash | head`) is not worth a panic.
    match stdout.write_all(&script).and_then(|()| stdout.flush()) {
        Ok(()) => Status::Clean,
        Err(error) if error.kind() == std::io::ErrorKind::BrokenPipe => Status::Clean,
        Err(error) => {
            eprintln!("error: cannot write the completion script: {error}");
            Status::Failed
        }
    }
}
