//! Lowering one written attribute (`cache = auto`, `resources { … }`, …)
//! into its typed [`Settings`] field, with its origin. Which lowering each
//! attribute uses is the `lower` column of the attribute schema.

use super::attrs::BAD_MERGE;
use super::cx::Cx;
use super::model::Settings;
use super::provenance::{DeclRef, Origin};
use super::schema::{self, Written};
use super::value_readers;
use crate::syntax::ast::{AssignOp, Attribute};

/// The origin of a written attribute.
pub(crate) fn origin(cx: &Cx, decl: &DeclRef, attr: &Attribute) -> Origin {
    Origin {
        decl: decl.clone(),
        entry: cx.at(attr.span),
        key: cx.at(attr.key.span),
        value: cx.at(attr.value.span),
        op: attr.op,
    }
}

/// True when `name` is a [`Settings`] attribute written as `name = value`.
pub(crate) fn is_setting(name: &str) -> bool {
    schema::attribute(name).is_some_and(|a| a.setting && a.written == Written::Assign)
}

/// Lower `attr` into `settings`. The caller has already checked that the
/// attribute is allowed in this declaration. Returns false when the value
/// was rejected.
pub(crate) fn lower_setting(
    cx: &mut Cx,
    decl: &DeclRef,
    attr: &Attribute,
    settings: &mut Settings,
) -> bool {
    let name = attr.key.name.as_str();
    let mergeable = schema::mergeable_attributes();
    if attr.op == AssignOp::Append && !mergeable.contains(&name) {
        cx.error(
            BAD_MERGE,
            attr.op_span,
            format!("`+=` cannot merge `{name}`: only maps and lists merge"),
            format!(
                "write `{name} = …` to replace the inherited value (`+=` works on {})",
                value_readers::list_words(mergeable)
            ),
        );
        return false;
    }
    let origin = origin(cx, decl, attr);
    schema::lower_into(cx, name, &attr.value, origin, settings)
}
