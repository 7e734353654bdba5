//! `inputs { name: Type [= default] }`, `outputs { name: Type }` and
//! `returns T`: names checked, types resolved and defaults type-checked by
//! the type table, declaration order kept.

use super::cx::Cx;
use super::model::{Input, Output};
use super::types::{Pickled, RecordDef, RecordFlavor, Type, TypeTable};
use super::values::check_input_default;
use crate::diagnostics::{Code, Diagnostic};
use crate::source::FileSpan;
use crate::syntax::ast::{Attribute, Entry, Field, Returns, ValueKind};

pub(crate) const BAD_INTERFACE: Code = Code::E0318;
const PLACEMENT: Code = Code::E0226;

/// The interface of a template, with the names of entries whose type did
/// not resolve (so later checks do not call them unknown).
#[derive(Default)]
pub(crate) struct Interface {
    pub inputs: Vec<Input>,
    pub outputs: Vec<Output>,
    /// Every written input name, including those whose type failed.
    pub input_names: Vec<String>,
    /// True when an input or output failed to resolve.
    pub incomplete: bool,
}

/// Python keywords: an input becomes a keyword argument of the function.
const PYTHON_KEYWORDS: &[&str] = &[
    "False", "None", "True", "and", "as", "assert", "async", "await", "break", "class", "continue",
    "def", "del", "elif", "else", "except", "finally", "for", "from", "global", "if", "import",
    "in", "is", "lambda", "nonlocal", "not", "or", "pass", "raise", "return", "try", "while",
    "with", "yield",
];

/// An identifier Python accepts as a parameter or function name.
pub(crate) fn is_python_identifier(name: &str) -> bool {
    let mut chars = name.chars();
    matches!(chars.next(), Some(c) if c.is_ascii_alphabetic() || c == '_')
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_')
        && !PYTHON_KEYWORDS.contains(&name)
}

pub(crate) fn lower_inputs(cx: &mut Cx, types: &TypeTable, attr: &Attribute, out: &mut Interface) {
    let Some(fields) = fields(cx, attr, "inputs") else {
        out.incomplete = true;
        return;
    };
    let mut seen: Vec<&Field> = Vec::new();
    for field in fields {
        if !check_name(cx, field, &seen, "input") {
            continue;
        }
        seen.push(field);
        out.input_names.push(field.name.name.clone());
        let ty = match types.resolve(cx.file, &field.ty) {
            Ok(ty) => ty.interface_form(),
            Err(ds) => {
                cx.diags.extend(ds);
                out.incomplete = true;
                continue;
            }
        };
        let default = match &field.default {
            Some(v) => match check_input_default(types, cx.file, &field.name.name, v, &ty) {
                Ok(tv) => Some(tv),
                Err(ds) => {
                    cx.diags.extend(ds);
                    out.incomplete = true;
                    None
                }
            },
            None => None,
        };
        out.inputs.push(Input {
            name: field.name.name.clone(),
            at: cx.at(field.name.span),
            ty,
            ty_at: cx.at(field.ty.span),
            default,
            default_at: field.default.as_ref().map(|v| cx.at(v.span)),
            doc: field.doc.as_ref().map(|d| d.text.clone()),
        });
    }
}

pub(crate) fn lower_outputs(cx: &mut Cx, types: &TypeTable, attr: &Attribute, out: &mut Interface) {
    let Some(fields) = fields(cx, attr, "outputs") else {
        out.incomplete = true;
        return;
    };
    let mut seen: Vec<&Field> = Vec::new();
    for field in fields {
        if !check_name(cx, field, &seen, "output") {
            continue;
        }
        seen.push(field);
        if let Some(default) = &field.default {
            cx.error(
                BAD_INTERFACE,
                default.span,
                format!("output `{}` cannot have a default", field.name.name),
                "remove `= …`; outputs are produced by the task",
            );
        }
        match types.resolve(cx.file, &field.ty) {
            Ok(ty) => out.outputs.push(Output {
                name: field.name.name.clone(),
                at: cx.at(field.name.span),
                ty: ty.interface_form(),
                ty_at: cx.at(field.ty.span),
                doc: field.doc.as_ref().map(|d| d.text.clone()),
            }),
            Err(ds) => {
                cx.diags.extend(ds);
                out.incomplete = true;
            }
        }
    }
    if let [only] = out.outputs.as_slice() {
        match &only.ty {
            Type::Record(def) if only.name == "o0" && def.flavor == RecordFlavor::NamedTuple => {
                let diagnostic = returned_named_tuple(def, only.ty_at);
                cx.push(diagnostic);
                out.incomplete = true;
            }
            _ => {}
        }
    }
    // Named outputs are the fields of a `NamedTuple`, which the SDK reads
    // with `get_type_hints`: `literal_to_enum` does not see them, so even a
    // whole `literal[…]` is pickled. A single `o0` is a plain return.
    if !matches!(out.outputs.as_slice(), [only] if only.name == "o0") {
        for output in &mut out.outputs {
            if let Type::Literal(values) = &output.ty {
                output.ty = Type::Pickled(Pickled::Literal(values.clone()));
            }
        }
    }
}

