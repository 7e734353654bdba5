//! Small AST walks shared by rules that need exact tokens.

use crate::syntax::ast::{self, Body, Entry, ValueKind};

/// Call `visit` for every entry of `body` and of every block nested in it
/// (block shorthand, maps, labeled blocks), depth first, in source order.
pub(crate) fn entries<'a>(body: &'a Body, visit: &mut dyn FnMut(&'a Entry)) {
    for entry in &body.entries {
        visit(entry);
        match entry {
            Entry::Attr(attr) => {
                if let ValueKind::Map(inner) = &attr.value.kind {
                    entries(inner, visit);
                }
            }
            Entry::Labeled(block) => entries(&block.body, visit),
            Entry::Field(_) | Entry::Returns(_) => {}
        }
    }
}

/// The body of every declaration of `file` (types have none).
pub(crate) fn bodies(file: &ast::File) -> impl Iterator<Item = &Body> {
    file.items.iter().flat_map(bodies_of)
}

/// The body of one declaration, if it has one.
pub(crate) fn bodies_of(item: &ast::Item) -> Option<&Body> {
    match item {
        ast::Item::Env(d) => Some(&d.body),
        ast::Item::Template(d) => Some(&d.body),
        ast::Item::Override(d) => Some(&d.body),
        ast::Item::Type(_) | ast::Item::Error(_) => None,
    }
}

/// The attribute `key` inside the block whose value spans `block`, found
/// anywhere in `file`: used to point at one entry of a resolved block
/// (`version` in `cache { … }`).
pub(crate) fn entry_in_block<'a>(
    file: &'a ast::File,
    block: crate::source::Span,
    key: &str,
) -> Option<&'a ast::Attribute> {
    let mut found = None;
    // Only the declaration around `block` can hold it: items are in source
    // order and do not overlap, so a binary search finds it instead of a
    // walk of the whole file per finding.
    let item = file
        .items
        .partition_point(|item| item.span().start <= block.start)
        .checked_sub(1)
        .and_then(|i| file.items.get(i));
    if let Some(body) = item.and_then(bodies_of) {
        entries(body, &mut |entry| {
            if let Entry::Attr(attr) = entry
                && attr.value.span == block
                && let ValueKind::Map(inner) = &attr.value.kind
            {
                for e in &inner.entries {
                    if let Entry::Attr(a) = e
                        && a.key.name == key
                        && found.is_none()
                    {
                        found = Some(a);
                    }
                }
            }
        });
    }
    found
}
