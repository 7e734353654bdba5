//! Suppression comments: `// taskc: allow(CODE, …)`.
//!
//! Forms (codes and rule names may be mixed, separated by commas; text
//! after the closing `)` is free, e.g. a reason):
//!
//! - at the end of a line: covers that line;
//! - on a line of its own: covers the next line with code on it; when that
//!   line starts a declaration (the comment is one of the declaration's
//!   leading comments, `///` docs included) or an entry (`env_vars { … }`),
//!   it covers the whole declaration or entry;
//! - `//! taskc: allow(…)` anywhere in a file: covers the whole file.
//!
//! A finding is suppressed when its primary span starts on a covered line.
//! Only `//` line comments count: `///` is documentation and `/* */` is
//! never read. A suppression that suppresses nothing, names no lint, or
//! names an error code is reported as `unused-suppression` (L0014), so
//! stale comments do not pile up.

use rayon::prelude::*;

use crate::diagnostics::{Code, Diagnostic};
use crate::source::{FileId, FileSpan, SourceDb, SourceFile, Span};
use crate::syntax::ast::{self, CommentKind};

use super::LintContext;
use super::context::finding;
use super::registry::{find_rule, suggest_rule};
use super::rules::unused_suppression::UNUSED_SUPPRESSION;
use super::walk;

/// The marker after `//` or `//!`.
const MARKER: &str = "taskc:";

/// One `taskc: allow(…)` comment.
#[derive(Debug, Clone)]
struct Suppression {
    file: FileId,
    /// First and last covered line (0-based, inclusive); the whole file for
    /// the `//!` form.
    lines: (usize, usize),
    entries: Vec<Entry>,
}

/// One code or name inside `allow(…)`.
#[derive(Debug, Clone)]
struct Entry {
    written: String,
    at: Span,
    /// The rule's code, when the name is a lint.
    code: Option<Code>,
}

/// Every suppression comment of a workspace, plus comments that start with
/// `taskc:` but cannot be read.
#[derive(Debug, Default)]
pub struct Suppressions {
    suppressions: Vec<Suppression>,
    /// Per suppression, per entry: did it suppress something?
    used: Vec<Vec<bool>>,
    malformed: Vec<Diagnostic>,
}

/// Read the suppression comments of every file (in parallel; files are
/// independent).
pub fn collect(cx: &LintContext<'_>) -> Suppressions {
    let per_file: Vec<(Vec<Suppression>, Vec<Diagnostic>)> = cx
        .files
        .par_iter()
        .map(|(id, file)| match cx.db.get(*id) {
            Some(source) => read_file(*id, file, source),
            None => (Vec::new(), Vec::new()),
        })
        .collect();
    let mut out = Suppressions::default();
    for (suppressions, malformed) in per_file {
        out.used
            .extend(suppressions.iter().map(|s| vec![false; s.entries.len()]));
        out.suppressions.extend(suppressions);
        out.malformed.extend(malformed);
    }
    out
}

impl Suppressions {
    /// Drop every finding a suppression covers, remembering which
    /// suppressions were used.
    ///
    /// The findings, in (file, line) order, are swept against the
    /// suppressions in (file, first line) order, keeping aside the ones
    /// whose lines reach the current finding: a finding is compared only
    /// with the suppressions that cover its line, not with every
    /// suppression of the workspace (quadratic when each of thousands of
    /// declarations has both).
    pub fn apply(&mut self, db: &SourceDb, findings: Vec<Diagnostic>) -> Vec<Diagnostic> {
        let at: Vec<Option<(FileId, usize)>> = findings
            .iter()
            .map(|d| {
                let source = db.get(d.primary.file)?;
                Some((d.primary.file, source.line_index(d.primary.span.start)))
            })
            .collect();
        let mut order: Vec<(FileId, usize, usize)> = at
            .iter()
            .enumerate()
            .filter_map(|(i, at)| at.map(|(file, line)| (file, line, i)))
            .collect();
        order.sort_unstable();
        let mut by_start: Vec<usize> = (0..self.suppressions.len()).collect();
        by_start.sort_by_key(|&k| (self.suppressions[k].file, self.suppressions[k].lines.0));

        let mut suppressed = vec![false; findings.len()];
        let mut next = 0;
        let mut covering: Vec<usize> = Vec::new();
        let mut current = None;
        for (file, line, i) in order {
            if current != Some(file) {
                covering.clear();
                current = Some(file);
            }
            while let Some(&k) = by_start.get(next) {
                let s = &self.suppressions[k];
                if (s.file, s.lines.0) > (file, line) {
                    break;
                }
                if s.file == file {
                    covering.push(k);
                }
                next += 1;
            }
            // Lines only grow within a file: a suppression that ends above
            // this line covers no later finding either.
            covering.retain(|&k| self.suppressions[k].lines.1 >= line);
            for &k in &covering {
                for (j, entry) in self.suppressions[k].entries.iter().enumerate() {
                    if entry.code == Some(findings[i].code) {
                        self.used[k][j] = true;
                        suppressed[i] = true;
                    }
                }
            }
        }
        findings
            .into_iter()
            .zip(suppressed)
            .filter_map(|(d, suppressed)| (!suppressed).then_some(d))
            .collect()
    }

