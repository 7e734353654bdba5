//! The type language of LANGUAGE.md §4: built-in types, `list`/`dict`/
//! `tuple`/`dataframe` forms, optionals and unions, and the workspace's named
//! `enum` and `record` types ([`TypeTable`]).
//!
//! Resolution never panics and never loops: record references are followed
//! depth-first with a "being built" mark, so a record that contains itself
//! (directly or through other records) is reported once and cut off.

mod declarations;
mod expressions;

use std::collections::HashMap;
use std::sync::Arc;

use super::values::TypedValue;
use crate::diagnostics::Diagnostic;
use crate::source::{FileId, FileSpan};
use crate::syntax::ast;

use declarations::Builder;
pub use declarations::MAX_RECORD_DEPTH;
use expressions::{Position, TableLookup, resolve_type};

/// A resolved type.
#[derive(Debug, Clone, PartialEq)]
pub enum Type {
    Int,
    Float,
    Str,
    Bool,
    Datetime,
    Date,
    Duration,
    File,
    Dir,
    Bytes,
    /// A value the SDK pickles (its `FlytePickle` fallback).
    Pickled(Pickled),
    /// An untyped object (Python's bare `dict`).
    Struct,
    /// Only ever a union member.
    None,
    List(Box<Type>),
    Dict(Box<Type>, Box<Type>),
    /// `T?`. Never wraps a union or another optional: `(A | B)?` resolves to
    /// `A | B | none`.
    Optional(Box<Type>),
    /// Flattened, at least two distinct members, declaration order kept.
    Union(Vec<Type>),
    /// At least one element.
    Tuple(Vec<Type>),
    Dataframe {
        columns: Vec<(String, Type)>,
        format: Option<String>,
        class: FrameClass,
    },
    Enum(Arc<EnumDef>),
    Record(Arc<RecordDef>),
    /// `literal["fast", "slow"]`: Python's `typing.Literal` of strings. As
    /// the whole type of an input or output the SDK makes it an enum; in a
    /// record it is inline in the schema; elsewhere in an interface it is
    /// [`Pickled::Literal`] (see [`Type::interface_form`]).
    Literal(Vec<String>),
}

/// Which Python annotation a pickled value has: the SDK sends the same
/// `FlytePickle` union for each, with the annotation's `str()` as
/// `python_class_name` metadata.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Pickled {
    /// `any`: `typing.Any`.
    Any,
    /// `pickle`: `flyte.types.FlytePickle`.
    FlytePickle,
    /// `untyped`: a parameter without an annotation (inputs only).
    Untyped,
    /// `pickle["pkg.module.Class"]`: a class no SDK transformer handles,
    /// named by its defining module and qualified name.
    Class(String),
    /// A `literal[…]` inside another type of a task's interface: the SDK
    /// makes only a whole input or output's `Literal` an enum.
    Literal(Vec<String>),
}

impl Pickled {
    fn display(&self) -> String {
        match self {
            Pickled::Any => "any".into(),
            Pickled::FlytePickle => "pickle".into(),
            Pickled::Untyped => "untyped".into(),
            Pickled::Class(path) => format!("pickle[{path:?}]"),
            Pickled::Literal(values) => literal_display(values),
        }
    }
}

/// The Python class of a `dataframe`: the SDK's own `flyte.io.DataFrame`, or
/// a library's frame, which the SDK tags with the class's qualified name.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum FrameClass {
    #[default]
    Flyte,
    /// `dataframe[pandas]`: `pandas.DataFrame`.
    Pandas,
    /// `dataframe[pyarrow]`: `pyarrow.Table`.
    Pyarrow,
}

impl FrameClass {
    /// The classes a `dataframe[…]` may name: (word, annotation, structure tag).
    pub const NAMED: &[(FrameClass, &str, &str, &str)] = &[
        (
            FrameClass::Pandas,
            "pandas",
            "pandas.DataFrame",
            "pandas.core.frame.DataFrame",
        ),
        (
            FrameClass::Pyarrow,
            "pyarrow",
            "pyarrow.Table",
            "pyarrow.lib.Table",
        ),
    ];

