//! The taskc language server: a thin adapter between the Language Server
//! Protocol (via tower-lsp-server) and taskc-core's editor queries
//! ([`taskc_core::ide`]). Positions are converted in [`position`] only;
//! each family of requests has its own module under `requests/`.
//!
//! Over stdio the bytes are framed by [`frame_reader`] and sorted by
//! [`incoming`] before [`stdio_transport`] hands them to the service, so
//! that malformed input is skipped and answered instead of ending the
//! session as tower-lsp-server's own transport does.
//!
//! Standard output carries the protocol and nothing else, hence the lint
//! below; messages for people go to the editor's log or to stderr.

#![deny(clippy::print_stdout)]

mod capabilities;
mod diagnostics;
mod frame_reader;
mod incoming;
mod position;
mod requests;
mod server;
mod state;
mod stdio_transport;
mod workspace;

pub use server::TaskLanguageServer;
pub use stdio_transport::Ending;
use tower_lsp_server::{ClientSocket, LspService};

/// The service and its client socket, for driving the server in-process
/// (tests, or another transport).
pub fn service() -> (LspService<TaskLanguageServer>, ClientSocket) {
    LspService::new(TaskLanguageServer::new)
}

/// Serve the protocol over stdin/stdout until the editor sends `exit` or
/// closes stdin. Malformed input is logged to stderr and skipped
/// ([`stdio_transport`]).
pub fn serve() -> std::io::Result<Ending> {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()?;
    runtime.block_on(async {
        let (service, socket) = service();
        stdio_transport::serve(std::io::stdin(), tokio::io::stdout(), service, socket).await
    })
}
