//! How each declared type may be spelled in Python: one table, read by the
//! static check, and the normal form both sides are compared in.
//!
//! A Python annotation is reduced to a [`Norm`]: names are resolved
//! through the module's imports to their qualified name
//! (`from typing import List` makes `List` mean `typing.List`), then looked
//! up in [`EQUIVALENCES`]. The declared side is the annotation the
//! generated bindings write for the type, reduced the same way, so the two
//! meet in one form. The rules follow what the bindings' runtime check
//! (`_normalize` in `backend/python/prelude.py`) accepts, so that the
//! static and the runtime check agree: the tests run every row through both.

use tree_sitter::Node;

use super::python::{Imports, node_text, with_expression};

/// The kinds of type a row stands for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Head {
    Int,
    Float,
    Str,
    Bool,
    Bytes,
    Datetime,
    Date,
    Duration,
    File,
    Dir,
    DataFrame,
    Any,
    None,
    List,
    Dict,
    Tuple,
    /// Also `typing.Optional[X]` (= `X | None`) and the `|` operator.
    Union,
    Annotated,
}

/// One row: a declared type and every Python name that spells it.
#[derive(Debug, Clone, Copy)]
pub struct Equivalence {
    pub head: Head,
    /// A `.task` type of this row (the tests declare an input of it).
    pub declared: &'static str,
    /// Qualified Python names of the type, usable bare or with arguments.
    pub names: &'static [&'static str],
    /// Qualified names that spell it only with arguments: a bare
    /// `typing.List` is not `list` to `typing.get_origin`, so it is not
    /// accepted bare here either.
    pub generic_names: &'static [&'static str],
    /// The tests' annotation for `declared`, `{}` standing for the name.
    pub example: &'static str,
}

const fn row(
    head: Head,
    declared: &'static str,
    names: &'static [&'static str],
    generic_names: &'static [&'static str],
    example: &'static str,
) -> Equivalence {
    Equivalence {
        head,
        declared,
        names,
        generic_names,
        example,
    }
}

/// Every way a declared type may be spelled. Beyond these names: `X | Y`
/// is `typing.Union[X, Y]`; unions are flattened and repeats dropped as
/// `typing.Union` does, and `typing.Optional[X]` is `typing.Union[X, None]`;
/// a string annotation (`"Region"`) is read as the expression it holds;
/// records, enums and a template's outputs class are the generated classes,
/// named by any path ending in their name (`Region`, `bindings.Region`).
pub const EQUIVALENCES: &[Equivalence] = &[
    row(Head::Int, "int", &["int", "builtins.int"], &[], "{}"),
    row(
        Head::Float,
        "float",
        &["float", "builtins.float"],
        &[],
        "{}",
    ),
    row(Head::Str, "str", &["str", "builtins.str"], &[], "{}"),
    row(Head::Bool, "bool", &["bool", "builtins.bool"], &[], "{}"),
    row(
        Head::Bytes,
        "bytes",
        &["bytes", "builtins.bytes"],
        &[],
        "{}",
    ),
    row(
        Head::Datetime,
        "datetime",
        &["datetime.datetime"],
        &[],
        "{}",
    ),
    row(Head::Date, "date", &["datetime.date"], &[], "{}"),
    row(
        Head::Duration,
        "duration",
        &["datetime.timedelta"],
        &[],
        "{}",
    ),
    row(Head::File, "file", &["flyte.io.File"], &[], "{}"),
    row(Head::Dir, "dir", &["flyte.io.Dir"], &[], "{}"),
    row(
        Head::DataFrame,
        "dataframe",
        &["flyte.io.DataFrame"],
        &[],
        "{}",
    ),
    row(Head::Any, "any", &["typing.Any"], &[], "{}"),
    row(
        Head::None,
        "int?",
        &["None", "types.NoneType"],
        &[],
        "int | {}",
    ),
    row(
        Head::List,
        "list[int]",
        &["list", "builtins.list"],
        &["typing.List"],
        "{}[int]",
    ),
    row(
        Head::Dict,
        "dict[str, int]",
        &["dict", "builtins.dict"],
        &["typing.Dict"],
        "{}[str, int]",
    ),
    row(Head::Dict, "struct", &["dict", "builtins.dict"], &[], "{}"),
    // Not `typing.Tuple`: the SDK names a tuple's wrapper model after the
    // annotation's `__name__` (`TupleWrapper_Tuple` against the
    // `TupleWrapper_tuple` the bindings declare), so the wire differs.
    row(
        Head::Tuple,
        "tuple[int, str]",
        &["tuple", "builtins.tuple"],
        &[],
        "{}[int, str]",
    ),
    row(Head::Union, "int?", &[], &["typing.Optional"], "{}[int]"),
    row(
        Head::Union,
        "int | str",
        &[],
        &["typing.Union"],
        "{}[int, str]",
    ),
    row(
        Head::Annotated,
        "dataframe[{a: int}]",
        &[],
        &["typing.Annotated"],
        "{}[flyte.io.DataFrame, {\"a\": int}]",
    ),
];

