//! The checker behind [`super::check_value`]: one value against one type,
//! every problem reported on the exact sub-value.

use super::super::suggest;
use super::super::types::{RecordDef, Type};
use super::time::{TimeError, normalize_date, normalize_rfc3339};
use super::{TypedValue, is_trigger_time};
use crate::diagnostics::Code;
use crate::diagnostics::Diagnostic;
use crate::source::{FileId, FileSpan, Span};
use crate::syntax::ast::{self, ValueKind};

/// Check `value` against `ty`: the value, or every problem found.
pub(super) fn run(
    file: FileId,
    value: &ast::Value,
    ty: &Type,
) -> Result<TypedValue, Vec<Diagnostic>> {
    let mut checker = Checker {
        file,
        diags: Vec::new(),
        in_record: false,
    };
    let out = checker.check(value, ty);
    match out {
        Some(v) if checker.diags.is_empty() => Ok(v),
        _ => Err(checker.diags),
    }
}

struct Checker {
    file: FileId,
    diags: Vec<Diagnostic>,
    /// Inside a record value: its fields are converted with the record
    /// (mashumaro, pydantic), not member by member by the SDK's union
    /// transformer.
    in_record: bool,
}

/// How a value is named in "found …".
fn found(value: &ast::Value) -> String {
    match &value.kind {
        ValueKind::Ident(word) => format!("the name `{word}`"),
        ValueKind::Map(_) => "a block `{ … }`".into(),
        other => other.describe().into(),
    }
}

impl Checker {
    fn at(&self, span: Span) -> FileSpan {
        FileSpan::new(self.file, span)
    }

    fn mismatch(
        &mut self,
        value: &ast::Value,
        ty: &Type,
        help: impl Into<String>,
    ) -> Option<TypedValue> {
        self.diags.push(
            Diagnostic::error(
                Code::E0210,
                self.at(value.span),
                format!("expected `{}`, found {}", ty.display(), found(value)),
            )
            .with_primary_label(format!("this is {}", found(value)))
            .with_help(help),
        );
        None
    }

