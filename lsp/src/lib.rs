//! The taskc language server.