/// The row head of a qualified name, and whether it needs arguments.
fn head_of(qualified: &str, has_args: bool) -> Option<Head> {
    EQUIVALENCES.iter().find_map(|row| {
        let bare = row.names.contains(&qualified);
        let generic = has_args && row.generic_names.contains(&qualified);
        (bare || generic).then_some(row.head)
    })
}

/// An annotation in the form both sides are compared in.
#[derive(Debug, Clone, PartialEq)]
pub enum Norm {
    Known(Head, Vec<Norm>),
    /// Any other name (records, enums, the outputs class, or a type taskc
    /// does not know), qualified as far as the imports tell, with its
    /// arguments.
    Named(String, Vec<Norm>),
    /// Anything else (e.g. `Annotated` metadata), by its text with the
    /// spacing removed and `'` quotes as `"`.
    Text(String),
}

impl Norm {
    /// Whether two annotations name the same type. Named types match by
    /// their last segment: the generated class may be reached through any
    /// module path.
    pub fn same(&self, other: &Norm) -> bool {
        match (self, other) {
            (Norm::Known(a, xs), Norm::Known(b, ys)) => a == b && all_same(xs, ys),
            (Norm::Named(a, xs), Norm::Named(b, ys)) => last(a) == last(b) && all_same(xs, ys),
            (Norm::Text(a), Norm::Text(b)) => a == b,
            _ => false,
        }
    }
}

fn all_same(xs: &[Norm], ys: &[Norm]) -> bool {
    xs.len() == ys.len() && xs.iter().zip(ys).all(|(x, y)| x.same(y))
}

fn last(name: &str) -> &str {
    name.rsplit('.').next().unwrap_or(name)
}

/// The form of a declared type's annotation as the bindings write it (for
/// instance `typing.Optional[list[int]]`): fully qualified, so it is read
/// without imports.
pub fn declared(annotation: &str) -> Norm {
    with_expression(annotation, |node, text| {
        normalize(node, text, &Imports::default())
    })
    .unwrap_or_else(|| Norm::Text(compact(annotation)))
}

/// The normal form of an annotation node of a module's syntax tree.
pub fn normalize(node: Node<'_>, text: &str, imports: &Imports) -> Norm {
    match node.kind() {
        "type" | "parenthesized_expression" => match node.named_child(0) {
            Some(inner) => normalize(inner, text, imports),
            None => Norm::Text(compact(node_text(node, text))),
        },
        "none" => Norm::Known(Head::None, Vec::new()),
        "identifier" | "attribute" => named(node_text(node, text), Vec::new(), imports),
        "subscript" => {
            let base = node.child_by_field_name("value");
            let mut cursor = node.walk();
            let args: Vec<Node<'_>> = node
                .children_by_field_name("subscript", &mut cursor)
                .collect();
            let args = spread(args);
            subscripted(base, &args, text, imports)
        }
        "generic_type" => {
            let base = node.named_child(0);
            let args: Vec<Node<'_>> = node
                .named_child(1)
                .map(|params| {
                    let mut cursor = params.walk();
                    params.named_children(&mut cursor).collect()
                })
                .unwrap_or_default();
            subscripted(base, &spread(args), text, imports)
        }
        "binary_operator" if operator(node, text) == Some("|") => {
            let members = [
                node.child_by_field_name("left"),
                node.child_by_field_name("right"),
            ]
            .into_iter()
            .flatten()
            .map(|n| normalize(n, text, imports))
            .collect();
            union(members)
        }
        "union_type" => {
            let mut cursor = node.walk();
            let members = node
                .named_children(&mut cursor)
                .map(|n| normalize(n, text, imports))
                .collect();
            union(members)
        }
        "string" => {
            // A forward reference: the annotation the string holds.
            let inner = string_content(node_text(node, text));
            with_expression(&inner, |n, source| normalize(n, source, imports))
                .unwrap_or_else(|| Norm::Text(compact(&inner)))
        }
        _ => Norm::Text(compact(node_text(node, text))),
    }
}

