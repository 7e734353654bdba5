//! What a template's body holds once read ([`Parts`]) and which kind of
//! template it is ([`Kind`]): shared by the template resolver and its checks.

use super::model::Settings;
use super::schema::{self, Kinds, Places};
use crate::source::Span;
use crate::syntax::ast::{Attribute, LabeledBlock, Returns};

/// The three kinds of template; decided by the presence of `sql` or
/// `container` before anything else is read.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub(crate) enum Kind {
    Function,
    Query,
    Container,
}

impl Kind {
    pub(crate) fn word(self) -> &'static str {
        match self {
            Kind::Function => "function",
            Kind::Query => "query",
            Kind::Container => "container",
        }
    }

    /// The schema's name for this kind.
    fn kinds(self) -> Kinds {
        match self {
            Kind::Function => Kinds::FUNCTION,
            Kind::Query => Kinds::QUERY,
            Kind::Container => Kinds::CONTAINER,
        }
    }

    /// Whether template attribute `key` does not apply to this kind
    /// (docs/language.md §2, §7, §8; the `kinds` column of the schema).
    pub(crate) fn excludes(self, key: &str) -> bool {
        schema::attribute(key)
            .is_some_and(|row| row.places.has(Places::TEMPLATE) && !row.applies_to(self.kinds()))
    }
}

/// What the body of a template holds, before any cross-checks.
#[derive(Default)]
pub(crate) struct Parts<'a> {
    pub module: Option<(String, Span)>,
    pub function: Option<(String, Span)>,
    pub name: Option<(String, Span)>,
    pub query: Option<&'a Attribute>,
    pub is_async: Option<(bool, Span)>,
    pub deploy: Option<(bool, Span)>,
    pub help_docs: Option<(String, Span)>,
    pub inputs: Option<&'a Attribute>,
    pub outputs: Option<&'a Attribute>,
    pub returns: Option<&'a Returns>,
    pub container: Option<&'a Attribute>,
    pub sql: Option<&'a LabeledBlock>,
    pub triggers: Vec<&'a LabeledBlock>,
    pub settings: Settings,
    /// Attributes written here whose value was rejected: their inherited
    /// value must not be checked in their place.
    pub failed: Vec<&'a str>,
}