    pub fn from_word(word: &str) -> Option<FrameClass> {
        Self::NAMED
            .iter()
            .find(|(_, w, _, _)| *w == word)
            .map(|(c, ..)| *c)
    }

    fn entry(self) -> Option<&'static (FrameClass, &'static str, &'static str, &'static str)> {
        Self::NAMED.iter().find(|(c, ..)| *c == self)
    }

    /// The word written in `dataframe[…]`; `None` for `flyte.io.DataFrame`.
    pub fn word(self) -> Option<&'static str> {
        self.entry().map(|e| e.1)
    }

    /// The Python annotation: `pandas.DataFrame`.
    pub fn annotation(self) -> &'static str {
        self.entry().map_or("flyte.io.DataFrame", |e| e.2)
    }

    /// The structure tag the SDK gives it (`module.qualname` of the class);
    /// `None` for `flyte.io.DataFrame`, which has none.
    pub fn tag(self) -> Option<&'static str> {
        self.entry().map(|e| e.3)
    }
}

/// `type Name = enum { A, B }`
#[derive(Debug, Clone, PartialEq)]
pub struct EnumDef {
    pub name: String,
    /// The member names: what a task's interface and defaults carry.
    pub members: Vec<String>,
    /// The Python values, parallel to `members` (the name unless written
    /// `NAME = "value"`): what records carry, in their schema and msgpack.
    pub values: Vec<String>,
    /// Where each member is written, parallel to `members`.
    pub members_at: Vec<FileSpan>,
    pub doc: Option<String>,
    /// The declared name.
    pub at: FileSpan,
}

impl EnumDef {
    pub fn has_member(&self, name: &str) -> bool {
        self.members.iter().any(|m| m == name)
    }

    /// The Python value of member `name` (the name itself when unknown).
    pub fn value_of<'d>(&'d self, name: &'d str) -> &'d str {
        let at = self.members.iter().position(|m| m == name);
        at.and_then(|i| self.values.get(i))
            .map_or(name, String::as_str)
    }

    /// Whether some member's value differs from its name.
    pub fn has_values(&self) -> bool {
        self.members.iter().zip(&self.values).any(|(m, v)| m != v)
    }
}

/// `type Name = record { field: T [= default], … }`
#[derive(Debug, Clone, PartialEq)]
pub struct RecordDef {
    pub name: String,
    /// `record` (a dataclass) or `record pydantic`.
    pub flavor: RecordFlavor,
    pub fields: Vec<RecordField>,
    pub doc: Option<String>,
    /// The declared name.
    pub at: FileSpan,
}

/// Which Python class a record stands for: it decides the JSON schema, the
/// structure tag and how values are serialized (docs/language.md §5.1).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum RecordFlavor {
    /// `record`: a `@dataclass` (mashumaro schema).
    #[default]
    Dataclass,
    /// `record pydantic`: a pydantic `BaseModel`.
    Pydantic,
    /// `record namedtuple`: a `typing.NamedTuple`, which the SDK wraps in a
    /// pydantic model (`NamedTupleWrapper_<Name>`) and pydantic serializes.
    NamedTuple,
}

impl RecordFlavor {
    /// The word after `record`, if it names a flavor.
    pub fn from_word(word: &str) -> Option<RecordFlavor> {
        match word {
            "pydantic" => Some(RecordFlavor::Pydantic),
            "namedtuple" => Some(RecordFlavor::NamedTuple),
            _ => None,
        }
    }
}

impl RecordFlavor {
    /// The library that serializes a value of this flavor: pydantic for a
    /// named tuple too (its wrapper model).
    pub fn serializer(self) -> RecordFlavor {
        match self {
            RecordFlavor::Dataclass => RecordFlavor::Dataclass,
            RecordFlavor::Pydantic | RecordFlavor::NamedTuple => RecordFlavor::Pydantic,
        }
    }
}

