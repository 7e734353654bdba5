//! `taskc lsp`: the language server, speaking the Language Server Protocol
//! over stdin/stdout. The server itself lives in the `taskc-lsp` crate;
//! this module only starts it.

use clap::Args;
use taskc_core::diagnostics::Code;

use super::output::Status;

/// Start the language server on stdin/stdout (editors start it themselves).
#[derive(Debug, Args)]
pub struct LspArgs {
    /// Talk over stdin/stdout (the default and only transport; accepted
    /// because many editor clients pass it).
    #[arg(long)]
    stdio: bool,
}

pub fn run(args: &LspArgs) -> Status {
    let _ = args.stdio;
    match taskc_lsp::serve() {
        Ok(taskc_lsp::Ending::AfterShutdown) => Status::Clean,
        // The LSP specification: exit code 1 when `exit` (or the end of
        // the input) comes without `shutdown` first. `Errors` is code 1.
        Ok(taskc_lsp::Ending::WithoutShutdown) => Status::Errors,
        Err(error) => {
            eprintln!(
                "error[{}]: the language server could not start: {error}",
                Code::E0940
            );
            Status::Failed
        }
    }
}
