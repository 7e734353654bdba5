//! `textDocument/documentSymbol` and `workspace/symbol`.

use taskc_core::ide::{self, SymbolKind as Kind};
use taskc_core::source::{FileId, SourceFile};
use tower_lsp_server::ls_types::{DocumentSymbol, Location, OneOf, SymbolKind, WorkspaceSymbol};

use super::Ctx;
use crate::position::range_of;

pub fn document_symbols(ctx: &Ctx, file: FileId) -> Option<Vec<DocumentSymbol>> {
    let source = ctx.snapshot.source(file)?;
    let symbols = ctx.snapshot.analysis.document_symbols(file);
    Some(symbols.into_iter().map(|s| nested(source, s)).collect())
}

#[allow(deprecated)] // `deprecated` has no default; `tags` replaces it.
fn nested(source: &SourceFile, symbol: ide::Symbol) -> DocumentSymbol {
    let range = range_of(source, symbol.span);
    let mut selection_range = range_of(source, symbol.selection_span);
    // The protocol requires the name to lie inside the declaration.
    if selection_range.start < range.start || selection_range.end > range.end {
        selection_range = range;
    }
    let children: Vec<DocumentSymbol> = symbol
        .children
        .into_iter()
        .map(|child| nested(source, child))
        .collect();
    DocumentSymbol {
        name: non_empty(symbol.name),
        detail: symbol.detail,
        kind: kind(symbol.kind),
        tags: None,
        deprecated: None,
        range,
        selection_range,
        children: (!children.is_empty()).then_some(children),
    }
}

/// Workspace symbols matching `query`, flattened (children carry their
/// parent's name as container).
pub fn workspace_symbols(ctx: &Ctx, query: &str) -> Vec<WorkspaceSymbol> {
    let mut out = Vec::new();
    for symbol in ctx.snapshot.analysis.workspace_symbols(query) {
        flatten(ctx, symbol, None, &mut out);
    }
    out
}

fn flatten(
    ctx: &Ctx,
    symbol: ide::Symbol,
    container: Option<&str>,
    out: &mut Vec<WorkspaceSymbol>,
) {
    let location: Option<Location> = ctx.location(taskc_core::source::FileSpan::new(
        symbol.file,
        symbol.selection_span,
    ));
    if let Some(location) = location {
        out.push(WorkspaceSymbol {
            name: non_empty(symbol.name.clone()),
            kind: kind(symbol.kind),
            tags: None,
            container_name: container.map(str::to_string),
            location: OneOf::Left(location),
            data: None,
        });
    }
    for child in symbol.children {
        flatten(ctx, child, Some(&symbol.name), out);
    }
}

/// Editors reject symbols with empty names (a declaration still being typed).
fn non_empty(name: String) -> String {
    if name.is_empty() {
        "?".to_string()
    } else {
        name
    }
}

fn kind(kind: Kind) -> SymbolKind {
    match kind {
        Kind::Env => SymbolKind::MODULE,
        Kind::Template => SymbolKind::FUNCTION,
        Kind::Override => SymbolKind::METHOD,
        Kind::Record => SymbolKind::STRUCT,
        Kind::Enum => SymbolKind::ENUM,
        Kind::Field => SymbolKind::FIELD,
        Kind::EnumMember => SymbolKind::ENUM_MEMBER,
        Kind::Input => SymbolKind::VARIABLE,
        Kind::Output => SymbolKind::PROPERTY,
        Kind::Trigger => SymbolKind::EVENT,
        Kind::Attribute => SymbolKind::PROPERTY,
        Kind::Block => SymbolKind::OBJECT,
    }
}