    fn check(&mut self, value: &ast::Value, ty: &Type) -> Option<TypedValue> {
        if is_trigger_time(value) {
            self.diags.push(
                Diagnostic::error(
                    Code::E0217,
                    self.at(value.span),
                    "`trigger_time` can only be bound to a whole trigger input",
                )
                .with_help(
                    "write `inputs { <datetime input> = trigger_time }` in a scheduled trigger; \
                     it cannot be a default or part of a larger value",
                ),
            );
            return None;
        }
        // Members named like a keyword (`none`, `true`) are still members.
        if let Type::Enum(def) = ty {
            let word = match value.kind {
                ValueKind::None => Some("none"),
                ValueKind::Bool(true) => Some("true"),
                ValueKind::Bool(false) => Some("false"),
                _ => None,
            };
            if let Some(word) = word.filter(|w| def.has_member(w)) {
                return Some(TypedValue::Enum {
                    member: word.to_string(),
                });
            }
        }
        if matches!(value.kind, ValueKind::None) && !ty.accepts_none() {
            let help = match ty {
                Type::Pickled(_) | Type::Bytes => no_default_help(ty),
                _ => format!(
                    "only optional types accept `none`; declare the type as `{}?`",
                    ty.display()
                ),
            };
            return self.mismatch(value, ty, help);
        }
        match ty {
            Type::Int => self.check_int(value, ty),
            Type::Float => match value.kind {
                ValueKind::Int(i) => Some(TypedValue::Float(i as f64)),
                ValueKind::Float(f) => Some(TypedValue::Float(f)),
                _ => {
                    let help = quote_help(value, "a number such as `2.5`");
                    self.mismatch(value, ty, help)
                }
            },
            Type::Str => match &value.kind {
                ValueKind::Str(s) => Some(TypedValue::Str(s.value.clone())),
                ValueKind::Ident(word) => self.mismatch(
                    value,
                    ty,
                    format!("quote it to make it a string: \"{word}\""),
                ),
                ValueKind::Int(_) | ValueKind::Float(_) | ValueKind::Bool(_) => {
                    self.mismatch(value, ty, "quote it to make it a string")
                }
                _ => self.mismatch(value, ty, "write a string in double quotes"),
            },
            Type::Bool => match &value.kind {
                ValueKind::Bool(b) => Some(TypedValue::Bool(*b)),
                ValueKind::Str(s) if matches!(s.value.as_str(), "true" | "false") => {
                    self.mismatch(value, ty, format!("remove the quotes: `{}`", s.value))
                }
                _ => self.mismatch(value, ty, "write `true` or `false`"),
            },
            Type::Datetime => self.check_time(value, ty, normalize_rfc3339, TypedValue::Datetime),
            Type::Date => self.check_time(value, ty, normalize_date, TypedValue::Date),
            Type::Duration => match &value.kind {
                ValueKind::Duration(d) => Some(TypedValue::Duration(*d)),
                ValueKind::Int(n) => self.mismatch(
                    value,
                    ty,
                    format!("add a unit: `{n}s`, `{n}m`, `{n}h` or `{n}d`"),
                ),
                ValueKind::Str(s) => self.mismatch(
                    value,
                    ty,
                    format!(
                        "write the duration without quotes, e.g. `{}`",
                        if s.value.is_empty() { "90s" } else { &s.value }
                    ),
                ),
                _ => self.mismatch(value, ty, "write a duration such as `90s`, `5m` or `1h30m`"),
            },
            Type::Dataframe { class, .. } if class.tag().is_some() => {
                // The SDK's encoder wants the frame object itself.
                self.diags.push(
                    Diagnostic::error(
                        Code::E0216,
                        self.at(value.span),
                        format!(
                            "a `{}` value cannot be written in a `.task` file",
                            ty.display()
                        ),
                    )
                    .with_help(format!(
                        "the SDK needs a `{}` object; leave the input without a default, or \
                         make it optional with `= none`",
                        class.annotation()
                    )),
                );
                None
            }
            Type::File | Type::Dir | Type::Dataframe { .. } => match &value.kind {
                ValueKind::Str(s) if !s.value.trim().is_empty() => {
                    Some(TypedValue::Str(s.value.clone()))
                }
                ValueKind::Str(_) => {
                    self.diags.push(
                        Diagnostic::error(
                            Code::E0210,
                            self.at(value.span),
                            format!(
                                "a `{}` default needs a URI, found an empty string",
                                ty.display()
                            ),
                        )
                        .with_help("write where the data lives, e.g. \"s3://bucket/path\""),
                    );
                    None
                }
                _ => self.mismatch(
                    value,
                    ty,
                    "write the URI as a string, e.g. \"s3://bucket/path\"",
                ),
            },
            Type::Pickled(_) | Type::Bytes => {
                self.diags.push(
                    Diagnostic::error(
                        Code::E0216,
                        self.at(value.span),
                        format!(
                            "a value of type `{}` cannot be written in a `.task` file",
                            ty.display()
                        ),
                    )
                    .with_help(no_default_help(ty)),
                );
                None
            }
            Type::Struct => match &value.kind {
                ValueKind::Map(body) => self.check_struct(body).map(TypedValue::Map),
                _ => self.mismatch(value, ty, "write a block: `{ key = value, … }`"),
            },
            Type::None => match value.kind {
                ValueKind::None => Some(TypedValue::None),
                _ => self.mismatch(value, ty, "write `none`"),
            },
            Type::List(item) => match &value.kind {
                ValueKind::List(items) => {
                    let checked: Vec<Option<TypedValue>> =
                        items.iter().map(|v| self.check(v, item)).collect();
                    checked
                        .into_iter()
                        .collect::<Option<Vec<_>>>()
                        .map(TypedValue::List)
                }
                _ => self.mismatch(value, ty, "write a list: `[a, b, …]`"),
            },
            Type::Tuple(items) => self.check_tuple(value, ty, items),
            Type::Dict(key, item) => match &value.kind {
                ValueKind::Map(body) => self.check_dict(body, key, item).map(TypedValue::Map),
                _ => self.mismatch(value, ty, "write a block: `{ key = value, … }`"),
            },
            Type::Optional(inner) => match value.kind {
                ValueKind::None => Some(TypedValue::Union {
                    variant: 1,
                    value: Box::new(TypedValue::None),
                }),
                _ => self.check(value, inner).map(|v| TypedValue::Union {
                    variant: 0,
                    value: Box::new(v),
                }),
            },
            Type::Union(members) => self.check_union(value, ty, members),
            Type::Enum(def) => match &value.kind {
                ValueKind::Ident(word) if def.has_member(word) => Some(TypedValue::Enum {
                    member: word.clone(),
                }),
                ValueKind::Ident(word) | ValueKind::Str(ast::StrLit { value: word, .. }) => {
                    let quoted = matches!(value.kind, ValueKind::Str(_));
                    if quoted && def.has_member(word) {
                        return self.mismatch(
                            value,
                            ty,
                            format!("enum members are written without quotes: `{word}`"),
                        );
                    }
                    let help =
                        suggest::help_did_you_mean(word, def.members.iter().map(String::as_str))
                            .unwrap_or_else(|| {
                                format!("members of `{}`: {}", def.name, def.members.join(", "))
                            });
                    self.diags.push(
                        Diagnostic::error(
                            Code::E0211,
                            self.at(value.span),
                            format!("`{word}` is not a member of enum `{}`", def.name),
                        )
                        .with_label(def.at, format!("`{}` declared here", def.name))
                        .with_help(help),
                    );
                    None
                }
                _ => self.mismatch(
                    value,
                    ty,
                    format!(
                        "write one of the members of `{}`: {}",
                        def.name,
                        def.members.join(", ")
                    ),
                ),
            },
            Type::Literal(values) => match &value.kind {
                ValueKind::Str(s) if values.contains(&s.value) => {
                    Some(TypedValue::Str(s.value.clone()))
                }
                _ => {
                    let listed: Vec<String> = values.iter().map(|v| format!("{v:?}")).collect();
                    self.mismatch(
                        value,
                        ty,
                        format!("write one of the values: {}", listed.join(", ")),
                    )
                }
            },
            Type::Record(def) => match &value.kind {
                ValueKind::Map(body) => self.check_record(value, body, def),
                _ => self.mismatch(
                    value,
                    ty,
                    format!(
                        "write a block with the fields of `{}`: `{{ field = value, … }}`",
                        def.name
                    ),
                ),
            },
        }
    }