    /// `unused-suppression` findings: entries that suppressed nothing or
    /// name no lint, and comments that could not be read.
    pub fn report_unused(self, levels: &super::levels::Levels) -> Vec<Diagnostic> {
        let mut out = self.malformed;
        for (s, used) in self.suppressions.iter().zip(&self.used) {
            for (entry, used) in s.entries.iter().zip(used) {
                let allowed = entry
                    .code
                    .is_some_and(|code| levels.level(code) == Some(super::LintLevel::Allow));
                if *used || allowed {
                    continue;
                }
                let at = FileSpan::new(s.file, entry.at);
                let d = match entry.code {
                    Some(code) => finding(
                        UNUSED_SUPPRESSION.code,
                        at,
                        format!("`{}` suppresses nothing here", entry.written),
                    )
                    .with_primary_label(format!("no `{code}` finding on the lines this covers"))
                    .with_help(
                        "remove it if the problem is gone, or move it to the line the finding starts on",
                    ),
                    None if is_error_code(&entry.written) => finding(
                        UNUSED_SUPPRESSION.code,
                        at,
                        format!(
                            "`{}` is an error, and errors cannot be suppressed",
                            entry.written
                        ),
                    )
                    .with_help("fix the error; only lints (L-codes) can be allowed"),
                    None => finding(
                        UNUSED_SUPPRESSION.code,
                        at,
                        format!("`{}` is not a lint rule", entry.written),
                    )
                    .with_help(match suggest_rule(&entry.written) {
                        Some(s) => format!("did you mean `{s}`?"),
                        None => "`taskc lint --list-rules` shows every rule".to_string(),
                    }),
                };
                out.push(d);
            }
        }
        out
    }
}

fn is_error_code(word: &str) -> bool {
    word.len() == 5 && word.starts_with(['E', 'e']) && word[1..].bytes().all(|b| b.is_ascii_digit())
}

/// The suppressions of one file, and diagnostics for `taskc:` comments that
/// cannot be read.
fn read_file(
    id: FileId,
    file: &ast::File,
    source: &SourceFile,
) -> (Vec<Suppression>, Vec<Diagnostic>) {
    let mut suppressions = Vec::new();
    let mut malformed = Vec::new();
    for comment in &file.comments {
        if comment.kind != CommentKind::Line {
            continue;
        }
        let (file_level, body_offset) = if comment.text.starts_with("//!") {
            (true, 3)
        } else {
            (false, 2)
        };
        let Some(parsed) = parse_comment(&comment.text[body_offset..]) else {
            continue;
        };
        let base = comment.span.start + body_offset;
        let entries = match parsed {
            Ok(entries) => entries,
            Err(()) => {
                malformed.push(
                    finding(
                        UNUSED_SUPPRESSION.code,
                        FileSpan::new(id, comment.span),
                        "this `taskc:` comment is not a suppression taskc can read",
                    )
                    .with_help("write `// taskc: allow(CODE, …)` with lint codes or names, e.g. `// taskc: allow(L0001)`"),
                );
                continue;
            }
        };
        let lines = if file_level {
            (0, usize::MAX)
        } else {
            covered_lines(file, source, comment.span)
        };
        suppressions.push(Suppression {
            file: id,
            lines,
            entries: entries
                .into_iter()
                .map(|(written, at)| Entry {
                    code: find_rule(&written).map(|r| r.code),
                    written,
                    at: at.shifted(base),
                })
                .collect(),
        });
    }
    (suppressions, malformed)
}

