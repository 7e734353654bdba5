//! Building the [`TypeTable`] from the workspace's `type` declarations:
//! enums first, then records depth-first with a "being built" mark.

use std::collections::HashMap;
use std::sync::Arc;

use super::super::{suggest, values};
use super::expressions::{Lookup, Named, Position, at, resolve_type};
use super::{BUILTIN_TYPES, EnumDef, Pickled, RecordDef, RecordField, RecordFlavor, Type};
use crate::diagnostics::Code;
use crate::diagnostics::Diagnostic;
use crate::source::{FileId, FileSpan, Span};
use crate::syntax::ast;

/// How deeply records may contain records. Flyte writes nested records out
/// in full inside one JSON schema; the limit also bounds the recursion that
/// builds them.
pub const MAX_RECORD_DEPTH: usize = 64;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum State {
    Todo,
    Building,
    Done,
}

pub(super) struct Decl<'a> {
    file: FileId,
    pub(super) decl: &'a ast::TypeDecl,
}

#[derive(Default)]
pub(super) struct Builder<'a> {
    pub(super) decls: Vec<Decl<'a>>,
    index: HashMap<&'a str, usize>,
    /// Parallel to `decls`: the finished type (None while unbuilt).
    pub(super) built: Vec<Option<Type>>,
    state: Vec<State>,
    /// Records being built, outermost first, with the field being resolved.
    stack: Vec<(usize, String)>,
    /// Whether the nesting limit was reported already.
    depth_reported: bool,
    pub(super) diagnostics: Vec<Diagnostic>,
}

impl<'a> Builder<'a> {
    pub(super) fn declare(&mut self, file: FileId, decl: &'a ast::TypeDecl) {
        let name = decl.name.name.as_str();
        if BUILTIN_TYPES.contains(&name) {
            self.diagnostics.push(
                Diagnostic::error(
                    Code::E0208,
                    at(file, decl.name.span),
                    format!("`{name}` is a built-in type and cannot be redeclared"),
                )
                .with_help("choose another name; type names are usually written in PascalCase"),
            );
            return;
        }
        if self.index.contains_key(name) {
            return;
        }
        self.index.insert(name, self.decls.len());
        self.decls.push(Decl { file, decl });
        self.built.push(None);
        self.state.push(State::Todo);
    }

    pub(super) fn build_enums(&mut self) {
        for index in 0..self.decls.len() {
            let Decl { file, decl } = &self.decls[index];
            let file = *file;
            let ast::TypeDef::Enum { members, span, .. } = &decl.def else {
                continue;
            };
            let mut names: Vec<String> = Vec::new();
            let mut values: Vec<String> = Vec::new();
            let mut spans: Vec<FileSpan> = Vec::new();
            for member in members {
                if let Some(pos) = names.iter().position(|n| *n == member.name.name) {
                    self.diagnostics.push(
                        Diagnostic::error(
                            Code::E0206,
                            at(file, member.name.span),
                            format!(
                                "enum `{}` lists member `{}` twice",
                                decl.name.name, member.name.name
                            ),
                        )
                        .with_primary_label("listed again here")
                        .with_label(spans[pos], "first listed here")
                        .with_help("remove the repeated member"),
                    );
                    continue;
                }
                let value = match member.value.as_ref().map(|v| &v.kind) {
                    Some(ast::ValueKind::Str(s)) => s.value.clone(),
                    _ => member.name.name.clone(),
                };
                // Python makes a member with an earlier member's value an
                // alias of it: the enum would have fewer members than written.
                if let Some(pos) = values.iter().position(|v| *v == value) {
                    let written = member.value.as_ref().map_or(member.name.span, |v| v.span);
                    self.diagnostics.push(
                        Diagnostic::error(
                            Code::E0206,
                            at(file, written),
                            format!(
                                "members `{}` and `{}` of enum `{}` have the same value {value:?}",
                                names[pos], member.name.name, decl.name.name
                            ),
                        )
                        .with_primary_label("same value here")
                        .with_label(spans[pos], "first member with it")
                        .with_help(
                            "give each member its own value (Python makes the second an alias of the first)",
                        ),
                    );
                    continue;
                }
                names.push(member.name.name.clone());
                values.push(value);
                spans.push(at(file, member.name.span));
            }
            if members.is_empty() {
                self.diagnostics.push(
                    Diagnostic::error(
                        Code::E0209,
                        at(file, *span),
                        format!("enum `{}` has no members", decl.name.name),
                    )
                    .with_help("list at least one member: `enum { A, B }`"),
                );
            }
            let def = EnumDef {
                name: decl.name.name.clone(),
                members: names,
                values,
                members_at: spans,
                doc: decl.doc.as_ref().map(|d| d.text.clone()),
                at: at(file, decl.name.span),
            };
            self.built[index] = Some(Type::Enum(Arc::new(def)));
            self.state[index] = State::Done;
        }
    }

