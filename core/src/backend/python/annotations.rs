//! `.task` types as Python annotations and typed values as Python
//! expressions, the way the SDK reads them back (the same wire type and the
//! same literal).

use std::collections::BTreeSet;
use std::time::Duration;

use super::expr::{Py, identifier};
use crate::semantic::types::{Pickled, Type};
use crate::semantic::values::TypedValue;

/// How a class named by its path (a pickled class, a library's dataframe) is
/// written.
#[derive(Clone, Copy, PartialEq, Eq)]
enum ClassForm {
    /// The `_PyClass` marker, which equals the class of that module and
    /// qualified name without importing it (the class may live in the very
    /// module that imports the bindings): for signature checks.
    Marker,
    /// `_import_class(path)`: the class itself, imported when the bindings
    /// are, for annotations the SDK reads (named outputs).
    Imported,
    /// The dotted path itself, its module imported by the starter module.
    Source,
}

/// The annotation of a type as the signature check compares it:
/// `list[int]`, `typing.Optional[Region]`.
pub(crate) fn annotation(ty: &Type) -> String {
    annotate(ty, ClassForm::Marker, &mut SourceNeeds::default())
}

/// The annotation of a type the SDK reads itself (a field of the named
/// outputs' tuple): a class named by path is imported.
pub(crate) fn imported_annotation(ty: &Type) -> String {
    annotate(ty, ClassForm::Imported, &mut SourceNeeds::default())
}

/// What a starter module needs for its annotations.
#[derive(Default)]
pub(crate) struct SourceNeeds<'m> {
    /// The starter's own module: a class of it is defined there, not imported.
    pub module: &'m str,
    /// Modules to import (`pandas` for `pandas.DataFrame`).
    pub imports: BTreeSet<String>,
    /// Qualified names of the module's own classes (`Registry.Entry`).
    pub own_classes: BTreeSet<String>,
}

/// The annotation as a user writes it, classes by their full path (`untyped`
/// is empty): what the static check compares a module's annotations with.
pub(crate) fn written_annotation(ty: &Type) -> String {
    annotate(ty, ClassForm::Source, &mut SourceNeeds::default())
}

/// The annotation as a user writes it in module `needs.module`, noting what
/// it needs.
pub(crate) fn source_annotation(ty: &Type, needs: &mut SourceNeeds) -> String {
    annotate(ty, ClassForm::Source, needs)
}

/// A parameter as Python writes it: `name: T = d`, or `name=d` and `name`
/// for an `untyped` input (whose annotation is empty).
pub(crate) fn parameter(name: &str, annotation: &str, default: Option<&str>) -> String {
    match (annotation.is_empty(), default) {
        (false, Some(d)) => format!("{name}: {annotation} = {d}"),
        (false, None) => format!("{name}: {annotation}"),
        (true, Some(d)) => format!("{name}={d}"),
        (true, None) => name.to_string(),
    }
}

/// `pkg.module.Class` as `form` writes it.
fn class(path: &str, form: ClassForm, needs: &mut SourceNeeds) -> String {
    match form {
        ClassForm::Marker => format!("_PyClass({})", Py::str(path).flat()),
        ClassForm::Imported => format!("_import_class({})", Py::str(path).flat()),
        ClassForm::Source => {
            let module = module_of_class(path);
            match path.strip_prefix(&format!("{module}.")) {
                Some(qualname) if module == needs.module => {
                    needs.own_classes.insert(qualname.to_string());
                    qualname.to_string()
                }
                _ => {
                    needs.imports.insert(module);
                    path.to_string()
                }
            }
        }
    }
}

/// The module part of a class path, for an import: the parts before the
/// first capitalized one (`pkg.models.Outer.Inner` → `pkg.models`), else all
/// but the last.
fn module_of_class(path: &str) -> String {
    let parts: Vec<&str> = path.split('.').collect();
    let cut = parts
        .iter()
        .position(|p| p.starts_with(|c: char| c.is_uppercase()))
        .filter(|&i| i > 0)
        .unwrap_or(parts.len().saturating_sub(1));
    parts[..cut].join(".")
}