/// The lines an own-line or end-of-line comment at `span` covers.
fn covered_lines(file: &ast::File, source: &SourceFile, span: Span) -> (usize, usize) {
    let text = &*source.text;
    let line = source.line_index(span.start);
    let line_start = source.line_start(line).unwrap_or(0);
    let code_before = text
        .get(line_start..span.start)
        .is_some_and(|before| !before.trim().is_empty());
    if code_before {
        return (line, line);
    }
    // Skip whitespace and further comments to the next code.
    let mut at = span.end;
    loop {
        let rest = text.get(at..).unwrap_or("");
        let trimmed = rest.trim_start();
        at += rest.len() - trimmed.len();
        // Comments are in source order: a binary search, not a scan per
        // suppression.
        let i = file.comments.partition_point(|c| c.span.start < at);
        match file.comments.get(i).filter(|c| c.span.start == at) {
            Some(c) => at = c.span.end,
            None => break,
        }
    }
    if at >= text.len() {
        return (line, line);
    }
    let next = source.line_index(at);
    // A declaration or an entry (`env_vars { … }`, `cache { … }`) starting
    // there is covered whole. Items are in source order and do not
    // overlap: only the last one starting at or before `at` can hold it.
    let item = file
        .items
        .partition_point(|item| item.span().start <= at)
        .checked_sub(1)
        .and_then(|i| file.items.get(i));
    let declaration = item
        .filter(|item| {
            let head = item.name().map_or(item.span().start, |n| n.span.start);
            at <= head
        })
        .map(ast::Item::span);
    let entry = || {
        let mut found = None;
        if let Some(body) = item.and_then(walk::bodies_of) {
            walk::entries(body, &mut |e| {
                if found.is_none() && e.span().start == at {
                    found = Some(e.span());
                }
            });
        }
        found
    };
    match declaration.or_else(entry) {
        Some(span) => (next, source.line_index(span.end.saturating_sub(1).max(at))),
        None => (next, next),
    }
}

/// `Some(Ok(entries))` for ` taskc: allow(a, b) reason`, `Some(Err)` for a
/// comment that starts with `taskc:` but is not that, `None` for any other
/// comment. Entry spans are relative to `body`.
fn parse_comment(body: &str) -> Option<Result<Vec<(String, Span)>, ()>> {
    let lead = body.len() - body.trim_start().len();
    let rest = body[lead..].strip_prefix(MARKER)?;
    let mut offset = lead + MARKER.len();
    let skip_ws = |s: &str, offset: &mut usize| -> usize {
        let n = s.len() - s.trim_start().len();
        *offset += n;
        n
    };
    let n = skip_ws(rest, &mut offset);
    let Some(rest) = rest[n..].strip_prefix("allow") else {
        return Some(Err(()));
    };
    offset += "allow".len();
    let n = skip_ws(rest, &mut offset);
    let Some(rest) = rest[n..].strip_prefix('(') else {
        return Some(Err(()));
    };
    offset += 1;
    let Some(close) = rest.find(')') else {
        return Some(Err(()));
    };
    let mut entries = Vec::new();
    let mut start = offset;
    for part in rest[..close].split(',') {
        let lead = part.len() - part.trim_start().len();
        let word = part.trim();
        if word.is_empty()
            || !word
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
        {
            return Some(Err(()));
        }
        let at = start + lead;
        entries.push((word.to_string(), Span::new(at, at + word.len())));
        start += part.len() + 1;
    }
    Some(Ok(entries))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(body: &str) -> Option<Result<Vec<String>, ()>> {
        parse_comment(body).map(|r| {
            r.map(|entries| {
                entries
                    .into_iter()
                    .map(|(w, at)| {
                        assert_eq!(&body[at.start..at.end], w);
                        w
                    })
                    .collect()
            })
        })
    }

    #[test]
    fn reads_codes_and_names_with_their_spans() {
        assert_eq!(
            words(" taskc: allow(L0001, secret-value-in-env-vars) -- rotated weekly"),
            Some(Ok(vec![
                "L0001".to_string(),
                "secret-value-in-env-vars".to_string()
            ]))
        );
        assert_eq!(
            words("taskc:allow( L0002 )"),
            Some(Ok(vec!["L0002".to_string()]))
        );
    }

    #[test]
    fn other_comments_are_not_suppressions() {
        assert_eq!(words(" plain comment"), None);
        assert_eq!(words(" see taskc: allow(L0001)"), None);
    }

    #[test]
    fn unreadable_taskc_comments_are_errors() {
        assert_eq!(words(" taskc: allow L0001"), Some(Err(())));
        assert_eq!(words(" taskc: allow(L0001"), Some(Err(())));
        assert_eq!(words(" taskc: allow()"), Some(Err(())));
        assert_eq!(words(" taskc: deny(L0001)"), Some(Err(())));
        assert_eq!(words(" taskc: allow(L0001 L0002)"), Some(Err(())));
    }
}
