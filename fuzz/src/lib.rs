//! What the fuzz targets share: the text format of an in-memory workspace
//! ([`workspace`]) and the in-process language client of the `lsp` target
//! ([`lsp_session`]).

pub mod lsp_session;
pub mod workspace;
