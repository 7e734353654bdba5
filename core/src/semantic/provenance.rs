//! Where a resolved value came from.
//!
//! Every resolved setting of an env, task or override carries a
//! [`Provenance`]: the entry that gave it its value, the values it shadowed
//! along the way (a child env replacing its parent's value, a template value
//! winning over its env's, an override replacing the task's), and, for `+=`
//! merges, every entry that contributed. Hover, `taskc why` and inlay hints
//! read this instead of re-walking the declarations.

use std::sync::Arc;

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

/// A resolved value together with its provenance, shared: a task inherits
/// most of its settings from its env unchanged, and so do child envs and
/// overrides, so a clone is a reference count, not a copy of the value and
/// its provenance (thousands of tasks of one env hold one copy). Reading
/// goes through [`Deref`](std::ops::Deref) (`setting.value`,
/// `setting.provenance`); writing copies the shared value first, if
/// another holder still reads it.
#[derive(Clone)]
pub struct Setting<T> {
    shared: Arc<SettingValue<T>>,
}

/// What a [`Setting`] holds.
#[derive(Debug, Clone, PartialEq)]
pub struct SettingValue<T> {
    pub value: T,
    pub provenance: Provenance,
}

impl<T> Setting<T> {
    pub fn new(value: T, origin: Origin) -> Self {
        Self::with_provenance(value, Provenance::new(origin))
    }

    /// A value with the provenance it was resolved with (a `+=` merge).
    pub fn with_provenance(value: T, provenance: Provenance) -> Self {
        Setting {
            shared: Arc::new(SettingValue { value, provenance }),
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

    /// Whether `self` and `other` are the same shared value (then they are
    /// equal without comparing them).
    pub fn is_shared_with(&self, other: &Setting<T>) -> bool {
        Arc::ptr_eq(&self.shared, &other.shared)
    }
}

impl<T: Clone> Setting<T> {
    /// Replace this setting by `newer`, recording this one as shadowed.
    pub fn shadowed_by(&self, mut newer: Setting<T>) -> Setting<T> {
        let shadowed = &mut newer.provenance.shadowed;
        shadowed.push(self.provenance.origin.clone());
        shadowed.extend(self.provenance.shadowed.iter().cloned());
        newer
    }
}

impl<T> std::ops::Deref for Setting<T> {
    type Target = SettingValue<T>;

    fn deref(&self) -> &SettingValue<T> {
        &self.shared
    }
}

impl<T: Clone> std::ops::DerefMut for Setting<T> {
    /// Copy on write: only the holder that writes sees the change.
    fn deref_mut(&mut self) -> &mut SettingValue<T> {
        Arc::make_mut(&mut self.shared)
    }
}

impl<T: PartialEq> PartialEq for Setting<T> {
    fn eq(&self, other: &Setting<T>) -> bool {
        Arc::ptr_eq(&self.shared, &other.shared) || self.shared == other.shared
    }
}

/// Shows what it holds, as the value and provenance it is.
impl<T: std::fmt::Debug> std::fmt::Debug for Setting<T> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Setting")
            .field("value", &self.value)
            .field("provenance", &self.provenance)
            .finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::source::{FileId, Span};

    fn origin(name: &str, at: usize) -> Origin {
        let span = FileSpan::new(FileId(0), Span::new(at, at + 1));
        Origin {
            decl: DeclRef::new(DeclKind::Env, name),
            entry: span,
            key: span,
            value: span,
            op: AssignOp::Set,
        }
    }

    #[test]
    fn a_clone_is_shared_until_one_holder_writes() {
        let env = Setting::new(vec![1], origin("base", 0));
        let mut task = env.clone();
        assert!(task.is_shared_with(&env));
        task.value.push(2);
        assert!(!task.is_shared_with(&env));
        assert_eq!(
            (env.value.as_slice(), task.value.as_slice()),
            (&[1][..], &[1, 2][..])
        );
    }

    #[test]
    fn shadowing_leaves_the_shadowed_value_as_it_was() {
        let parent = Setting::new("a", origin("base", 0));
        let child = parent.shadowed_by(Setting::new("b", origin("child", 5)));
        assert_eq!(child.value, "b");
        assert_eq!(child.provenance.shadowed, [origin("base", 0)]);
        assert!(parent.provenance.shadowed.is_empty());
        assert_eq!(parent.value, "a");
    }
}
