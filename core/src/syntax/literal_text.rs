//! Literal text to values: string escapes, triple-quoted string
//! indentation, integers, floats and durations.
//!
//! Every function takes the literal's text and its absolute start offset and
//! returns a value plus problems with exact spans, so a bad escape or an
//! unknown duration unit is underlined precisely while the declaration still
//! parses.

use crate::diagnostics::Code;
use crate::source::Span;
use crate::syntax::ast::{DurationLit, ValueKind};

/// A problem inside a literal, found after the grammar accepted it.
#[derive(Debug, Clone, PartialEq)]
pub(super) struct LiteralError {
    pub code: Code,
    pub span: Span,
    pub message: String,
    pub help: &'static str,
}

/// Process the escapes of a plain string's contents (between the quotes).
///
/// Accepted escapes: `\n`, `\t`, `\r`, `\\`, `\"` and `\u{X}` with 1 to 6
/// hex digits naming a Unicode scalar value. Anything else (`\0`, `\'`,
/// `\x41`, …) is an error on the escape; the value keeps the escape's text
/// so later stages see something sensible.
pub(super) fn unescape(raw: &str, start: usize, errors: &mut Vec<LiteralError>) -> String {
    if !raw.contains('\\') {
        return raw.to_owned();
    }
    let mut out = String::with_capacity(raw.len());
    let mut rest = raw;
    let mut offset = start;
    while let Some(i) = rest.find('\\') {
        out.push_str(&rest[..i]);
        let escape_start = offset + i;
        let after = &rest[i + 1..];
        let (consumed, produced) = escape(after, escape_start, errors);
        match produced {
            Some(c) => out.push(c),
            None => out.push_str(&rest[i..i + 1 + consumed]),
        }
        let advance = i + 1 + consumed;
        rest = &rest[advance..];
        offset += advance;
    }
    out.push_str(rest);
    out
}

/// One escape after its backslash: how many bytes it used and its character.
pub(super) fn escape(
    after: &str,
    at: usize,
    errors: &mut Vec<LiteralError>,
) -> (usize, Option<char>) {
    let Some(c) = after.chars().next() else {
        errors.push(LiteralError {
            code: Code::E0004,
            span: Span::new(at, at + 1),
            message: "a backslash must start an escape sequence".into(),
            help: ESCAPE_HELP,
        });
        return (0, None);
    };
    let simple = match c {
        'n' => Some('\n'),
        't' => Some('\t'),
        'r' => Some('\r'),
        '\\' => Some('\\'),
        '"' => Some('"'),
        _ => None,
    };
    if let Some(value) = simple {
        return (1, Some(value));
    }
    if c == 'u' {
        return unicode_escape(after, at, errors);
    }
    let len = 1 + c.len_utf8();
    let shown = if c == '\n' {
        "\\ at the end of a line".to_owned()
    } else {
        format!("`\\{c}`")
    };
    errors.push(LiteralError {
        code: Code::E0004,
        span: Span::new(at, at + len),
        message: format!("unknown escape sequence {shown}"),
        help: ESCAPE_HELP,
    });
    (c.len_utf8(), None)
}

const ESCAPE_HELP: &str = "the escapes are \\n \\t \\r \\\\ \\\" and \\u{…} (1 to 6 hex digits); write \\\\ for a backslash";

/// `u{1F600}` after the backslash.
fn unicode_escape(after: &str, at: usize, errors: &mut Vec<LiteralError>) -> (usize, Option<char>) {
    let bad = |errors: &mut Vec<LiteralError>, len: usize, message: &str| {
        errors.push(LiteralError {
            code: Code::E0004,
            span: Span::new(at, at + 1 + len),
            message: message.to_owned(),
            help: "write a Unicode escape as \\u{…} with 1 to 6 hex digits, e.g. \\u{e9} for é",
        });
    };
    let Some(body) = after.strip_prefix("u{") else {
        bad(
            errors,
            1,
            "`\\u` must be followed by `{`, hex digits and `}`",
        );
        return (1, None);
    };
    let digits_len = body.bytes().take_while(u8::is_ascii_hexdigit).count();
    if !body[digits_len..].starts_with('}') {
        bad(
            errors,
            2 + digits_len,
            "unterminated or malformed Unicode escape",
        );
        return (2 + digits_len, None);
    }
    let consumed = 2 + digits_len + 1;
    if digits_len == 0 || digits_len > 6 {
        bad(errors, consumed, "a Unicode escape needs 1 to 6 hex digits");
        return (consumed, None);
    }
    let value = u32::from_str_radix(&body[..digits_len], 16)
        .ok()
        .and_then(char::from_u32);
    match value {
        Some(c) => (consumed, Some(c)),
        None => {
            bad(
                errors,
                consumed,
                "this Unicode escape is not a valid character (a surrogate or above 10FFFF)",
            );
            (consumed, None)
        }
    }
}

