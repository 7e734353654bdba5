//! The registry of diagnostic codes. `E0xxx` are errors, `L0xxx` lints.
//! Each code has a one-line title and a longer explanation that
//! `taskc explain CODE` prints. Codes are stable: never renumber one.
//!
//! Ranges: E00xx syntax, E01xx names and inheritance, E02xx types and
//! defaults, E03xx attribute values and Flyte validations, E04xx triggers,
//! E05xx SQL and container tasks, E06xx overrides, E09xx I/O and workspace.

/// A diagnostic code such as `E0001`.
pub type Code = &'static str;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CodeInfo {
    pub code: Code,
    pub title: &'static str,
    pub explanation: &'static str,
}

macro_rules! codes {
    ($( $code:literal, $title:literal, $explanation:literal; )*) => {
        const CODES: &[CodeInfo] = &[
            $( CodeInfo { code: $code, title: $title, explanation: $explanation }, )*
        ];
    };
}

codes! {
    "E0001", "syntax error",
        "The text does not follow the grammar of a `.task` file. The message names what was \
         expected at that point. Only the declaration holding the error is skipped; the rest \
         of the file is still checked.";
}

/// Every registered code, in code order.
pub fn registry() -> &'static [CodeInfo] {
    CODES
}

/// The entry for `code`, if it is registered.
pub fn lookup(code: &str) -> Option<&'static CodeInfo> {
    CODES.iter().find(|c| c.code.eq_ignore_ascii_case(code))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_unique_sorted_and_documented() {
        let mut previous = "";
        for info in registry() {
            assert!(
                info.code > previous,
                "{} out of order or repeated",
                info.code
            );
            assert!(!info.title.is_empty() && !info.explanation.is_empty());
            previous = info.code;
        }
    }
}
