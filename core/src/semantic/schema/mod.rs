//! The attribute schema: one row per attribute of `env`, `template` and
//! `override` (docs/language.md §3), saying where it may be written, how it
//! is written and inherited, what an override may do with it, how editors
//! describe it, which SDK parameter it is and where it lands on the wire.
//!
//! The rows live in `table.rs`. From them come the [`Settings`] struct and
//! everything that walks it (provenance, inheritance, lowering, the value
//! comparison of lints), the allow-lists the semantic pass checks entries
//! against, `taskc why`'s attribute names, and the editor catalog's words
//! for these attributes. Adding an attribute is one row there, its typed
//! value and lowering (when new), its wire mapping in `backend/`, and its
//! paragraph in docs/language.md; `core/tests/schema_completeness.rs`
//! proves every consumer handles every row.

#[macro_use]
mod generate;
mod table;

use std::sync::LazyLock;

pub use table::{ATTRIBUTES, SETTING_NAMES, Settings};
pub(crate) use table::{lower_into, overlay, same_setting};

use super::attr_values::{Reusable, ReusePolicy};

/// Where an attribute may be written: a bit set of declaration places.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Places(u8);

impl Places {
    pub const NONE: Places = Places(0);
    /// An env without `extends`.
    pub const ROOT_ENV: Places = Places(1);
    /// An env with `extends` (the SDK's `clone_with` keywords).
    pub const CHILD_ENV: Places = Places(2);
    pub const ENV: Places = Places(1 | 2);
    pub const TEMPLATE: Places = Places(4);
    /// The SDK's `task.override()` keywords.
    pub const OVERRIDE: Places = Places(8);

    pub const fn or(self, other: Places) -> Places {
        Places(self.0 | other.0)
    }

    pub const fn has(self, other: Places) -> bool {
        self.0 & other.0 == other.0
    }

    pub const fn any(self, other: Places) -> bool {
        self.0 & other.0 != 0
    }
}

/// The kinds of task an attribute applies to: writing it on (or overriding
/// it for) a template of another kind is an error (docs/language.md §9).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Kinds(u8);

impl Kinds {
    pub const FUNCTION: Kinds = Kinds(1);
    pub const QUERY: Kinds = Kinds(2);
    pub const CONTAINER: Kinds = Kinds(4);
    /// Function and container tasks: those with a container of their own.
    pub const WITH_CONTAINER: Kinds = Kinds(1 | 4);
    pub const ALL: Kinds = Kinds(1 | 2 | 4);

    pub const fn or(self, other: Kinds) -> Kinds {
        Kinds(self.0 | other.0)
    }

    pub const fn has(self, other: Kinds) -> bool {
        self.0 & other.0 == other.0
    }
}

/// How the attribute is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Written {
    /// `name = value` or `name { … }`.
    Assign,
    /// `name label { … }` (`plugin dask { … }`, `trigger t { … }`, `sql bigquery { … }`).
    Labeled,
    /// `returns Type`.
    Returns,
}

/// What a `+=` entry does with the inherited value.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Merge {
    /// `+=` is an error; a written value replaces the inherited one whole.
    Replace,
    /// `+=` merges: inherited entries first, an entry with the same key
    /// replaces the inherited one in place.
    Append,
}

/// What a template that writes an env-only attribute is told.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OnTemplate {
    /// Allowed on templates, or not known there at all.
    Plain,
    /// A `TaskEnvironment` parameter `@env.task` lacks, that an override
    /// may set instead.
    EnvOrOverride,
    /// An env-level setting only.
    EnvOnly,
}

/// What an override may do with the attribute.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OnOverride {
    /// A keyword of the SDK's `task.override()`, at this position of its
    /// signature (the order editors offer them in).
    Sdk(u8),
    /// Refused with the SDK's own message and a help line.
    Refused(&'static str, &'static str),
    /// Known, but `override()` has no such keyword.
    NotOverridable,
    /// Not an attribute an override knows: reported as unknown.
    Unknown,
}