    pub(super) fn build_record(&mut self, index: usize) {
        if self.state.get(index) != Some(&State::Todo) {
            return;
        }
        let Decl { file, decl } = &self.decls[index];
        let (file, decl) = (*file, *decl);
        let ast::TypeDef::Record { fields, flavor, .. } = &decl.def else {
            return;
        };
        let flavor = match flavor {
            None => RecordFlavor::Dataclass,
            Some(word) => RecordFlavor::from_word(&word.name).unwrap_or_else(|| {
                self.diagnostics.push(
                    Diagnostic::error(
                        Code::E0220,
                        at(file, word.span),
                        format!("unknown record flavor `{}`", word.name),
                    )
                    .with_primary_label("not a record flavor")
                    .with_help(
                        suggest::help_did_you_mean(&word.name, ["pydantic", "namedtuple"])
                            .unwrap_or_else(|| {
                                "write `record { … }` for a Python dataclass, \
                                 `record pydantic { … }` for a pydantic model or \
                                 `record namedtuple { … }` for a `typing.NamedTuple`"
                                    .to_string()
                            }),
                    ),
                );
                RecordFlavor::Dataclass
            }),
        };
        self.state[index] = State::Building;
        self.stack.push((index, String::new()));

        let mut out: Vec<RecordField> = Vec::new();
        let mut seen: HashMap<&str, Span> = HashMap::new();
        for field in fields {
            if let Some(first) = seen.get(field.name.name.as_str()) {
                self.diagnostics.push(
                    Diagnostic::error(
                        Code::E0207,
                        at(file, field.name.span),
                        format!(
                            "record `{}` declares field `{}` twice",
                            decl.name.name, field.name.name
                        ),
                    )
                    .with_primary_label("declared again here")
                    .with_label(at(file, *first), "first declared here")
                    .with_help("remove or rename one of them"),
                );
                continue;
            }
            seen.insert(&field.name.name, field.name.span);
            if let Some(top) = self.stack.last_mut() {
                top.1 = field.name.name.clone();
            }
            let mut diags = Vec::new();
            let ty = resolve_type(self, file, &field.ty, Position::Top, &mut diags);
            // mashumaro has no schema for `FlytePickle` either.
            let flyte_pickle = |t: &Type| matches!(t, Type::Pickled(Pickled::FlytePickle));
            let out_of_place = |t: &&Type| t.names_python_class() || t.mentions(&flyte_pickle);
            // mashumaro would describe a named tuple its own way (untested
            // against the SDK): a dataclass holds none.
            let named_tuple =
                |t: &Type| matches!(t, Type::Record(d) if d.flavor == RecordFlavor::NamedTuple);
            if flavor == RecordFlavor::Dataclass {
                if let Some(ty) = ty.as_ref().filter(|t| t.mentions(&named_tuple)) {
                    diags.push(
                        Diagnostic::error(
                            Code::E0226,
                            at(file, field.ty.span),
                            format!(
                                "a `record` (dataclass) field cannot be of type `{}`",
                                ty.display()
                            ),
                        )
                        .with_primary_label("holds a `record namedtuple`")
                        .with_help(
                            "make the holder a `record pydantic`, or the held type a `record`",
                        ),
                    );
                }
            }
            if let Some(ty) = ty.as_ref().filter(out_of_place) {
                diags.push(
                    Diagnostic::error(
                        Code::E0226,
                        at(file, field.ty.span),
                        format!("a record field cannot be of type `{}`", ty.display()),
                    )
                    .with_primary_label("the record's JSON schema cannot describe it")
                    .with_help("use `any` for a pickled value, or `dataframe` for a dataframe"),
                );
            }
            let failed = ty.is_none() || !diags.is_empty();
            self.diagnostics.append(&mut diags);
            // A field whose type failed keeps a placeholder so the record
            // still exists for the rest of the checks; its default is not
            // checked against a type that is not there.
            let ty = ty.unwrap_or(Type::Pickled(Pickled::Any));
            let default = match (&field.default, failed) {
                (Some(value), false) => match values::check_field_default(file, value, &ty) {
                    Ok(v) => {
                        if flavor == RecordFlavor::Dataclass {
                            let place = format!("field `{}.{}`", decl.name.name, field.name.name);
                            let problem =
                                values::dataclass_field_default(file, value.span, &place, &ty, &v);
                            self.diagnostics.extend(problem);
                        } else {
                            let problems =
                                values::pydantic_field_default(file, value.span, &ty, &v);
                            self.diagnostics.extend(problems);
                        }
                        Some(v)
                    }
                    Err(mut errs) => {
                        self.diagnostics.append(&mut errs);
                        None
                    }
                },
                _ => None,
            };
            out.push(RecordField {
                name: field.name.name.clone(),
                ty,
                default,
                doc: field.doc.as_ref().map(|d| d.text.clone()),
                at: at(file, field.name.span),
            });
        }

        self.stack.pop();
        if flavor == RecordFlavor::NamedTuple {
            // `class X(NamedTuple)` raises "Non-default namedtuple field
            // cannot follow default field".
            let first_default = out.iter().position(|f| f.default.is_some());
            let late = first_default.and_then(|i| out[i..].iter().find(|f| f.default.is_none()));
            if let (Some(i), Some(late)) = (first_default, late) {
                self.diagnostics.push(
                    Diagnostic::error(
                        Code::E0227,
                        late.at,
                        format!(
                            "field `{}` has no default but follows `{}`, which has one",
                            late.name, out[i].name
                        ),
                    )
                    .with_label(out[i].at, "the first field with a default")
                    .with_help(
                        "a `typing.NamedTuple` lists the fields without a default first: move \
                         it up, or give it a default",
                    ),
                );
            }
        }
        let def = RecordDef {
            name: decl.name.name.clone(),
            flavor,
            fields: out,
            doc: decl.doc.as_ref().map(|d| d.text.clone()),
            at: at(file, decl.name.span),
        };
        self.built[index] = Some(Type::Record(Arc::new(def)));
        self.state[index] = State::Done;
    }