    fn check_int(&mut self, value: &ast::Value, ty: &Type) -> Option<TypedValue> {
        match &value.kind {
            ValueKind::Int(i) => Some(TypedValue::Int(*i)),
            ValueKind::Float(f) => {
                let help = if f.fract() == 0.0 && f.abs() < 9.0e15 {
                    format!(
                        "write `{}` for an integer, or declare the type `float`",
                        *f as i64
                    )
                } else {
                    "declare the type as `float` to accept fractions".into()
                };
                self.mismatch(value, ty, help)
            }
            ValueKind::Bool(_) => self.mismatch(
                value,
                ty,
                "`int` does not take booleans; write a number or declare `bool`",
            ),
            ValueKind::Str(s) if s.value.trim().parse::<i64>().is_ok() => self.mismatch(
                value,
                ty,
                format!("remove the quotes: `{}`", s.value.trim()),
            ),
            _ => self.mismatch(value, ty, "write an integer such as `42`"),
        }
    }

    fn check_time(
        &mut self,
        value: &ast::Value,
        ty: &Type,
        normalize: fn(&str) -> Result<String, TimeError>,
        make: fn(String) -> TypedValue,
    ) -> Option<TypedValue> {
        let ValueKind::Str(s) = &value.kind else {
            let example = if *ty == Type::Date {
                "\"2024-01-02\""
            } else {
                "\"2024-01-02T03:04:05Z\""
            };
            return self.mismatch(value, ty, format!("write it as a string such as {example}"));
        };
        match normalize(&s.value) {
            Ok(text) => Some(make(text)),
            Err(err) => {
                self.diags.push(
                    Diagnostic::error(Code::E0214, self.at(value.span), err.message)
                        .with_help(err.help),
                );
                None
            }
        }
    }

