//! `textDocument/definition` and `textDocument/references`.

use taskc_core::source::FileId;
use tower_lsp_server::ls_types::{GotoDefinitionResponse, Location, Position};

use super::Ctx;
use crate::position::offset_at;

pub fn definition(ctx: &Ctx, file: FileId, position: Position) -> Option<GotoDefinitionResponse> {
    let source = ctx.snapshot.source(file)?;
    let targets = ctx
        .snapshot
        .analysis
        .definition(file, offset_at(source, position));
    let locations: Vec<Location> = targets
        .into_iter()
        .filter_map(|t| ctx.location(t))
        .collect();
    match locations.len() {
        0 => None,
        1 => locations
            .into_iter()
            .next()
            .map(GotoDefinitionResponse::Scalar),
        _ => Some(GotoDefinitionResponse::Array(locations)),
    }
}

pub fn references(
    ctx: &Ctx,
    file: FileId,
    position: Position,
    include_declaration: bool,
) -> Option<Vec<Location>> {
    let source = ctx.snapshot.source(file)?;
    let found =
        ctx.snapshot
            .analysis
            .references(file, offset_at(source, position), include_declaration);
    Some(
        found
            .into_iter()
            .filter_map(|at| ctx.location(at))
            .collect(),
    )
}