/// The value of a `"""…"""` string from its raw contents.
///
/// The rule, applied to the text between the delimiters before escapes:
/// 1. if the first line (up to the first newline) is blank, it is dropped
///    together with its newline;
/// 2. if the last line (after the last newline) is blank, it is dropped
///    together with that newline, so the value has no trailing newline;
/// 3. the common indentation is the longest run of leading spaces/tabs shared
///    by every remaining non-blank line; it is removed from each line, and
///    blank lines become empty;
/// 4. escapes are then processed line by line (`\n` inserts a newline without
///    affecting indentation).
///
/// So
/// ```text
/// query = """
///     SELECT 1
///       FROM t
///   """
/// ```
/// is `"SELECT 1\n  FROM t"`. Lines end in `\n` (a `\r` before a newline is dropped).
pub(super) fn triple_string(raw: &str, start: usize, errors: &mut Vec<LiteralError>) -> String {
    let (lines, indent) = triple_layout(raw, start);
    let mut out = String::with_capacity(raw.len());
    for (i, (line_offset, line)) in lines.iter().enumerate() {
        if i > 0 {
            out.push('\n');
        }
        if is_blank(line) {
            continue;
        }
        // The indentation is ASCII, so `indent` is a character boundary.
        let body = line.get(indent..).unwrap_or("");
        out.push_str(&unescape(body, line_offset + indent, errors));
    }
    out
}

/// Whether a line of a triple-quoted string holds only spaces and tabs.
pub(super) fn is_blank(line: &str) -> bool {
    line.trim_matches([' ', '\t']).is_empty()
}

/// The lines a triple-quoted string keeps, each with its offset in the file
/// (text without its newline), and the length of the indentation they share.
pub(super) fn triple_layout(raw: &str, start: usize) -> (Vec<(usize, &str)>, usize) {
    // (offset of the line in the file, line text without its newline)
    let mut lines: Vec<(usize, &str)> = Vec::new();
    let mut offset = start;
    for line in raw.split('\n') {
        lines.push((offset, line.strip_suffix('\r').unwrap_or(line)));
        offset += line.len() + 1;
    }
    if lines.len() > 1 && lines.first().is_some_and(|(_, l)| is_blank(l)) {
        lines.remove(0);
    }
    if lines.len() > 1 && lines.last().is_some_and(|(_, l)| is_blank(l)) {
        lines.pop();
    }
    // The common prefix of the indentation strings, not the shortest length:
    // a tab and a space are different indentation.
    let mut common: Option<&str> = None;
    for (_, line) in lines.iter().filter(|(_, l)| !is_blank(l)) {
        let own = &line[..line.len() - line.trim_start_matches([' ', '\t']).len()];
        common = Some(match common {
            None => own,
            Some(prefix) => {
                let shared = prefix
                    .bytes()
                    .zip(own.bytes())
                    .take_while(|(a, b)| a == b)
                    .count();
                &prefix[..shared]
            }
        });
    }
    (lines, common.map_or(0, str::len))
}

/// A number token as quoted in a message (tokens are ASCII): long ones are cut.
fn shorten(text: &str) -> String {
    match text.get(..28) {
        Some(head) if text.len() > 32 => format!("{head}…"),
        _ => text.to_owned(),
    }
}