    fn check_tuple(&mut self, value: &ast::Value, ty: &Type, items: &[Type]) -> Option<TypedValue> {
        let ValueKind::List(values) = &value.kind else {
            return self.mismatch(
                value,
                ty,
                format!("write the {} elements as a list: `[a, b]`", items.len()),
            );
        };
        if values.len() != items.len() {
            self.diags.push(
                Diagnostic::error(
                    Code::E0210,
                    self.at(value.span),
                    format!(
                        "expected `{}` with {} element{}, found {}",
                        ty.display(),
                        items.len(),
                        if items.len() == 1 { "" } else { "s" },
                        values.len()
                    ),
                )
                .with_help("write one value per element type, in order"),
            );
            return None;
        }
        let checked: Vec<Option<TypedValue>> = values
            .iter()
            .zip(items)
            .map(|(v, t)| self.check(v, t))
            .collect();
        checked
            .into_iter()
            .collect::<Option<Vec<_>>>()
            .map(TypedValue::List)
    }

    /// The `key = value` entries of a block, reporting anything else and
    /// repeated keys.
    fn entries<'v>(&mut self, body: &'v ast::Body) -> Vec<&'v ast::Attribute> {
        let mut out: Vec<&ast::Attribute> = Vec::new();
        for entry in &body.entries {
            let ast::Entry::Attr(attr) = entry else {
                self.diags.push(
                    Diagnostic::error(
                        Code::E0218,
                        self.at(entry.span()),
                        "expected `key = value` in a value block",
                    )
                    .with_help("a value block holds only `key = value` entries"),
                );
                continue;
            };
            if attr.op == ast::AssignOp::Append {
                self.diags.push(
                    Diagnostic::error(
                        Code::E0218,
                        self.at(attr.op_span),
                        "`+=` is not allowed inside a value",
                    )
                    .with_help(format!("write `{} = …`", attr.key.name)),
                );
                continue;
            }
            if let Some(first) = out.iter().find(|a| a.key.name == attr.key.name) {
                self.diags.push(
                    Diagnostic::error(
                        Code::E0215,
                        self.at(attr.key.span),
                        format!("key `{}` is written twice", attr.key.name),
                    )
                    .with_primary_label("written again here")
                    .with_label(self.at(first.key.span), "first written here")
                    .with_help("remove one of them"),
                );
                continue;
            }
            out.push(attr);
        }
        out
    }

    fn check_struct(&mut self, body: &ast::Body) -> Option<Vec<(String, TypedValue)>> {
        let mut ok = true;
        let mut out = Vec::new();
        for attr in self.entries(body) {
            match self.untyped(&attr.value) {
                Some(v) => out.push((attr.key.name.clone(), v)),
                None => ok = false,
            }
        }
        ok.then_some(out)
    }

    /// A JSON-like value inside a `struct`.
    fn untyped(&mut self, value: &ast::Value) -> Option<TypedValue> {
        match &value.kind {
            ValueKind::Str(s) => Some(TypedValue::Str(s.value.clone())),
            ValueKind::Int(i) => Some(TypedValue::Int(*i)),
            ValueKind::Float(f) => Some(TypedValue::Float(*f)),
            ValueKind::Bool(b) => Some(TypedValue::Bool(*b)),
            ValueKind::None => Some(TypedValue::None),
            ValueKind::List(items) => {
                let checked: Vec<Option<TypedValue>> =
                    items.iter().map(|v| self.untyped(v)).collect();
                checked
                    .into_iter()
                    .collect::<Option<Vec<_>>>()
                    .map(TypedValue::List)
            }
            ValueKind::Map(body) => self.check_struct(body).map(TypedValue::Map),
            ValueKind::Duration(_) | ValueKind::Ident(_) => {
                let help = match &value.kind {
                    ValueKind::Ident(word) => format!("quote it to make it a string: \"{word}\""),
                    _ => "write the duration as a number of seconds or as a string".into(),
                };
                self.diags.push(
                    Diagnostic::error(
                        Code::E0210,
                        self.at(value.span),
                        format!("a `struct` holds JSON-like values, found {}", found(value)),
                    )
                    .with_help(help),
                );
                None
            }
        }
    }

    fn check_dict(
        &mut self,
        body: &ast::Body,
        key_ty: &Type,
        item: &Type,
    ) -> Option<Vec<(String, TypedValue)>> {
        let mut ok = true;
        let mut out = Vec::new();
        for attr in self.entries(body) {
            let key = self.dict_key(&attr.key, key_ty);
            let value = self.check(&attr.value, item);
            match (key, value) {
                (Some(k), Some(v)) => out.push((k, v)),
                _ => ok = false,
            }
        }
        ok.then_some(out)
    }

    /// A map key read as a value of the dict's key type, normalised.
    fn dict_key(&mut self, key: &ast::Key, key_ty: &Type) -> Option<String> {
        let text = key.name.as_str();
        let bad = |expected: &str| -> (String, String) {
            (
                format!(
                    "expected a key of type `{}`, found `{text}`",
                    key_ty.display()
                ),
                expected.to_string(),
            )
        };
        let problem = match key_ty {
            Type::Str => return Some(text.to_string()),
            Type::Int => match text.trim().parse::<i64>() {
                Ok(n) => return Some(n.to_string()),
                Err(_) => bad("write an integer key in quotes, e.g. `\"1\" = …`"),
            },
            Type::Bool => match text {
                "true" | "false" => return Some(text.to_string()),
                _ => bad("write `true` or `false` as the key"),
            },
            Type::Enum(def) if def.has_member(text) => return Some(text.to_string()),
            Type::Literal(values) if values.iter().any(|v| v == text) => {
                return Some(text.to_string());
            }
            Type::Enum(def) => (
                format!("`{text}` is not a member of enum `{}`", def.name),
                suggest::help_did_you_mean(text, def.members.iter().map(String::as_str))
                    .unwrap_or_else(|| {
                        format!("members of `{}`: {}", def.name, def.members.join(", "))
                    }),
            ),
            other => (
                format!(
                    "a default for `dict[{}, …]` cannot be written",
                    other.display()
                ),
                "dict defaults can have `str`, `int`, `bool` or enum keys".to_string(),
            ),
        };
        let code = if matches!(key_ty, Type::Enum(_)) {
            Code::E0211
        } else {
            Code::E0210
        };
        self.diags
            .push(Diagnostic::error(code, self.at(key.span), problem.0).with_help(problem.1));
        None
    }

    fn check_union(
        &mut self,
        value: &ast::Value,
        ty: &Type,
        members: &[Type],
    ) -> Option<TypedValue> {
        let mut failures: Vec<(usize, Vec<Diagnostic>)> = Vec::new();
        // The SDK picks the member by the Python value's own type: a string
        // is a `str`, then a date, before it is a file; an integer an `int`
        // before a `float`; a dict a `struct`. Then the written order decides.
        let mut order: Vec<(usize, &Type)> = members.iter().enumerate().collect();
        order.sort_by_key(|(_, member)| preference(value, member));
        // The union transformer converts a value whose Python type is a
        // member with that member alone: a block (a Python `dict`) goes
        // through `struct` when there is one, and never reaches a `dict[…]`
        // member. (A record's fields are converted with the record.)
        let dict_is_struct = !self.in_record
            && matches!(value.kind, ValueKind::Map(_))
            && members.iter().any(|m| matches!(m, Type::Struct));
        for (index, member) in order {
            if !kind_fits(value, member) {
                continue;
            }
            if dict_is_struct && matches!(member, Type::Dict(..)) {
                let why = Diagnostic::error(
                    Code::E0210,
                    self.at(value.span),
                    "the SDK converts a block through the union's `struct` member, never its `dict`",
                );
                failures.push((index, vec![why]));
                continue;
            }
            let mut trial = Checker {
                file: self.file,
                diags: Vec::new(),
                in_record: self.in_record,
            };
            match trial.check(value, member) {
                Some(v) if trial.diags.is_empty() => {
                    if let Some(other) = self.also_fits(value, members, index) {
                        self.ambiguous(value, ty, member, other);
                        return None;
                    }
                    return Some(TypedValue::Union {
                        variant: index,
                        value: Box::new(v),
                    });
                }
                _ => failures.push((index, trial.diags)),
            }
        }
        match failures.len() {
            0 => self.mismatch(
                value,
                ty,
                format!(
                    "write a value of one of: {}",
                    members
                        .iter()
                        .map(|m| format!("`{}`", m.display()))
                        .collect::<Vec<_>>()
                        .join(", ")
                ),
            ),
            1 => {
                let (_, mut diags) = failures.remove(0);
                self.diags.append(&mut diags);
                None
            }
            _ => {
                let reasons = failures
                    .iter()
                    .map(|(index, diags)| {
                        let why = diags.first().map_or("rejected", |d| d.message.as_str());
                        format!(
                            "as `{}`: {why}",
                            members.get(*index).map_or(String::new(), Type::display)
                        )
                    })
                    .collect::<Vec<_>>()
                    .join("; ");
                self.diags.push(
                    Diagnostic::error(
                        Code::E0210,
                        self.at(value.span),
                        format!("no member of `{}` accepts this value", ty.display()),
                    )
                    .with_help(reasons),
                );
                None
            }
        }
    }

    /// Another member a list or dict value converts to as well: the SDK's
    /// union transformer tries every member for a value whose Python type
    /// is not a member (a `list` is no `list[int]`) and refuses when two
    /// fit, a pickled `bytes`/`any` member fitting anything.
    fn also_fits<'t>(
        &self,
        value: &ast::Value,
        members: &'t [Type],
        chosen: usize,
    ) -> Option<&'t Type> {
        if !matches!(members.get(chosen), Some(Type::List(_) | Type::Dict(..))) {
            return None;
        }
        members.iter().enumerate().find_map(|(i, member)| {
            if i == chosen {
                return None;
            }
            if matches!(member, Type::Bytes | Type::Pickled(_)) {
                return Some(member);
            }
            if !matches!(member, Type::List(_) | Type::Dict(..)) || !kind_fits(value, member) {
                return None;
            }
            let mut trial = Checker {
                file: self.file,
                diags: Vec::new(),
                in_record: self.in_record,
            };
            let fits = trial.check(value, member).is_some() && trial.diags.is_empty();
            fits.then_some(member)
        })
    }

    fn ambiguous(&mut self, value: &ast::Value, ty: &Type, chosen: &Type, other: &Type) {
        self.diags.push(
            Diagnostic::error(
                Code::E0216,
                self.at(value.span),
                format!(
                    "the SDK cannot tell which member of `{}` this value is: it fits `{}` and \
                     `{}` (\"Ambiguous choice of variant for union type\")",
                    ty.display(),
                    chosen.display(),
                    other.display()
                ),
            )
            .with_help("leave the default out, or write a value only one member accepts"),
        );
    }

    fn check_record(
        &mut self,
        value: &ast::Value,
        body: &ast::Body,
        def: &RecordDef,
    ) -> Option<TypedValue> {
        let mut ok = true;
        let mut given: Vec<(&str, TypedValue)> = Vec::new();
        // Fields written with a bad value are not also "missing".
        let mut written: Vec<&str> = Vec::new();
        for attr in self.entries(body) {
            let Some(field) = def.field(&attr.key.name) else {
                let help = suggest::help_did_you_mean(
                    &attr.key.name,
                    def.fields.iter().map(|f| f.name.as_str()),
                )
                .unwrap_or_else(|| {
                    format!(
                        "fields of `{}`: {}",
                        def.name,
                        def.fields
                            .iter()
                            .map(|f| f.name.as_str())
                            .collect::<Vec<_>>()
                            .join(", ")
                    )
                });
                self.diags.push(
                    Diagnostic::error(
                        Code::E0212,
                        self.at(attr.key.span),
                        format!("record `{}` has no field `{}`", def.name, attr.key.name),
                    )
                    .with_label(def.at, format!("`{}` declared here", def.name))
                    .with_help(help),
                );
                ok = false;
                continue;
            };
            written.push(field.name.as_str());
            let outer = std::mem::replace(&mut self.in_record, true);
            let checked = self.check(&attr.value, &field.ty);
            self.in_record = outer;
            match checked {
                Some(v) => given.push((field.name.as_str(), v)),
                None => ok = false,
            }
        }
        let mut fields = Vec::new();
        let mut missing = Vec::new();
        for field in &def.fields {
            if let Some(pos) = given.iter().position(|(name, _)| *name == field.name) {
                fields.push((field.name.clone(), given.swap_remove(pos).1));
            } else if let Some(default) = &field.default {
                fields.push((field.name.clone(), default.clone()));
            } else if !written.contains(&field.name.as_str()) {
                missing.push(field);
            }
        }
        if !missing.is_empty() {
            let names = missing
                .iter()
                .map(|f| format!("`{}`", f.name))
                .collect::<Vec<_>>()
                .join(", ");
            let plural = if missing.len() == 1 { "" } else { "s" };
            let example = missing
                .iter()
                .map(|f| format!("`{} = …`", f.name))
                .collect::<Vec<_>>()
                .join(", ");
            let mut diagnostic = Diagnostic::error(
                Code::E0213,
                self.at(value.span),
                format!("missing field{plural} {names} of record `{}`", def.name),
            )
            .with_help(format!(
                "add {example}; fields without a default must be set"
            ));
            for field in &missing {
                diagnostic =
                    diagnostic.with_label(field.at, format!("`{}` declared here", field.name));
            }
            self.diags.push(diagnostic);
            ok = false;
        }
        ok.then(|| TypedValue::Record {
            name: def.name.clone(),
            fields,
        })
    }
}

