//! `textDocument/codeAction`: quick fixes for diagnostics.

use taskc_core::ide::{self, CodeActionKind as Kind};
use taskc_core::source::FileId;
use tower_lsp_server::ls_types::{
    CodeAction, CodeActionKind, CodeActionOrCommand, Diagnostic, NumberOrString, Range,
};

use super::Ctx;
use crate::position::{range_of, span_of};

/// The fixes for `range`. A fix that answers a diagnostic the editor sent
/// along is linked to it, so the editor can offer it from that diagnostic.
pub fn code_actions(
    ctx: &Ctx,
    file: FileId,
    range: Range,
    sent: &[Diagnostic],
) -> Option<Vec<CodeActionOrCommand>> {
    let source = ctx.snapshot.source(file)?;
    let actions = ctx
        .snapshot
        .analysis
        .code_actions(file, span_of(source, range));
    Some(
        actions
            .into_iter()
            .map(|action| CodeActionOrCommand::CodeAction(to_lsp(ctx, action, sent)))
            .collect(),
    )
}

fn to_lsp(ctx: &Ctx, action: ide::CodeAction, sent: &[Diagnostic]) -> CodeAction {
    let fixed: Vec<Diagnostic> = match (&action.diagnostic_code, action.diagnostic_span) {
        (Some(code), Some(at)) => {
            let range = ctx.snapshot.source(at.file).map(|s| range_of(s, at.span));
            sent.iter()
                .filter(|d| d.code.as_ref() == Some(&NumberOrString::String(code.clone())))
                .filter(|d| range.is_none_or(|r| r == d.range))
                .cloned()
                .collect()
        }
        _ => Vec::new(),
    };
    CodeAction {
        title: action.title,
        kind: Some(match action.kind {
            Kind::QuickFix => CodeActionKind::QUICKFIX,
        }),
        is_preferred: (!fixed.is_empty()).then_some(true),
        diagnostics: (!fixed.is_empty()).then_some(fixed),
        edit: Some(ctx.workspace_edit(&action.edits)),
        command: None,
        disabled: None,
        data: None,
    }
}