impl RecordDef {
    pub fn field(&self, name: &str) -> Option<&RecordField> {
        self.fields.iter().find(|f| f.name == name)
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct RecordField {
    pub name: String,
    pub ty: Type,
    /// The checked default; `None` when there is none (or it was invalid).
    pub default: Option<TypedValue>,
    pub doc: Option<String>,
    /// The field's name.
    pub at: FileSpan,
}

/// The built-in type names, in the order LANGUAGE.md lists them (also the
/// order suggestions prefer).
pub const BUILTIN_TYPES: &[&str] = &[
    "int",
    "float",
    "str",
    "bool",
    "datetime",
    "date",
    "duration",
    "file",
    "dir",
    "dataframe",
    "bytes",
    "list",
    "dict",
    "tuple",
    "struct",
    "any",
    "pickle",
    "untyped",
    "literal",
    "none",
];

/// `literal["a", "b"]`.
fn literal_display(values: &[String]) -> String {
    let values: Vec<String> = values.iter().map(|v| format!("{v:?}")).collect();
    format!("literal[{}]", values.join(", "))
}

/// The one `none` type, for [`Type::union_variants`] of an optional.
static NONE_TYPE: Type = Type::None;

impl Type {
    /// The type as it is written in a `.task` file: `list[int]`, `Region`, `int?`.
    pub fn display(&self) -> String {
        match self {
            Type::Int => "int".into(),
            Type::Float => "float".into(),
            Type::Str => "str".into(),
            Type::Bool => "bool".into(),
            Type::Datetime => "datetime".into(),
            Type::Date => "date".into(),
            Type::Duration => "duration".into(),
            Type::File => "file".into(),
            Type::Dir => "dir".into(),
            Type::Bytes => "bytes".into(),
            Type::Pickled(p) => p.display(),
            Type::Struct => "struct".into(),
            Type::None => "none".into(),
            Type::List(t) => format!("list[{}]", t.display()),
            Type::Dict(k, v) => format!("dict[{}, {}]", k.display(), v.display()),
            Type::Optional(t) => match **t {
                Type::Union(_) => format!("({})?", t.display()),
                _ => format!("{}?", t.display()),
            },
            Type::Union(members) => members
                .iter()
                .map(Type::display)
                .collect::<Vec<_>>()
                .join(" | "),
            Type::Tuple(items) => format!(
                "tuple[{}]",
                items
                    .iter()
                    .map(Type::display)
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
            Type::Dataframe {
                columns,
                format,
                class,
            } => {
                let mut args: Vec<String> = class.word().map(str::to_string).into_iter().collect();
                if !columns.is_empty() {
                    let cols = columns
                        .iter()
                        .map(|(name, ty)| format!("{name}: {}", ty.display()))
                        .collect::<Vec<_>>()
                        .join(", ");
                    args.push(format!("{{{cols}}}"));
                }
                if let Some(format) = format {
                    args.push(format!("{format:?}"));
                }
                if args.is_empty() {
                    "dataframe".into()
                } else {
                    format!("dataframe[{}]", args.join(", "))
                }
            }
            Type::Enum(def) => def.name.clone(),
            Type::Record(def) => def.name.clone(),
            Type::Literal(values) => literal_display(values),
        }
    }

    /// The type as a task's interface holds it: a `literal[…]` that is not
    /// the whole type is pickled (the SDK's `literal_to_enum` only converts
    /// a whole input or output; records keep theirs).
    pub fn interface_form(self) -> Type {
        fn nested(ty: Type) -> Type {
            match ty {
                Type::Literal(values) => Type::Pickled(Pickled::Literal(values)),
                Type::List(t) => Type::List(Box::new(nested(*t))),
                Type::Optional(t) => Type::Optional(Box::new(nested(*t))),
                Type::Dict(k, v) if *k == Type::Str => Type::Dict(k, Box::new(nested(*v))),
                Type::Union(ts) => Type::Union(ts.into_iter().map(nested).collect()),
                // A tuple is a pydantic model and a dict with other keys is
                // packed whole: their literals are values of a schema.
                other => other,
            }
        }
        match self {
            Type::Literal(values) => Type::Literal(values),
            other => nested(other),
        }
    }

    /// The members of a union as the wire lists them: `T?` is `[T, none]`.
    /// `None` for a type that is not a union.
    pub fn union_variants(&self) -> Option<Vec<&Type>> {
        match self {
            Type::Optional(inner) => Some(vec![inner, &NONE_TYPE]),
            Type::Union(members) => Some(members.iter().collect()),
            _ => None,
        }
    }

    /// Whether this type or one it is built from (not through records)
    /// satisfies `pred`.
    pub fn mentions(&self, pred: &dyn Fn(&Type) -> bool) -> bool {
        pred(self)
            || match self {
                Type::List(t) | Type::Optional(t) => t.mentions(pred),
                Type::Dict(k, v) => k.mentions(pred) || v.mentions(pred),
                Type::Union(ts) | Type::Tuple(ts) => ts.iter().any(|t| t.mentions(pred)),
                Type::Dataframe { columns, .. } => columns.iter().any(|(_, t)| t.mentions(pred)),
                _ => false,
            }
    }

    /// Whether this type names a Python class the SDK reads from an
    /// annotation (`untyped`, `pickle["pkg.Class"]`, `dataframe[pandas]`):
    /// only a function template's interface may hold one (E0226).
    pub fn names_python_class(&self) -> bool {
        self.mentions(&|t| {
            matches!(
                t,
                Type::Pickled(Pickled::Class(_) | Pickled::Untyped)
                    | Type::Dataframe {
                        class: FrameClass::Pandas | FrameClass::Pyarrow,
                        ..
                    }
            )
        })
    }

    /// Whether `none` is a valid value of this type.
    pub fn accepts_none(&self) -> bool {
        match self {
            Type::Optional(_) | Type::None => true,
            Type::Union(members) => members.contains(&Type::None),
            _ => false,
        }
    }
}

/// The workspace's named types (`type X = enum/record …`).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct TypeTable {
    types: HashMap<String, Type>,
    /// Declaration order (file order, then position), first declaration only.
    order: Vec<String>,
}

impl TypeTable {
    /// Build from every `type` declaration of the workspace.
    ///
    /// Duplicate names keep the first declaration and are not reported here
    /// (the namespace check reports them). Reported here: a name that is a
    /// built-in type, unknown type names inside records, recursive records,
    /// empty enums, duplicate enum members and record fields, bad record
    /// field defaults.
    pub fn build(files: &[(FileId, &ast::File)]) -> (TypeTable, Vec<Diagnostic>) {
        let mut builder = Builder::default();
        for (file, ast) in files {
            for item in &ast.items {
                if let ast::Item::Type(decl) = item {
                    builder.declare(*file, decl);
                }
            }
        }
        builder.build_enums();
        for index in 0..builder.decls.len() {
            builder.build_record(index);
        }
        let Builder {
            decls,
            built,
            diagnostics,
            ..
        } = builder;
        let mut types = HashMap::new();
        let mut order = Vec::new();
        for (decl, ty) in decls.iter().zip(built) {
            if let Some(ty) = ty {
                order.push(decl.decl.name.name.clone());
                types.insert(decl.decl.name.name.clone(), ty);
            }
        }
        (TypeTable { types, order }, diagnostics)
    }

    /// Resolve a type expression written in `file` (an input, an output, a
    /// dataframe column).
    pub fn resolve(&self, file: FileId, expr: &ast::TypeExpr) -> Result<Type, Vec<Diagnostic>> {
        let mut lookup = TableLookup { table: self };
        let mut diagnostics = Vec::new();
        let ty = resolve_type(&mut lookup, file, expr, Position::Top, &mut diagnostics);
        match ty {
            Some(ty) if diagnostics.is_empty() => Ok(ty),
            _ => Err(diagnostics),
        }
    }

    /// A declared enum or record by name.
    pub fn get(&self, name: &str) -> Option<Type> {
        self.types.get(name).cloned()
    }

    /// Declared type names, in declaration order.
    pub fn names(&self) -> impl Iterator<Item = &str> {
        self.order.iter().map(String::as_str)
    }
}
