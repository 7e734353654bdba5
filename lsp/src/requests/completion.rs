//! `textDocument/completion`.

use taskc_core::ide::{self, CompletionKind};
use taskc_core::source::FileId;
use tower_lsp_server::ls_types::{
    CompletionItem, CompletionItemKind, CompletionResponse, Documentation, MarkupContent,
    MarkupKind, Position,
};

use super::Ctx;
use crate::position::offset_at;

pub fn completion(ctx: &Ctx, file: FileId, position: Position) -> Option<CompletionResponse> {
    let source = ctx.snapshot.source(file)?;
    let items = ctx
        .snapshot
        .analysis
        .completions(file, offset_at(source, position));
    Some(CompletionResponse::Array(
        items.into_iter().map(to_lsp).collect(),
    ))
}

fn to_lsp(item: ide::CompletionItem) -> CompletionItem {
    CompletionItem {
        label: item.label,
        kind: Some(kind(item.kind)),
        detail: item.detail,
        documentation: item.documentation.map(|value| {
            Documentation::MarkupContent(MarkupContent {
                kind: MarkupKind::Markdown,
                value,
            })
        }),
        insert_text: item.insert_text,
        ..CompletionItem::default()
    }
}

fn kind(kind: CompletionKind) -> CompletionItemKind {
    match kind {
        CompletionKind::Keyword => CompletionItemKind::KEYWORD,
        CompletionKind::Attribute => CompletionItemKind::PROPERTY,
        CompletionKind::Block => CompletionItemKind::STRUCT,
        CompletionKind::Env => CompletionItemKind::MODULE,
        CompletionKind::Template => CompletionItemKind::FUNCTION,
        CompletionKind::Type => CompletionItemKind::CLASS,
        CompletionKind::BuiltinType => CompletionItemKind::TYPE_PARAMETER,
        CompletionKind::EnumMember => CompletionItemKind::ENUM_MEMBER,
        CompletionKind::Field => CompletionItemKind::FIELD,
        CompletionKind::Input => CompletionItemKind::VARIABLE,
        CompletionKind::Value => CompletionItemKind::VALUE,
    }
}