fn annotate(ty: &Type, form: ClassForm, needs: &mut SourceNeeds) -> String {
    let join = |types: &[Type], needs: &mut SourceNeeds| {
        types
            .iter()
            .map(|t| annotate(t, form, needs))
            .collect::<Vec<_>>()
            .join(", ")
    };
    match ty {
        Type::Int => "int".into(),
        Type::Float => "float".into(),
        Type::Str => "str".into(),
        Type::Bool => "bool".into(),
        Type::Datetime => "datetime.datetime".into(),
        Type::Date => "datetime.date".into(),
        Type::Duration => "datetime.timedelta".into(),
        Type::File => "flyte.io.File".into(),
        Type::Dir => "flyte.io.Dir".into(),
        Type::Bytes => "bytes".into(),
        Type::Pickled(p) => match p {
            Pickled::Any => "typing.Any".into(),
            Pickled::FlytePickle => "flyte.types.FlytePickle".into(),
            // A starter module writes the parameter without an annotation.
            Pickled::Untyped if form == ClassForm::Source => String::new(),
            Pickled::Untyped => "_UNANNOTATED".into(),
            Pickled::Class(path) => class(path, form, needs),
            Pickled::Literal(values) => literal_annotation(values),
        },
        Type::Struct => "dict".into(),
        Type::None => "None".into(),
        Type::List(item) => format!("list[{}]", annotate(item, form, needs)),
        Type::Dict(key, value) => {
            let key = annotate(key, form, needs);
            format!("dict[{key}, {}]", annotate(value, form, needs))
        }
        Type::Optional(inner) => format!("typing.Optional[{}]", annotate(inner, form, needs)),
        Type::Union(members) => format!("typing.Union[{}]", join(members, needs)),
        Type::Tuple(items) => format!("tuple[{}]", join(items, needs)),
        Type::Dataframe {
            columns,
            format,
            class: frame,
        } => {
            let mut extras = Vec::new();
            if !columns.is_empty() {
                let columns: Vec<String> = columns
                    .iter()
                    .map(|(name, ty)| {
                        let ty = annotate(ty, form, needs);
                        format!("{}: {ty}", Py::str(name).flat())
                    })
                    .collect();
                extras.push(format!("{{{}}}", columns.join(", ")));
            }
            if let Some(format) = format {
                extras.push(Py::str(format).flat());
            }
            let base = match (frame.tag(), form) {
                (Some(tag), ClassForm::Marker | ClassForm::Imported) => class(tag, form, needs),
                (Some(_), ClassForm::Source) => {
                    let annotation = frame.annotation();
                    needs.imports.insert(module_of_class(annotation));
                    annotation.to_string()
                }
                (None, _) => frame.annotation().to_string(),
            };
            if extras.is_empty() {
                base
            } else {
                format!("typing.Annotated[{base}, {}]", extras.join(", "))
            }
        }
        Type::Enum(def) => identifier(&def.name),
        Type::Record(def) => identifier(&def.name),
        Type::Literal(values) => literal_annotation(values),
    }
}

/// `typing.Literal["a", "b"]`.
fn literal_annotation(values: &[String]) -> String {
    let values: Vec<String> = values.iter().map(|v| Py::str(v).flat()).collect();
    format!("typing.Literal[{}]", values.join(", "))
}

/// A `timedelta` expression.
pub(crate) fn timedelta(duration: Duration) -> Py {
    let micros = duration.subsec_micros();
    let seconds = duration.as_secs();
    if micros == 0 {
        Py::raw(format!("datetime.timedelta(seconds={seconds})"))
    } else {
        Py::raw(format!(
            "datetime.timedelta(seconds={seconds}, microseconds={micros})"
        ))
    }
}