/// `returns T`: one output named `o0`, as the SDK names a single return value.
pub(crate) fn lower_returns(cx: &mut Cx, types: &TypeTable, ret: &Returns, out: &mut Interface) {
    match types.resolve(cx.file, &ret.ty) {
        Ok(Type::Record(def)) if def.flavor == RecordFlavor::NamedTuple => {
            cx.push(returned_named_tuple(&def, cx.at(ret.ty.span)));
            out.incomplete = true;
        }
        Ok(ty) => out.outputs.push(Output {
            name: "o0".to_string(),
            at: cx.at(ret.keyword),
            ty: ty.interface_form(),
            ty_at: cx.at(ret.ty.span),
            doc: None,
        }),
        Err(ds) => {
            cx.diags.extend(ds);
            out.incomplete = true;
        }
    }
}

/// The `name: Type` entries of an `inputs`/`outputs` block.
fn fields<'a>(cx: &mut Cx, attr: &'a Attribute, what: &str) -> Option<Vec<&'a Field>> {
    let ValueKind::Map(body) = &attr.value.kind else {
        cx.error(
            BAD_INTERFACE,
            attr.value.span,
            format!("`{what}` is a block of `name: Type` entries"),
            format!("write `{what} {{ x: int, y: str }}`"),
        );
        return None;
    };
    let mut out = Vec::new();
    for entry in &body.entries {
        match entry {
            Entry::Field(f) => out.push(f),
            Entry::Attr(a) => cx.error(
                BAD_INTERFACE,
                a.key.span,
                format!("`{what}` entries are `name: Type`, not `name = value`"),
                format!("write `{}: <type>`", a.key.name),
            ),
            other => super::attrs::unexpected_entry(cx, other, what),
        }
    }
    Some(out)
}

fn check_name(cx: &mut Cx, field: &Field, seen: &[&Field], kind: &str) -> bool {
    let name = &field.name.name;
    if let Some(first) = seen.iter().find(|f| f.name.name == *name) {
        let first_at = cx.at(first.name.span);
        cx.push(
            Diagnostic::error(
                BAD_INTERFACE,
                cx.at(field.name.span),
                format!("{kind} `{name}` is declared twice"),
            )
            .with_label(first_at, "first declared here")
            .with_help(format!("rename or remove one of the two {kind}s")),
        );
        return false;
    }
    if !is_python_identifier(name) {
        let help = if PYTHON_KEYWORDS.contains(&name.as_str()) {
            format!("`{name}` is a Python keyword; choose another name")
        } else {
            format!(
                "use letters, digits and `_`, e.g. `{}`",
                name.replace('-', "_")
            )
        };
        cx.error(
            BAD_INTERFACE,
            field.name.span,
            format!("{kind} name `{name}` is not a valid Python identifier"),
            help,
        );
        return false;
    }
    true
}

/// A single return value (`returns T`, `outputs { o0: T }`) that is a named
/// tuple: the SDK makes a returned `NamedTuple` the named outputs.
fn returned_named_tuple(def: &RecordDef, at: FileSpan) -> Diagnostic {
    let fields: Vec<String> = def
        .fields
        .iter()
        .map(|f| format!("{}: {}", f.name, f.ty.display()))
        .collect();
    Diagnostic::error(
        BAD_INTERFACE,
        at,
        format!(
            "a returned named tuple is the task's named outputs, not one output of `{}`",
            def.name
        ),
    )
    .with_primary_label("the SDK sends its fields as the outputs")
    .with_help(format!("write `outputs {{ {} }}`", fields.join(", ")))
}

/// E0226: `untyped` only as a function template's own input; class types
/// only in a function template.
pub(crate) fn check_python_class_types(cx: &mut Cx, iface: &Interface, function: bool) {
    let untyped = |t: &Type| matches!(t, Type::Pickled(Pickled::Untyped));
    let inputs = iface.inputs.iter().map(|i| (&i.ty, i.ty_at, true));
    let outputs = iface.outputs.iter().map(|o| (&o.ty, o.ty_at, false));
    for (ty, at, is_input) in inputs.chain(outputs) {
        if !ty.names_python_class() {
            continue;
        }
        let shown = ty.display();
        let (message, help) = if !function {
            (
                format!("`{shown}` names a Python annotation, and this template has no function"),
                "use `any` for a pickled value, or `dataframe` for a dataframe",
            )
        } else if ty.mentions(&untyped) && !(is_input && untyped(ty)) {
            (
                "`untyped` is only the whole type of an input".to_string(),
                "an unannotated parameter is `name: untyped`; for a pickled value inside \
                 another type use `any`",
            )
        } else {
            continue;
        };
        cx.push(
            Diagnostic::error(PLACEMENT, at, message)
                .with_primary_label("not allowed here")
                .with_help(help),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::is_python_identifier;

    #[test]
    fn python_identifiers() {
        assert!(is_python_identifier("x"));
        assert!(is_python_identifier("_private1"));
        assert!(!is_python_identifier("kebab-case"));
        assert!(!is_python_identifier("class"));
        assert!(!is_python_identifier("1x"));
    }
}
