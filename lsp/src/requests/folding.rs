//! `textDocument/foldingRange`: whole lines only, which every client
//! supports (`lineFoldingOnly` or not).

use taskc_core::ide::{FoldingKind, FoldingRange as Fold};
use taskc_core::source::FileId;
use tower_lsp_server::ls_types::{FoldingRange, FoldingRangeKind};

use super::Ctx;

pub fn folding_ranges(ctx: &Ctx, file: FileId) -> Option<Vec<FoldingRange>> {
    ctx.snapshot.source(file)?;
    let folds = ctx.snapshot.analysis.folding_ranges(file);
    Some(folds.into_iter().map(folding_range).collect())
}

fn folding_range(fold: Fold) -> FoldingRange {
    FoldingRange {
        start_line: line(fold.start_line),
        start_character: None,
        end_line: line(fold.end_line),
        end_character: None,
        kind: Some(match fold.kind {
            FoldingKind::Comment => FoldingRangeKind::Comment,
            FoldingKind::Block | FoldingKind::String => FoldingRangeKind::Region,
        }),
        collapsed_text: None,
    }
}

fn line(value: usize) -> u32 {
    u32::try_from(value).unwrap_or(u32::MAX)
}