/// `a[b, c]` may hold its arguments as one tuple node.
fn spread(args: Vec<Node<'_>>) -> Vec<Node<'_>> {
    match args.as_slice() {
        [only] if only.kind() == "tuple" || only.kind() == "expression_list" => {
            let mut cursor = only.walk();
            only.named_children(&mut cursor).collect()
        }
        _ => args,
    }
}

fn operator<'t>(node: Node<'_>, text: &'t str) -> Option<&'t str> {
    node.child_by_field_name("operator")
        .map(|op| node_text(op, text))
}

fn subscripted(base: Option<Node<'_>>, args: &[Node<'_>], text: &str, imports: &Imports) -> Norm {
    let Some(base) = base else {
        return Norm::Text(String::new());
    };
    let qualified = imports.resolve(node_text(base, text));
    if head_of(&qualified, true) == Some(Head::Annotated) {
        // The first argument is the type; the metadata is compared as text.
        let mut items = Vec::new();
        if let Some((first, rest)) = args.split_first() {
            items.push(normalize(*first, text, imports));
            items.extend(
                rest.iter()
                    .map(|n| Norm::Text(compact(node_text(*n, text)))),
            );
        }
        return Norm::Known(Head::Annotated, items);
    }
    let args = args.iter().map(|n| normalize(*n, text, imports)).collect();
    named(node_text(base, text), args, imports)
}

fn named(written: &str, args: Vec<Norm>, imports: &Imports) -> Norm {
    let qualified = imports.resolve(written);
    let has_args = !args.is_empty();
    match head_of(&qualified, has_args) {
        Some(Head::Union) if qualified == "typing.Optional" => {
            let mut members = args;
            members.push(Norm::Known(Head::None, Vec::new()));
            union(members)
        }
        Some(Head::Union) => union(args),
        Some(head) => Norm::Known(head, args),
        None => Norm::Named(qualified, args),
    }
}

/// A union as `typing.Union` builds it: nested unions flattened, repeats
/// dropped (first kept), one member left is that member.
fn union(members: Vec<Norm>) -> Norm {
    let mut flat: Vec<Norm> = Vec::new();
    for member in members {
        let parts = match member {
            Norm::Known(Head::Union, inner) => inner,
            other => vec![other],
        };
        for part in parts {
            if !flat.iter().any(|seen| seen.same(&part)) {
                flat.push(part);
            }
        }
    }
    if flat.len() == 1 {
        flat.pop().unwrap_or(Norm::Known(Head::None, Vec::new()))
    } else {
        Norm::Known(Head::Union, flat)
    }
}

/// The text of a string literal without prefix and quotes.
fn string_content(literal: &str) -> String {
    let body = literal.trim_start_matches(|c: char| c.is_ascii_alphabetic());
    for quote in ["\"\"\"", "'''", "\"", "'"] {
        if let Some(inner) = body
            .strip_prefix(quote)
            .and_then(|rest| rest.strip_suffix(quote))
        {
            return inner.to_string();
        }
    }
    body.to_string()
}

/// Text without spacing, with `'` quotes as `"`.
pub fn compact(text: &str) -> String {
    text.chars()
        .filter(|c| !c.is_whitespace())
        .map(|c| if c == '\'' { '"' } else { c })
        .collect()
}