/// Classify and evaluate a `number` token: integer, float or duration.
pub(super) fn number(text: &str, start: usize) -> Result<ValueKind, LiteralError> {
    let shown = shorten(text);
    let invalid = |message: String, help: &'static str| LiteralError {
        code: Code::E0006,
        span: Span::new(start, start + text.len()),
        message,
        help,
    };
    let (negative, unsigned) = match text.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, text),
    };
    let sign_len = text.len() - unsigned.len();
    let bytes = unsigned.as_bytes();
    let digits_end = digits_len(bytes);
    let mut i = digits_end;
    let mut frac_end = i;
    if bytes.get(i) == Some(&b'.') {
        frac_end = i + 1 + digits_len(&bytes[i + 1..]);
        i = frac_end;
    }
    let rest = &unsigned[i..];
    if rest.is_empty() {
        return if frac_end > digits_end {
            float(text, start)
        } else {
            integer(text, start, negative)
        };
    }
    if rest.starts_with(['e', 'E']) && is_exponent(&rest[1..]) {
        return float(text, start);
    }
    if !rest.starts_with(|c: char| c.is_ascii_alphabetic()) {
        return Err(invalid(
            format!("invalid number `{shown}`"),
            "write digits with `_` only between them, e.g. 1_000, 0.5, 1e-3",
        ));
    }
    if negative {
        return Err(invalid(
            format!("a duration cannot be negative: `{shown}`"),
            "durations are written like 90s, 1.5s, 500ms, 5m, 1h30m or 2d",
        ));
    }
    duration(unsigned, start + sign_len).map(ValueKind::Duration)
}

/// Length of `digit ('_'? digit)*` at the start (0 if none or malformed
/// underscores, which then fail as a whole-token error).
fn digits_len(bytes: &[u8]) -> usize {
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'0'..=b'9' => i += 1,
            b'_' if i > 0 && bytes.get(i + 1).is_some_and(u8::is_ascii_digit) => i += 1,
            _ => break,
        }
    }
    i
}

fn is_exponent(s: &str) -> bool {
    let s = s.strip_prefix(['+', '-']).unwrap_or(s);
    let n = digits_len(s.as_bytes());
    n > 0 && n == s.len()
}

fn integer(text: &str, start: usize, negative: bool) -> Result<ValueKind, LiteralError> {
    let shown = shorten(text);
    let cleaned: String = text.chars().filter(|c| *c != '_').collect();
    cleaned
        .parse::<i64>()
        .map(ValueKind::Int)
        .map_err(|_| LiteralError {
            code: Code::E0005,
            span: Span::new(start, start + text.len()),
            message: format!(
                "integer `{shown}` is out of range (it must fit in 64 bits, {} … {})",
                i64::MIN,
                i64::MAX
            ),
            help: if negative {
                "use a smaller number"
            } else {
                "use a smaller number, or a float such as 1e19 if precision does not matter"
            },
        })
}

fn float(text: &str, start: usize) -> Result<ValueKind, LiteralError> {
    let shown = shorten(text);
    let cleaned: String = text.chars().filter(|c| *c != '_').collect();
    match cleaned.parse::<f64>() {
        Ok(value) if value.is_finite() => Ok(ValueKind::Float(value)),
        _ => Err(LiteralError {
            code: Code::E0005,
            span: Span::new(start, start + text.len()),
            message: format!("float `{shown}` is out of range"),
            help: "a float must be finite in 64-bit floating point (up to about 1.8e308)",
        }),
    }
}

/// A warning when float literal `text` names a non-zero number too small
/// for a 64-bit float, which then reads as 0 (`1e-400`). Python and the
/// Flyte SDK read it as 0.0 without a word, so this is not an error, but a
/// literal with a non-zero digit that becomes 0 was hardly meant as 0.
pub(super) fn float_underflow(text: &str, start: usize, value: f64) -> Option<LiteralError> {
    let mantissa = text.split(['e', 'E']).next().unwrap_or(text);
    let written_non_zero = mantissa.bytes().any(|b| matches!(b, b'1'..=b'9'));
    (value == 0.0 && written_non_zero).then(|| LiteralError {
        code: Code::E0010,
        span: Span::new(start, start + text.len()),
        message: format!(
            "float `{}` is too small for a 64-bit float and is 0",
            shorten(text)
        ),
        help: "write `0.0` if zero is meant; the smallest 64-bit float above zero is about 5e-324",
    })
}

/// Duration units, largest first, with their length in nanoseconds.
const UNITS: [(&str, u128); 7] = [
    ("d", 86_400_000_000_000),
    ("h", 3_600_000_000_000),
    ("m", 60_000_000_000),
    ("s", 1_000_000_000),
    ("ms", 1_000_000),
    ("us", 1_000),
    ("ns", 1),
];

const DURATION_HELP: &str = "durations are numbers with units d, h, m, s, ms, us, ns, largest first: 90s, 1.5s, 500ms, 1h30m, 2d";

