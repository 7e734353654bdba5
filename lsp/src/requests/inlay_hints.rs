//! `textDocument/inlayHint`.

use taskc_core::source::FileId;
use tower_lsp_server::ls_types::{InlayHint, InlayHintLabel, InlayHintTooltip, Range};

use super::Ctx;
use crate::position::{position_at, span_of};

pub fn inlay_hints(ctx: &Ctx, file: FileId, range: Range) -> Option<Vec<InlayHint>> {
    let source = ctx.snapshot.source(file)?;
    let hints = ctx
        .snapshot
        .analysis
        .inlay_hints(file, span_of(source, range));
    Some(
        hints
            .into_iter()
            .filter(|hint| !hint.label.is_empty())
            .map(|hint| InlayHint {
                position: position_at(source, hint.offset),
                label: InlayHintLabel::String(hint.label),
                kind: None,
                text_edits: None,
                tooltip: hint.tooltip.map(InlayHintTooltip::String),
                padding_left: Some(true),
                padding_right: None,
                data: None,
            })
            .collect(),
    )
}