fn float(value: f64) -> Py {
    if value.is_nan() {
        Py::raw("float(\"nan\")")
    } else if value.is_infinite() {
        Py::raw(if value > 0.0 {
            "float(\"inf\")"
        } else {
            "float(\"-inf\")"
        })
    } else {
        // `{:?}` keeps a `.0` on whole numbers and round-trips every f64.
        Py::raw(format!("{value:?}"))
    }
}

/// A typed value as the Python object the SDK turns into the same literal.
pub(crate) fn value(value: &TypedValue, ty: &Type) -> Py {
    match (value, ty) {
        (
            TypedValue::Union {
                variant,
                value: inner,
            },
            _,
        ) => {
            let variants = ty.union_variants().unwrap_or_default();
            match variants.get(*variant) {
                Some(member) => self::value(inner, member),
                None => untyped(inner),
            }
        }
        (TypedValue::Enum { member }, Type::Enum(def)) => {
            Py::raw(format!("{}.{}", identifier(&def.name), identifier(member)))
        }
        (TypedValue::List(items), Type::Tuple(types)) => Py::Tuple(
            items
                .iter()
                .enumerate()
                .map(|(i, v)| match types.get(i) {
                    Some(t) => self::value(v, t),
                    None => untyped(v),
                })
                .collect(),
        ),
        (TypedValue::List(items), Type::List(item)) => {
            Py::List(items.iter().map(|v| self::value(v, item)).collect())
        }
        (TypedValue::Map(entries), Type::Dict(key, item)) => Py::Dict(
            entries
                .iter()
                .map(|(k, v)| (dict_key(k, key), self::value(v, item)))
                .collect(),
        ),
        (TypedValue::Record { name, fields }, Type::Record(def)) => Py::call(
            identifier(name),
            fields
                .iter()
                .map(|(field, v)| {
                    let py = match def.field(field) {
                        Some(f) => self::value(v, &f.ty),
                        None => untyped(v),
                    };
                    (Some(field.clone()), py)
                })
                .collect(),
        ),
        (TypedValue::Map(entries), Type::Record(def)) => Py::call(
            identifier(&def.name),
            entries
                .iter()
                .map(|(field, v)| {
                    let py = match def.field(field) {
                        Some(f) => self::value(v, &f.ty),
                        None => untyped(v),
                    };
                    (Some(field.clone()), py)
                })
                .collect(),
        ),
        (TypedValue::Datetime(text), Type::Date) | (TypedValue::Date(text), _) => Py::raw(format!(
            "datetime.date.fromisoformat({})",
            Py::str(text).flat()
        )),
        (TypedValue::Float(f), _) => float(*f),
        (TypedValue::Int(i), Type::Float) => float(*i as f64),
        _ => untyped(value),
    }
}

/// A dict key: `int` keys are numbers, everything else a string.
fn dict_key(key: &str, ty: &Type) -> Py {
    match ty {
        Type::Int if key.parse::<i64>().is_ok() => Py::raw(key),
        // The member, not its name: mashumaro packs a key by `.value`.
        Type::Enum(def) if def.has_member(key) => {
            Py::raw(format!("{}.{}", identifier(&def.name), identifier(key)))
        }
        _ => Py::str(key),
    }
}

