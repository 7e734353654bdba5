//! `textDocument/formatting`.

use taskc_core::source::FileId;
use tower_lsp_server::ls_types::TextEdit;

use super::Ctx;

/// The formatter's edits; `None` when the file does not parse (the editor
/// leaves it as it is).
pub fn format(ctx: &Ctx, file: FileId) -> Option<Vec<TextEdit>> {
    let edits = ctx.snapshot.analysis.format(file)?;
    Some(ctx.text_edits(file, &edits))
}