    fn report_cycle(&mut self, target: usize, reference: FileSpan) {
        let start = self
            .stack
            .iter()
            .position(|(i, _)| *i == target)
            .unwrap_or(0);
        let mut path: Vec<String> = self.stack[start..]
            .iter()
            .map(|(i, field)| format!("{}.{field}", self.decls[*i].decl.name.name))
            .collect();
        let target_decl = &self.decls[target];
        let name = target_decl.decl.name.name.clone();
        path.push(name.clone());
        let mut diagnostic = Diagnostic::error(
            Code::E0205,
            reference,
            format!("record `{name}` contains itself: {}", path.join(" → ")),
        )
        .with_primary_label("this reference closes the cycle")
        .with_help(
            "a record cannot contain itself, even through lists, dicts or other records; \
             store an identifier (e.g. a `str` key) instead",
        );
        if at(target_decl.file, target_decl.decl.name.span) != reference {
            diagnostic = diagnostic.with_label(
                at(target_decl.file, target_decl.decl.name.span),
                format!("`{name}` declared here"),
            );
        }
        self.diagnostics.push(diagnostic);
    }
}

impl Lookup for Builder<'_> {
    fn lookup(&mut self, name: &ast::Ident, file: FileId, _: &mut Vec<Diagnostic>) -> Named {
        let Some(&index) = self.index.get(name.name.as_str()) else {
            return Named::Unknown;
        };
        match self.state[index] {
            State::Done => self.built[index]
                .clone()
                .map_or(Named::Failed, Named::Found),
            State::Building => {
                self.report_cycle(index, at(file, name.span));
                Named::Failed
            }
            State::Todo if self.stack.len() > MAX_RECORD_DEPTH => {
                let path: Vec<&str> = self
                    .stack
                    .iter()
                    .take(3)
                    .map(|(i, _)| self.decls[*i].decl.name.name.as_str())
                    .collect();
                // One report is enough: the rest of a long chain is built
                // from the top again and would hit the limit again.
                if !self.depth_reported {
                    self.depth_reported = true;
                    self.diagnostics.push(
                        Diagnostic::error(
                            Code::E0219,
                            at(file, name.span),
                            format!(
                                "records are nested more than {MAX_RECORD_DEPTH} levels deep here"
                            ),
                        )
                        .with_primary_label("one level too many")
                        .with_help(format!(
                            "the chain starts {} → …; flatten the structure",
                            path.join(" → ")
                        )),
                    );
                }
                Named::Failed
            }
            State::Todo => {
                self.build_record(index);
                self.built[index]
                    .clone()
                    .map_or(Named::Failed, Named::Found)
            }
        }
    }

    fn declared_names(&self) -> Vec<&str> {
        self.decls
            .iter()
            .map(|d| d.decl.name.name.as_str())
            .collect()
    }
}
