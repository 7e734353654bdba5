//! The taskc language server: a thin adapter between the Language Server
//! Protocol (via tower-lsp-server) and taskc-core's editor queries
//! ([`taskc_core::ide`]). Positions are converted in [`position`] only;
//! each family of requests has its own module under `requests/`.
//!
//! Standard output carries the protocol and nothing else, hence the lint
//! below; messages for people go to the editor's log or to stderr.

#![deny(clippy::print_stdout)]

mod capabilities;
mod diagnostics;
mod position;
mod requests;
mod server;
mod state;
mod workspace;

pub use server::TaskLanguageServer;
use tower_lsp_server::{ClientSocket, LspService, Server};

/// The service and its client socket, for driving the server in-process
/// (tests, or another transport).
pub fn service() -> (LspService<TaskLanguageServer>, ClientSocket) {
    LspService::new(TaskLanguageServer::new)
}

/// Serve the protocol over stdin/stdout until the editor sends `exit`.
pub fn serve() -> std::io::Result<()> {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()?;
    runtime.block_on(async {
        let (service, socket) = service();
        Server::new(tokio::io::stdin(), tokio::io::stdout(), socket)
            .serve(service)
            .await;
    });
    Ok(())
}
