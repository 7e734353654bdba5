//! What a template's body holds once read ([`Parts`]) and which kind of
//! template it is ([`Kind`]): shared by the template resolver and its checks.

use super::model::Settings;
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

    /// Template attributes that do not apply to this kind
    /// (docs/language.md §2, §7, §8).
    pub(crate) fn excludes(self) -> &'static [&'static str] {
        match self {
            Kind::Function => &["name", "query"],
            Kind::Query => &[
                "module",
                "function",
                "async",
                "service_account",
                "pod_template",
                "debuggable",
                "produces_artifacts",
            ],
            Kind::Container => &["module", "function", "async", "debuggable", "query"],
        }
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