/// A value whose type says nothing more (`any`, `struct`, or a mismatch the
/// checker already reported).
fn untyped(value: &TypedValue) -> Py {
    match value {
        TypedValue::Int(i) => Py::raw(i.to_string()),
        TypedValue::Float(f) => float(*f),
        TypedValue::Str(s) => Py::str(s),
        TypedValue::Bool(b) => Py::bool(*b),
        TypedValue::None => Py::raw("None"),
        TypedValue::Datetime(text) => Py::raw(format!(
            "datetime.datetime.fromisoformat({})",
            Py::str(text).flat()
        )),
        TypedValue::Date(text) => Py::raw(format!(
            "datetime.date.fromisoformat({})",
            Py::str(text).flat()
        )),
        TypedValue::Duration(d) => {
            let nanos = d.nanos;
            let duration = Duration::new(
                u64::try_from(nanos / 1_000_000_000).unwrap_or(u64::MAX),
                (nanos % 1_000_000_000) as u32,
            );
            timedelta(duration)
        }
        TypedValue::Enum { member } => Py::str(member),
        TypedValue::List(items) => Py::List(items.iter().map(untyped).collect()),
        TypedValue::Map(entries) => Py::Dict(
            entries
                .iter()
                .map(|(k, v)| (Py::str(k), untyped(v)))
                .collect(),
        ),
        TypedValue::Record { name, fields } => Py::call(
            identifier(name),
            fields
                .iter()
                .map(|(k, v)| (Some(k.clone()), untyped(v)))
                .collect(),
        ),
        TypedValue::Union { value, .. } => untyped(value),
        TypedValue::TriggerTime => Py::raw("flyte.TriggerTime"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::semantic::types::FrameClass;

    #[test]
    fn optional_and_nested_annotations() {
        let ty = Type::Optional(Box::new(Type::Dict(
            Box::new(Type::Str),
            Box::new(Type::List(Box::new(Type::Float))),
        )));
        assert_eq!(annotation(&ty), "typing.Optional[dict[str, list[float]]]");
    }

    #[test]
    fn typed_dataframes_are_annotated() {
        let ty = Type::Dataframe {
            columns: vec![("a".into(), Type::Int)],
            format: Some("parquet".into()),
            class: FrameClass::Flyte,
        };
        assert_eq!(
            annotation(&ty),
            "typing.Annotated[flyte.io.DataFrame, {\"a\": int}, \"parquet\"]"
        );
    }

    #[test]
    fn classes_by_path_are_markers_imports_or_written() {
        let ty = Type::List(Box::new(Type::Pickled(Pickled::Class(
            "pkg.models.Outer.Inner".into(),
        ))));
        assert_eq!(
            annotation(&ty),
            "list[_PyClass(\"pkg.models.Outer.Inner\")]"
        );
        assert_eq!(
            imported_annotation(&ty),
            "list[_import_class(\"pkg.models.Outer.Inner\")]"
        );
        let mut needs = SourceNeeds {
            module: "tasks",
            ..SourceNeeds::default()
        };
        assert_eq!(
            source_annotation(&ty, &mut needs),
            "list[pkg.models.Outer.Inner]"
        );
        assert_eq!(needs.imports.iter().collect::<Vec<_>>(), ["pkg.models"]);
        let own = Type::Pickled(Pickled::Class("tasks.Registry.Entry".into()));
        assert_eq!(source_annotation(&own, &mut needs), "Registry.Entry");
        assert_eq!(
            needs.own_classes.iter().collect::<Vec<_>>(),
            ["Registry.Entry"]
        );
        let frame = Type::Dataframe {
            columns: Vec::new(),
            format: Some("csv".into()),
            class: FrameClass::Pandas,
        };
        assert_eq!(
            source_annotation(&frame, &mut needs),
            "typing.Annotated[pandas.DataFrame, \"csv\"]"
        );
        assert!(needs.imports.contains("pandas"));
        assert_eq!(written_annotation(&Type::Pickled(Pickled::Untyped)), "");
    }

    #[test]
    fn floats_keep_their_point_and_ints_in_float_slots_get_one() {
        assert_eq!(value(&TypedValue::Float(2.0), &Type::Float).flat(), "2.0");
        assert_eq!(value(&TypedValue::Int(3), &Type::Float).flat(), "3.0");
    }

    #[test]
    fn optional_values_use_their_variant() {
        let ty = Type::Optional(Box::new(Type::Int));
        let v = TypedValue::Union {
            variant: 0,
            value: Box::new(TypedValue::Int(4)),
        };
        assert_eq!(value(&v, &ty).flat(), "4");
    }
}
