//! `textDocument/selectionRange`: one chain of nested ranges per position
//! asked for, in the same order.

use taskc_core::source::{FileId, SourceFile};
use tower_lsp_server::ls_types::{Position, Range, SelectionRange};

use super::Ctx;
use crate::position::{offset_at, range_of};

pub fn selection_ranges(
    ctx: &Ctx,
    file: FileId,
    positions: &[Position],
) -> Option<Vec<SelectionRange>> {
    let source = ctx.snapshot.source(file)?;
    Some(
        positions
            .iter()
            .map(|&position| selection_range(ctx, source, file, position))
            .collect(),
    )
}

fn selection_range(
    ctx: &Ctx,
    source: &SourceFile,
    file: FileId,
    position: Position,
) -> SelectionRange {
    let spans = ctx
        .snapshot
        .analysis
        .selection_ranges(file, offset_at(source, position));
    // The protocol wants an answer for every position: where there is no
    // tree, the empty range at the position itself.
    let mut chain: Option<SelectionRange> = None;
    for span in spans.iter().rev() {
        chain = Some(SelectionRange {
            range: range_of(source, *span),
            parent: chain.map(Box::new),
        });
    }
    chain.unwrap_or(SelectionRange {
        range: Range::new(position, position),
        parent: None,
    })
}
