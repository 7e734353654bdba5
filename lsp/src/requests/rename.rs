//! `textDocument/prepareRename` and `textDocument/rename`.

use taskc_core::source::FileId;
use tower_lsp_server::jsonrpc;
use tower_lsp_server::ls_types::{Position, PrepareRenameResponse, WorkspaceEdit};

use super::Ctx;
use crate::position::{offset_at, range_of};

/// The range of the name under the cursor, or `None` where nothing can be
/// renamed (the editor then says so without a pop-up error).
pub fn prepare_rename(
    ctx: &Ctx,
    file: FileId,
    position: Position,
) -> Option<PrepareRenameResponse> {
    let source = ctx.snapshot.source(file)?;
    let span = ctx
        .snapshot
        .analysis
        .prepare_rename(file, offset_at(source, position))
        .ok()?;
    let placeholder = source.text.get(span.start..span.end)?.to_string();
    Some(PrepareRenameResponse::RangeWithPlaceholder {
        range: range_of(source, span),
        placeholder,
    })
}

/// The edits of a rename; a rename that cannot happen (a bad new name, a
/// clash) is an error whose message the editor shows.
pub fn rename(
    ctx: &Ctx,
    file: FileId,
    position: Position,
    new_name: &str,
) -> jsonrpc::Result<Option<WorkspaceEdit>> {
    let Some(source) = ctx.snapshot.source(file) else {
        return Ok(None);
    };
    match ctx
        .snapshot
        .analysis
        .rename(file, offset_at(source, position), new_name)
    {
        Ok(edits) => Ok(Some(ctx.workspace_edit(&edits))),
        Err(error) => Err(jsonrpc::Error::invalid_params(error.message)),
    }
}