/// One row of the attribute table.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct AttrSchema {
    /// The `.task` name.
    pub name: &'static str,
    /// A field of [`Settings`] (false: it shapes the template instead).
    pub setting: bool,
    pub places: Places,
    pub kinds: Kinds,
    pub written: Written,
    pub merge: Merge,
    pub on_template: OnTemplate,
    pub on_override: OnOverride,
    /// The value's form, as editors show it (`int | [request, limit]`).
    pub form: &'static str,
    /// One paragraph of documentation (hover, completion).
    pub doc: &'static str,
    /// The SDK keyword it corresponds to (`TaskEnvironment`, `@env.task`,
    /// `override()`), or `""` when it is not a keyword.
    pub sdk: &'static str,
    /// Where the value lands on the wire, `""` for client-side settings
    /// that never reach the `TaskSpec`.
    pub wire: &'static str,
    /// A valid way to write it after its name, for tests and examples
    /// (`= 3`, `{ cpu = 2 }`, `dask { … }`).
    pub example: &'static str,
}

impl AttrSchema {
    pub(crate) const DEFAULT: AttrSchema = AttrSchema {
        name: "",
        setting: false,
        places: Places::NONE,
        kinds: Kinds::ALL,
        written: Written::Assign,
        merge: Merge::Replace,
        on_template: OnTemplate::Plain,
        on_override: OnOverride::Unknown,
        form: "",
        doc: "",
        sdk: "",
        wire: "",
        example: "",
    };

    /// Whether `kind` of template can have this attribute.
    pub fn applies_to(&self, kind: Kinds) -> bool {
        self.kinds.has(kind)
    }
}

/// The row of attribute `name`.
pub fn attribute(name: &str) -> Option<&'static AttrSchema> {
    ATTRIBUTES.iter().find(|a| a.name == name)
}

/// The names of the rows `keep` selects, in table order.
fn names(keep: impl Fn(&AttrSchema) -> bool) -> Vec<&'static str> {
    ATTRIBUTES
        .iter()
        .filter(|a| keep(a))
        .map(|a| a.name)
        .collect()
}

static ENV_ATTRS: LazyLock<Vec<&'static str>> =
    LazyLock::new(|| names(|a| a.places.any(Places::ENV)));
static TEMPLATE_ATTRS: LazyLock<Vec<&'static str>> =
    LazyLock::new(|| names(|a| a.places.has(Places::TEMPLATE)));
static OVERRIDE_ATTRS: LazyLock<Vec<&'static str>> = LazyLock::new(|| {
    let mut rows: Vec<(u8, &'static str)> = ATTRIBUTES
        .iter()
        .filter_map(|a| match a.on_override {
            OnOverride::Sdk(position) => Some((position, a.name)),
            _ => None,
        })
        .collect();
    rows.sort();
    rows.into_iter().map(|(_, name)| name).collect()
});
static MERGEABLE: LazyLock<Vec<&'static str>> =
    LazyLock::new(|| names(|a| a.merge == Merge::Append));

/// Attributes of `env` (root or child), in table order.
pub fn env_attributes() -> &'static [&'static str] {
    &ENV_ATTRS
}

/// Attributes of `template` (of any kind), in table order.
pub fn template_attributes() -> &'static [&'static str] {
    &TEMPLATE_ATTRS
}

/// Attributes an override may set: the SDK's `override()` keywords, in
/// the order of its signature.
pub fn override_attributes() -> &'static [&'static str] {
    &OVERRIDE_ATTRS
}

/// Attributes whose inherited value `+=` merges with.
pub fn mergeable_attributes() -> &'static [&'static str] {
    &MERGEABLE
}

impl Settings {
    /// Names of the attributes that are set, in the order of [`Settings`]' fields.
    pub fn set_attributes(&self) -> Vec<&'static str> {
        SETTING_NAMES
            .iter()
            .copied()
            .filter(|n| self.provenance(n).is_some())
            .collect()
    }

    /// The reuse policy, when reusable and not `off`.
    pub fn reuse_policy(&self) -> Option<&ReusePolicy> {
        match self.reusable.as_ref().map(|s| &s.value) {
            Some(Reusable::Policy(p)) => Some(p),
            _ => None,
        }
    }
}