/// `1h30m`, `1.5s`, `500ms`: parts of `digits[.digits]unit`, units strictly
/// descending, exact to the nanosecond.
fn duration(text: &str, start: usize) -> Result<DurationLit, LiteralError> {
    let shown = shorten(text);
    let whole = Span::new(start, start + text.len());
    let err = |span: Span, message: String| LiteralError {
        code: Code::E0006,
        span,
        message,
        help: DURATION_HELP,
    };
    let bytes = text.as_bytes();
    let mut i = 0;
    let mut total: u128 = 0;
    let mut previous_unit: Option<usize> = None;
    while i < bytes.len() {
        let part_start = i;
        let int_len = digits_len(&bytes[i..]);
        if int_len == 0 {
            return Err(err(whole, format!("invalid duration `{shown}`")));
        }
        let int_digits = &text[i..i + int_len];
        i += int_len;
        let mut frac_digits = "";
        if bytes.get(i) == Some(&b'.') {
            let frac_len = digits_len(&bytes[i + 1..]);
            frac_digits = &text[i + 1..i + 1 + frac_len];
            i += 1 + frac_len;
        }
        let unit_len = bytes[i..]
            .iter()
            .take_while(|b| b.is_ascii_alphabetic())
            .count();
        let unit_text = &text[i..i + unit_len];
        let unit_span = Span::new(start + i, start + i + unit_len);
        if unit_len == 0 {
            return Err(err(
                whole,
                format!("invalid duration `{shown}`: every number needs a unit"),
            ));
        }
        let Some(unit_index) = UNITS.iter().position(|(u, _)| *u == unit_text) else {
            return Err(err(
                unit_span,
                format!("unknown duration unit `{unit_text}`"),
            ));
        };
        if previous_unit.is_some_and(|p| unit_index <= p) {
            return Err(err(
                unit_span,
                format!("duration units must go from largest to smallest, each once: `{shown}`"),
            ));
        }
        previous_unit = Some(unit_index);
        i += unit_len;
        let unit_nanos = UNITS[unit_index].1;
        let part = part_nanos(int_digits, frac_digits, unit_nanos).map_err(|problem| {
            let part = shorten(&text[part_start..i]);
            let message = match problem {
                PartProblem::FinerThanNanoseconds => {
                    format!("`{part}` is not a whole number of nanoseconds")
                }
                PartProblem::TooLarge => format!("duration `{shown}` is too large"),
            };
            err(Span::new(start + part_start, start + i), message)
        })?;
        total = total
            .checked_add(part)
            .ok_or_else(|| err(whole, format!("duration `{shown}` is too large")))?;
    }
    // A protobuf Duration holds at most 315,576,000,000 seconds.
    if total / 1_000_000_000 > 315_576_000_000 {
        return Err(err(
            whole,
            format!("duration `{shown}` is too large (at most 10,000 years)"),
        ));
    }
    Ok(DurationLit { nanos: total })
}

enum PartProblem {
    FinerThanNanoseconds,
    TooLarge,
}

