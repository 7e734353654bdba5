//! `textDocument/hover`.

use taskc_core::source::FileId;
use tower_lsp_server::ls_types::{Hover, HoverContents, MarkupContent, MarkupKind, Position};

use super::Ctx;
use crate::position::{offset_at, range_of};

pub fn hover(ctx: &Ctx, file: FileId, position: Position) -> Option<Hover> {
    let source = ctx.snapshot.source(file)?;
    let found = ctx
        .snapshot
        .analysis
        .hover(file, offset_at(source, position))?;
    Some(Hover {
        contents: HoverContents::Markup(MarkupContent {
            kind: MarkupKind::Markdown,
            value: found.markdown,
        }),
        range: Some(range_of(source, found.range)),
    })
}
