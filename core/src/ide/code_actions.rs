//! Code actions: quick fixes for the diagnostics under the cursor.
//!
//! - "did you mean": every diagnostic whose help line suggests a name
//!   (`did you mean `x`?` or `did you mean "x"?`, the wording of
//!   `semantic::suggest`) gets a fix that writes the suggestion over the
//!   primary span, when that span is the single misspelled word or string.
//! - lint suppression: every lint (L-code) gets "allow it here", which adds
//!   `// taskc: allow(CODE)` on its own line above the finding (or adds the
//!   code to such a comment already there); see `lint::suppressions` for
//!   what the comment covers.

use super::index::slice;
use super::{Analysis, CodeAction, CodeActionKind, TextEdit};
use crate::diagnostics::Diagnostic;
use crate::source::{FileId, FileSpan, SourceFile, Span};

pub(crate) fn code_actions(analysis: &Analysis, file: FileId, range: Span) -> Vec<CodeAction> {
    let Some(source) = analysis.db.get(file) else {
        return Vec::new();
    };
    let mut out = Vec::new();
    for d in &analysis.diagnostics {
        let at = d.primary.span;
        if d.primary.file != file || at.start > range.end || range.start > at.end {
            continue;
        }
        if let Some(fix) = did_you_mean_fix(source, file, d) {
            out.push(fix);
        }
        if d.code.as_str().starts_with('L')
            && let Some(fix) = suppression_fix(source, file, d)
        {
            out.push(fix);
        }
    }
    out
}

fn action(title: String, edit: TextEdit, d: &Diagnostic) -> CodeAction {
    CodeAction {
        title,
        kind: CodeActionKind::QuickFix,
        edits: vec![edit],
        diagnostic_code: Some(d.code.to_string()),
        diagnostic_span: Some(FileSpan::new(d.primary.file, d.primary.span)),
    }
}

/// The suggestion of a `did you mean …?` help line, and whether it was
/// written as a string (`"x"`) rather than a name (`` `x` ``).
fn suggestion(help: &str) -> Option<(&str, bool)> {
    let rest = &help[help.find("did you mean ")? + "did you mean ".len()..];
    let (quote, quoted) = match rest.chars().next()? {
        '`' => ('`', false),
        '"' => ('"', true),
        _ => return None,
    };
    let inner = &rest[1..];
    let end = inner.find(quote)?;
    inner[end + 1..]
        .starts_with('?')
        .then_some((&inner[..end], quoted))
}

fn did_you_mean_fix(source: &SourceFile, file: FileId, d: &Diagnostic) -> Option<CodeAction> {
    let (suggested, quoted) = suggestion(d.help.as_deref()?)?;
    let written = slice(&source.text, d.primary.span);
    let one_token = |s: &str| {
        !s.is_empty()
            && !s
                .chars()
                .any(|c| c.is_whitespace() || c == '"' || c == '\\')
    };
    if written.is_empty() || written.contains('\n') || !one_token(suggested) {
        return None;
    }
    let new_text = match written.strip_prefix('"').and_then(|w| w.strip_suffix('"')) {
        // A string stays a string.
        Some(_) => format!("\"{suggested}\""),
        None if quoted || written.contains(char::is_whitespace) => return None,
        None => suggested.to_string(),
    };
    if new_text == written {
        return None;
    }
    Some(action(
        format!("Change `{written}` to `{new_text}`"),
        TextEdit {
            file,
            span: d.primary.span,
            new_text,
        },
        d,
    ))
}

fn suppression_fix(source: &SourceFile, file: FileId, d: &Diagnostic) -> Option<CodeAction> {
    let line = source.line_index(d.primary.span.start);
    let line_start = source.line_start(line)?;
    let text = &source.text;
    let line_text = text[line_start..].lines().next().unwrap_or("");
    let indent_len = line_text.len() - line_text.trim_start().len();
    let indent = &line_text[..indent_len];
    let title = format!("Allow `{}` here (`// taskc: allow({})`)", d.code, d.code);

    // Extend an `// taskc: allow(…)` comment on the line above.
    if line > 0
        && let Some(above_start) = source.line_start(line - 1)
    {
        let above = &text[above_start..line_start];
        let trimmed = above.trim();
        if trimmed.starts_with("// taskc: allow(")
            && let Some(close) = above.find(')')
        {
            if trimmed.contains(d.code.as_str()) {
                return None;
            }
            return Some(action(
                title,
                TextEdit {
                    file,
                    span: Span::new(above_start + close, above_start + close),
                    new_text: format!(", {}", d.code),
                },
                d,
            ));
        }
    }
    Some(action(
        title,
        TextEdit {
            file,
            span: Span::new(line_start, line_start),
            new_text: format!("{indent}// taskc: allow({})\n", d.code),
        },
        d,
    ))
}

#[cfg(test)]
mod tests {
    use super::suggestion;

    #[test]
    fn suggestions_are_read_from_both_help_forms() {
        assert_eq!(suggestion("did you mean `cpu`?"), Some(("cpu", false)));
        assert_eq!(
            suggestion("did you mean \"4Gi\"? Binary units are Ki"),
            Some(("4Gi", true))
        );
        assert_eq!(
            suggestion("did you mean `sql bigquery { … }`?").map(|s| s.0),
            Some("sql bigquery { … }")
        );
        assert_eq!(suggestion("write `cpu = 1`"), None);
    }
}
