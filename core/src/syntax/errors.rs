//! pest's "expected [rule, …]" turned into plain words.
//!
//! pest reports the furthest position it reached and the rules it tried
//! there. Each rule name becomes the token or construct a user would name
//! (`lbrace` → `` `{` ``, `type_expr` → "a type"), the message says what came
//! before ("after `retries`") and what was found instead, and the primary
//! span covers the offending token, or is empty at the insertion point when
//! the declaration ended too early.

use pest::error::{Error, ErrorVariant, InputLocation};

use super::grammar::Rule;
use super::scan::Chunk;
use crate::diagnostics::{Code, Diagnostic};
use crate::source::{FileId, FileSpan, Span};

/// Where and what: the token that stopped the parser.
struct Found {
    span: Span,
    description: String,
}

pub(super) fn syntax_error(
    file: FileId,
    blanked: &str,
    chunk: &Chunk,
    error: &Error<Rule>,
) -> Diagnostic {
    let relative = match error.location {
        InputLocation::Pos(p) => p,
        InputLocation::Span((start, _)) => start,
    };
    let pos = (chunk.span.start + relative).min(chunk.span.end);
    let positives: &[Rule] = match &error.variant {
        ErrorVariant::ParsingError { positives, .. } => positives,
        ErrorVariant::CustomError { .. } => &[],
    };
    let expected = expected_words(positives);
    let previous = previous_token(blanked, chunk.span.start, pos);
    let found = found_token(blanked, chunk, pos);

    let after_returns = previous.as_deref() == Some("returns");
    let is_entry_tail = positives.contains(&Rule::op_set)
        && positives.contains(&Rule::op_append)
        && positives.contains(&Rule::colon)
        && !after_returns;
    // pest names the innermost rule when only one was tried (`ident` where a
    // type was expected); the tokens before tell what that name is.
    let type_argument = positives.contains(&Rule::string)
        && positives.contains(&Rule::ident)
        && !positives.contains(&Rule::number);
    let type_context = positives.contains(&Rule::columns)
        || type_argument
        || (matches!(previous.as_deref(), Some(":" | "|" | "returns"))
            && positives
                .iter()
                .any(|r| matches!(r, Rule::ident | Rule::type_expr)));
    let missing_close = found.span.is_empty()
        && chunk.unclosed.is_some()
        && positives
            .iter()
            .any(|r| matches!(r, Rule::rbrace | Rule::rbrack));
    let expected_text = if missing_close {
        let closer = match chunk.unclosed.and_then(|open| blanked.as_bytes().get(open)) {
            Some(b'[') => "`]`",
            Some(b'(') => "`)`",
            _ => "`}`",
        };
        closer.to_owned()
    } else if is_entry_tail {
        "`=`, `+=`, `{` or `:`".to_owned()
    } else if type_context {
        "a type".to_owned()
    } else {
        join_words(&expected)
    };

    let mut message = if expected_text.is_empty() {
        "unexpected text".to_owned()
    } else {
        format!("expected {expected_text}")
    };
    if missing_close {
        // The position is right after the last token; naming it adds nothing.
    } else if let Some(previous) = &previous {
        if is_entry_tail {
            message.push_str(&format!(" after attribute `{previous}`"));
        } else {
            message.push_str(&format!(" after `{previous}`"));
        }
    }
    message.push_str(&format!(", found {}", found.description));

    let help = if missing_close {
        "add the missing closing bracket; every `{` and `[` needs its match"
    } else if is_entry_tail {
        "an entry is written `name = value`, `name += value`, `name { … }`, `name: Type` or `kind label { … }`"
    } else if positives.contains(&Rule::rbrack) && positives.contains(&Rule::comma) {
        "list items are separated by `,`: `[a, b, c]`"
    } else if type_context {
        "types are written like `int`, `list[str]`, `dict[str, float]`, `T?` or `A | B`"
    } else if positives.contains(&Rule::number) {
        "a value is a string, number, duration, `true`/`false`, `none`, a name, a list `[…]` or a block `{…}`"
    } else if previous.as_deref() == Some(",") && found.description == "`,`" {
        "remove the extra `,`"
    } else if positives.iter().any(|r| {
        matches!(
            r,
            Rule::keyed_entry | Rule::returns_entry | Rule::kw_returns
        )
    }) {
        "an entry is written `name = value`, `name += value`, `name { … }`, `name: Type` or `kind label { … }`; a block ends with `}`"
    } else {
        declaration_help(blanked.get(chunk.span.start..chunk.span.end).unwrap_or(""))
    };

    let mut diagnostic =
        Diagnostic::error(Code::E0001, FileSpan::new(file, found.span), message).with_help(help);
    if found.span.is_empty() {
        if let Some(open) = chunk.unclosed {
            let opener = blanked.get(open..open + 1).unwrap_or("{");
            diagnostic = diagnostic.with_label(
                FileSpan::new(file, Span::new(open, open + 1)),
                format!("this `{opener}` is never closed"),
            );
        }
    }
    diagnostic
}

/// The shape of the declaration a chunk starts with.
fn declaration_help(chunk_text: &str) -> &'static str {
    let keyword = chunk_text
        .split(|c: char| !c.is_ascii_alphanumeric())
        .next();
    match keyword {
        Some("env") => "an env is declared as `env name [extends parent] { … }`",
        Some("template") => "a template is declared as `template name in env { … }`",
        Some("override") => "an override is declared as `override name of template { … }`",
        _ => {
            "a type is declared as `type Name = enum { A, B }` or `type Name = record { field: Type }`; an enum member is a name, or a name with its Python value: `RED = \"r\"`"
        }
    }
}

