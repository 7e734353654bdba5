//! The diagnostic code type. [`Code`] values are created only by the
//! registry in `codes.rs` (through the [`codes!`] macro declared here) and by
//! `declare_rule!` in the lint registry, so every code has an entry.

use std::fmt;

use super::codes::lookup;

/// A registered diagnostic code such as `E0001`. Only the `codes!` list
/// of `codes.rs` (`Code::E0001`, …) and `declare_rule!` in the lint registry
/// (`Code::L0001`, …) create one, so a code that is not registered cannot
/// be written. Codes order as their text does.
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Code(pub(super) &'static str);

impl Code {
    /// The code as written in diagnostics, `E0001`.
    pub const fn as_str(self) -> &'static str {
        self.0
    }

    /// The error code that user text names, in either case
    /// (`taskc explain e0101`); `None` for anything else. Lint codes are
    /// found through the lint registry (`lint::find_rule`).
    pub fn parse(text: &str) -> Option<Code> {
        lookup(text).map(|info| info.code)
    }

    /// The code of a lint rule. Only `declare_rule!` calls this, so every
    /// `L` code has its rule; a malformed code fails to compile.
    #[doc(hidden)]
    pub(crate) const fn of_lint_rule(code: &'static str) -> Code {
        assert!(
            is_well_formed(code, b'L'),
            "a lint code is `L` and 4 digits"
        );
        Code(code)
    }
}

/// `prefix` followed by exactly four digits.
pub(super) const fn is_well_formed(code: &str, prefix: u8) -> bool {
    let bytes = code.as_bytes();
    if bytes.len() != 5 || bytes[0] != prefix {
        return false;
    }
    let mut i = 1;
    while i < bytes.len() {
        if !bytes[i].is_ascii_digit() {
            return false;
        }
        i += 1;
    }
    true
}

impl fmt::Display for Code {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.pad(self.0)
    }
}

/// Printed like the string it wraps, so debug output reads `"E0001"`.
impl fmt::Debug for Code {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(self.0, f)
    }
}

impl From<Code> for &'static str {
    fn from(code: Code) -> &'static str {
        code.0
    }
}

impl serde::Serialize for Code {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.0)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CodeInfo {
    pub code: Code,
    pub title: &'static str,
    pub explanation: &'static str,
}

/// Declares one `Code::EXXXX` constant per entry and its [`CodeInfo`]. The
/// code is written once, as the constant's name.
macro_rules! codes {
    ($table:ident; $( $code:ident, $title:literal, $explanation:literal; )*) => {
        impl Code {
            $(
                #[doc = $title]
                pub const $code: Code = {
                    assert!(is_well_formed(stringify!($code), b'E'), "an error code is `E` and 4 digits");
                    Code(stringify!($code))
                };
            )*
        }

        pub(super) const $table: &[CodeInfo] = &[
            $( CodeInfo { code: Code::$code, title: $title, explanation: $explanation }, )*
        ];
    };
}

pub(super) use codes;