/// Whether a value has the right shape for a type before looking inside: used
/// to pick which union member's error to show.
/// The order in which union members are tried for `value`: the type of
/// the Python value the literal is first, then (for a string) a date or
/// time, then the rest.
fn preference(value: &ast::Value, ty: &Type) -> u8 {
    match (&value.kind, ty) {
        (ValueKind::Int(_), Type::Int)
        | (ValueKind::Str(_), Type::Str)
        | (ValueKind::Map(_), Type::Struct) => 0,
        (ValueKind::Str(_), Type::Date | Type::Datetime) => 1,
        _ => 2,
    }
}

fn kind_fits(value: &ast::Value, ty: &Type) -> bool {
    match (&value.kind, ty) {
        (ValueKind::None, t) => t.accepts_none(),
        (ValueKind::Int(_), Type::Int | Type::Float) => true,
        (ValueKind::Float(_), Type::Float) => true,
        (ValueKind::Bool(_), Type::Bool) => true,
        (
            ValueKind::Str(_),
            Type::Str
            | Type::Datetime
            | Type::Date
            | Type::File
            | Type::Dir
            | Type::Dataframe { .. },
        ) => true,
        (ValueKind::Duration(_), Type::Duration) => true,
        (ValueKind::Ident(_), Type::Enum(_)) => true,
        (ValueKind::Str(s), Type::Literal(values)) => values.contains(&s.value),
        (ValueKind::List(_), Type::List(_) | Type::Tuple(_)) => true,
        (ValueKind::Map(_), Type::Struct | Type::Dict(..) | Type::Record(_)) => true,
        (_, Type::Optional(inner)) => kind_fits(value, inner),
        (_, Type::Union(members)) => members.iter().any(|m| kind_fits(value, m)),
        _ => false,
    }
}

fn quote_help(value: &ast::Value, wanted: &str) -> String {
    match &value.kind {
        ValueKind::Str(s) if s.value.trim().parse::<f64>().is_ok() => {
            format!("remove the quotes: `{}`", s.value.trim())
        }
        _ => format!("write {wanted}"),
    }
}

fn no_default_help(ty: &Type) -> String {
    format!(
        "Flyte stores `{}` values pickled, so taskc cannot write one; leave the input without a \
         default, or give it a concrete type",
        ty.display()
    )
}