/// Plain words for the rules pest tried, deduplicated, in a stable order.
fn expected_words(positives: &[Rule]) -> Vec<&'static str> {
    let value_like = positives.contains(&Rule::number);
    let mut words: Vec<(u8, &'static str)> = Vec::new();
    for rule in positives {
        let word = match rule {
            Rule::string
            | Rule::triple_string
            | Rule::list
            | Rule::ident
            | Rule::body
            | Rule::lbrace
            | Rule::lbrack
                if value_like =>
            {
                (30, "a value")
            }
            Rule::number => (30, "a value"),
            Rule::op_set => (1, "`=`"),
            Rule::op_append => (2, "`+=`"),
            Rule::lbrace | Rule::body | Rule::columns => (3, "`{`"),
            Rule::colon => (4, "`:`"),
            Rule::comma => (5, "`,`"),
            Rule::lbrack | Rule::list => (6, "`[`"),
            Rule::rbrack => (7, "`]`"),
            Rule::pipe => (8, "`|`"),
            Rule::question => (9, "`?`"),
            Rule::kw_extends => (10, "`extends`"),
            Rule::kw_in => (11, "`in`"),
            Rule::kw_of => (12, "`of`"),
            Rule::kw_enum => (13, "`enum`"),
            Rule::kw_record => (14, "`record`"),
            Rule::ident => (20, "a name"),
            Rule::enum_member => (21, "an enum member"),
            Rule::field => (22, "a field (`name: Type`)"),
            Rule::keyed_entry | Rule::returns_entry => (23, "an entry"),
            Rule::type_expr | Rule::type_term | Rule::type_atom => (24, "a type"),
            Rule::string | Rule::triple_string => (31, "a string"),
            Rule::rbrace => (40, "`}`"),
            Rule::EOI => (50, "the end of the declaration"),
            Rule::kw_returns => (23, "an entry"),
            _ => (60, "something else"),
        };
        if !words.contains(&word) {
            words.push(word);
        }
    }
    words.sort();
    words.dedup_by(|a, b| a.1 == b.1);
    words.into_iter().map(|(_, w)| w).collect()
}

fn join_words(words: &[&str]) -> String {
    match words {
        [] => String::new(),
        [one] => (*one).to_owned(),
        [rest @ .., last] => format!("{} or {last}", rest.join(", ")),
    }
}

fn is_word_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'_' || b == b'-'
}

/// The token ending right before `pos` (whitespace and comments skipped),
/// shortened for display.
fn previous_token(blanked: &str, chunk_start: usize, pos: usize) -> Option<String> {
    let bytes = blanked.as_bytes();
    let mut end = pos.min(bytes.len());
    while end > chunk_start && bytes[end - 1].is_ascii_whitespace() {
        end -= 1;
    }
    if end <= chunk_start {
        return None;
    }
    let last = bytes[end - 1];
    let start = if is_word_byte(last) {
        let mut s = end;
        while s > chunk_start && is_word_byte(bytes[s - 1]) {
            s -= 1;
        }
        s
    } else if last == b'"' {
        return Some(string_before(blanked, chunk_start, end));
    } else {
        let mut s = end - 1;
        while s > chunk_start && !blanked.is_char_boundary(s) {
            s -= 1;
        }
        if last == b'=' && s > chunk_start && bytes[s - 1] == b'+' {
            s -= 1;
        }
        s
    };
    blanked.get(start..end).map(shorten)
}

/// A string literal ending at `end` (its closing quote included).
fn string_before(blanked: &str, chunk_start: usize, end: usize) -> String {
    let line_start = blanked[..end - 1]
        .rfind('\n')
        .map_or(0, |i| i + 1)
        .max(chunk_start);
    let line = &blanked[line_start..end - 1];
    match line.rfind('"') {
        Some(open) => shorten(&blanked[line_start + open..end]),
        None => "\"…\"".to_owned(),
    }
}

fn shorten(token: &str) -> String {
    if token.chars().count() > 24 {
        let head: String = token.chars().take(20).collect();
        format!("{head}…")
    } else {
        token.to_owned()
    }
}

fn found_token(blanked: &str, chunk: &Chunk, pos: usize) -> Found {
    if pos >= chunk.span.end {
        let after = blanked.get(chunk.span.end..).unwrap_or("");
        let description = if after.trim().is_empty() {
            "the end of the file".to_owned()
        } else {
            "the start of the next declaration".to_owned()
        };
        return Found {
            span: Span::new(pos, pos),
            description,
        };
    }
    let rest = blanked.get(pos..chunk.span.end).unwrap_or("");
    let bytes = rest.as_bytes();
    let len = match bytes.first() {
        Some(b'"') => {
            let mut i = 1;
            while i < bytes.len() && bytes[i] != b'"' && bytes[i] != b'\n' {
                i += if bytes[i] == b'\\' { 2 } else { 1 };
            }
            (i + 1).min(bytes.len())
        }
        Some(b) if is_word_byte(*b) => bytes
            .iter()
            .take_while(|b| is_word_byte(**b) || **b == b'.')
            .count(),
        Some(b'+') if bytes.get(1) == Some(&b'=') => 2,
        _ => rest.chars().next().map_or(0, char::len_utf8),
    };
    let mut len = len.min(rest.len());
    while !rest.is_char_boundary(len) {
        len -= 1;
    }
    let token = &rest[..len];
    let description = if token.starts_with('"') {
        if token.chars().count() > 24 {
            "a string".to_owned()
        } else {
            format!("`{token}`")
        }
    } else {
        format!("`{}`", shorten(token))
    };
    Found {
        span: Span::new(pos, pos + len),
        description,
    }
}