/// `int.frac` × unit, if exact in whole nanoseconds and within u128.
fn part_nanos(int_digits: &str, frac_digits: &str, unit_nanos: u128) -> Result<u128, PartProblem> {
    let int: u128 = int_digits
        .chars()
        .filter(|c| *c != '_')
        .collect::<String>()
        .parse()
        .map_err(|_| PartProblem::TooLarge)?;
    let mut nanos = int.checked_mul(unit_nanos).ok_or(PartProblem::TooLarge)?;
    let frac: String = frac_digits.chars().filter(|c| *c != '_').collect();
    let frac = frac.trim_end_matches('0');
    if !frac.is_empty() {
        // A day has 14 digits of nanoseconds: a longer fraction (trailing
        // zeros removed) is always finer than a nanosecond.
        if frac.len() > 30 {
            return Err(PartProblem::FinerThanNanoseconds);
        }
        let scale = 10u128.pow(frac.len() as u32);
        let numerator = frac
            .parse::<u128>()
            .ok()
            .and_then(|f| f.checked_mul(unit_nanos))
            .ok_or(PartProblem::FinerThanNanoseconds)?;
        if numerator % scale != 0 {
            return Err(PartProblem::FinerThanNanoseconds);
        }
        nanos = nanos
            .checked_add(numerator / scale)
            .ok_or(PartProblem::TooLarge)?;
    }
    Ok(nanos)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn nanos(text: &str) -> Result<u128, String> {
        match number(text, 0) {
            Ok(ValueKind::Duration(d)) => Ok(d.nanos),
            Ok(other) => Err(format!("{other:?}")),
            Err(e) => Err(e.message),
        }
    }

    #[test]
    fn durations_are_exact() {
        assert_eq!(nanos("90s"), Ok(90_000_000_000));
        assert_eq!(nanos("1.5s"), Ok(1_500_000_000));
        assert_eq!(nanos("500ms"), Ok(500_000_000));
        assert_eq!(nanos("1h30m"), Ok(5_400_000_000_000));
        assert_eq!(nanos("2d"), Ok(172_800_000_000_000));
        assert_eq!(nanos("1m30s250ms"), Ok(90_250_000_000));
        assert_eq!(nanos("3us"), Ok(3_000));
        assert_eq!(nanos("0.000000001s"), Ok(1));
        assert!(nanos("1.5ns").is_err());
        assert!(nanos("30m1h").is_err());
        assert!(nanos("1s1s").is_err());
        assert!(nanos("5x").is_err());
        assert!(nanos("99999999999d").is_err());
    }

    #[test]
    fn numbers() {
        assert_eq!(number("42", 0), Ok(ValueKind::Int(42)));
        assert_eq!(number("-1", 0), Ok(ValueKind::Int(-1)));
        assert_eq!(number("1_000", 0), Ok(ValueKind::Int(1000)));
        assert_eq!(number("0.5", 0), Ok(ValueKind::Float(0.5)));
        assert_eq!(number("1e-3", 0), Ok(ValueKind::Float(0.001)));
        assert_eq!(number("-2.5", 0), Ok(ValueKind::Float(-2.5)));
        assert_eq!(
            number("-9223372036854775808", 0),
            Ok(ValueKind::Int(i64::MIN))
        );
        assert_eq!(
            number("9223372036854775808", 0).map_err(|e| e.code),
            Err(Code::E0005)
        );
        assert_eq!(number("1__0", 0).map_err(|e| e.code), Err(Code::E0006));
        assert_eq!(number("1e999", 0).map_err(|e| e.code), Err(Code::E0005));
    }

    #[test]
    fn floats_that_round_to_zero_are_flagged() {
        let code =
            |text: &str, value: f64| float_underflow(text, 3, value).map(|e| (e.code, e.span));
        assert_eq!(code("1e-400", 0.0), Some((Code::E0010, Span::new(3, 9))));
        assert_eq!(
            code("-2.5E-999", -0.0),
            Some((Code::E0010, Span::new(3, 12)))
        );
        // Zero written as zero, and tiny numbers that are still above zero.
        assert_eq!(code("0.0", 0.0), None);
        assert_eq!(code("0e-999", 0.0), None);
        assert_eq!(code("1e-320", 1e-320), None);
    }

    #[test]
    fn escapes() {
        let mut errors = Vec::new();
        assert_eq!(
            unescape(r#"a\n\t\r\\\"\u{e9}"#, 0, &mut errors),
            "a\n\t\r\\\"é"
        );
        assert!(errors.is_empty());
        assert_eq!(unescape(r"x\qy", 10, &mut errors), r"x\qy");
        assert_eq!(errors[0].span, Span::new(11, 13));
        errors.clear();
        unescape(r"\u{D800}\u{}\u{1234567}\u12", 0, &mut errors);
        assert_eq!(errors.len(), 4);
    }

    #[test]
    fn triple_strings_lose_common_indentation() {
        let mut errors = Vec::new();
        let raw = "\n    SELECT 1\n\n      FROM t\n  ";
        assert_eq!(triple_string(raw, 0, &mut errors), "SELECT 1\n\n  FROM t");
        assert_eq!(triple_string("one line", 0, &mut errors), "one line");
        assert_eq!(triple_string("", 0, &mut errors), "");
        assert_eq!(triple_string("\n  a\\n  b\n", 0, &mut errors), "a\n  b");
        // Only the shared prefix goes: a tab is not two spaces.
        assert_eq!(
            triple_string("\n\t\tx\n  y\n", 0, &mut errors),
            "\t\tx\n  y"
        );
        assert_eq!(triple_string("\n\t  x\n\t y\n", 0, &mut errors), " x\ny");
        assert!(errors.is_empty());
    }
}
