//! Where a resolved value came from.
//!
//! Every resolved setting of an env, task or override carries a
//! [`Provenance`]: the entry that gave it its value, the values it shadowed
//! along the way (a child env replacing its parent's value, a template value
//! winning over its env's, an override replacing the task's), and, for `+=`
//! merges, every entry that contributed. Hover, `taskc why` and inlay hints
//! read this instead of re-walking the declarations.

use crate::source::FileSpan;
use crate::syntax::ast::AssignOp;

/// The kind of declaration an entry belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum DeclKind {
    Env,
    Template,
    Override,
}

impl DeclKind {
    /// The keyword that starts such a declaration.
    pub fn keyword(self) -> &'static str {
        match self {
            DeclKind::Env => "env",
            DeclKind::Template => "template",
            DeclKind::Override => "override",
        }
    }
}

/// A declaration by kind and name, e.g. env `base`.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct DeclRef {
    pub kind: DeclKind,
    pub name: String,
}

impl DeclRef {
    pub fn new(kind: DeclKind, name: impl Into<String>) -> Self {
        DeclRef {
            kind,
            name: name.into(),
        }
    }
}

impl std::fmt::Display for DeclRef {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} `{}`", self.kind.keyword(), self.name)
    }
}

/// One written entry that set (or contributed to) a value.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Origin {
    /// The declaration holding the entry.
    pub decl: DeclRef,
    /// The whole entry, `key = value`.
    pub entry: FileSpan,
    /// The attribute key.
    pub key: FileSpan,
    /// The value (for the block form, the block).
    pub value: FileSpan,
    /// `=`, `+=` or the block form.
    pub op: AssignOp,
}

/// Where a resolved value came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Provenance {
    /// The entry that decided the value. For a `+=` merge, the last `+=` entry.
    pub origin: Origin,
    /// Values this one replaced, nearest first: the parent env's value a
    /// child replaced, the env value a template's value won over, the task
    /// value an override replaced. A `+=` merge shadows nothing itself; the
    /// values it merged are in `contributions`.
    pub shadowed: Vec<Origin>,
    /// For a `+=` merge: every entry whose content is part of the value, in
    /// merge order (the root `=` first, then each `+=`). Empty otherwise.
    pub contributions: Vec<Origin>,
}

impl Provenance {
    pub fn new(origin: Origin) -> Self {
        Provenance {
            origin,
            shadowed: Vec::new(),
            contributions: Vec::new(),
        }
    }

    /// True when the value was written in `decl` itself (not inherited).
    pub fn is_declared_in(&self, decl: &DeclRef) -> bool {
        self.origin.decl == *decl
    }

    /// Every place that wrote to this value: origin, contributions, shadowed.
    pub fn places(&self) -> impl Iterator<Item = &Origin> {
        std::iter::once(&self.origin)
            .chain(self.contributions.iter())
            .chain(self.shadowed.iter())
    }
}

/// A resolved value together with its provenance.
#[derive(Debug, Clone, PartialEq)]
pub struct Setting<T> {
    pub value: T,
    /// Boxed: a task holds every attribute's slot, set or not, and most
    /// are not set (the provenance is larger than most values).
    pub provenance: Box<Provenance>,
}

impl<T> Setting<T> {
    pub fn new(value: T, origin: Origin) -> Self {
        Setting {
            value,
            provenance: Box::new(Provenance::new(origin)),
        }
    }

    /// The entry that decided the value.
    pub fn origin(&self) -> &Origin {
        &self.provenance.origin
    }

    /// Where the value is written (for diagnostics about the value).
    pub fn value_at(&self) -> FileSpan {
        self.provenance.origin.value
    }

    /// Replace this setting by `newer`, recording this one as shadowed.
    pub fn shadowed_by(self, mut newer: Setting<T>) -> Setting<T> {
        let mut shadowed = vec![self.provenance.origin];
        shadowed.extend(self.provenance.shadowed);
        newer.provenance.shadowed.extend(shadowed);
        newer
    }
}
