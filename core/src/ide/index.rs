//! Every name written in the workspace, with what it refers to.
//!
//! One walk over the syntax trees records each declaration ([`Decl`]),
//! each use of a declared name ([`Occurrence`]) and each attribute key
//! ([`AttrKey`]). Definition, references, rename, hover and document
//! symbols are lookups in this index, so they agree with each other.
//!
//! Uses are found from the syntax (an `extends` names an env, a type
//! position names a type), so the index is complete even when the
//! workspace has errors and the model is partial. Names inside strings are
//! recorded where the language gives them meaning: `ignored_inputs` from
//! the syntax; SQL placeholders (`@name`, `%(name)s`) and container
//! arguments (`{{.inputs.name}}`, `<input_data_dir>/name`) from what the
//! semantic pass found (`SqlTask::placeholder_uses`,
//! `ContainerTask::input_uses`), so rename and references count exactly
//! the uses `taskc check` counts.

use std::collections::HashMap;

use super::catalog::BlockKind;
use crate::semantic::model::{Model, Spanned, TaskKind};
use crate::semantic::provenance::{DeclKind, DeclRef};
use crate::semantic::types::BUILTIN_TYPES;
use crate::source::{FileId, SourceDb, Span};
use crate::syntax::ast::{
    self, Body, Entry, Field, Item, TypeArg, TypeDef, TypeExpr, TypeExprKind, Value, ValueKind,
};

/// What a name refers to.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub(crate) enum Target {
    Env(String),
    Template(String),
    Override(String),
    Type(String),
    Input { template: String, name: String },
    Output { template: String, name: String },
    Field { record: String, name: String },
    Member { enum_name: String, name: String },
    Trigger { template: String, name: String },
    BuiltinType(String),
}

impl Target {
    /// The name as written.
    pub(crate) fn name(&self) -> &str {
        match self {
            Target::Env(n)
            | Target::Template(n)
            | Target::Override(n)
            | Target::Type(n)
            | Target::BuiltinType(n) => n,
            Target::Input { name, .. }
            | Target::Output { name, .. }
            | Target::Field { name, .. }
            | Target::Member { name, .. }
            | Target::Trigger { name, .. } => name,
        }
    }

    /// A word for the kind of thing, for messages (`env`, `input`).
    pub(crate) fn kind_word(&self) -> &'static str {
        match self {
            Target::Env(_) => "env",
            Target::Template(_) => "template",
            Target::Override(_) => "override",
            Target::Type(_) => "type",
            Target::Input { .. } => "input",
            Target::Output { .. } => "output",
            Target::Field { .. } => "record field",
            Target::Member { .. } => "enum member",
            Target::Trigger { .. } => "trigger",
            Target::BuiltinType(_) => "built-in type",
        }
    }
}

/// A written use (or the declaration) of a name.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Occurrence {
    pub file: FileId,
    pub span: Span,
    pub target: Target,
    pub is_decl: bool,
}

/// A declaration: where it is and what a reader sees of it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Decl {
    pub target: Target,
    pub file: FileId,
    /// The name.
    pub name_span: Span,
    /// The whole declaration.
    pub span: Span,
    pub doc: Option<String>,
    /// The declaration's first line as written, whitespace compacted:
    /// `env gpu-train extends base`, `epochs: int = 10`.
    pub signature: String,
}

/// An attribute key and the block it is written in.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct AttrKey {
    pub file: FileId,
    pub span: Span,
    pub name: String,
    /// The declaration the key belongs to.
    pub owner: Option<DeclRef>,
    /// Keys of the enclosing blocks, from the declaration down (empty for
    /// a top-level attribute).
    pub path: Vec<String>,
    /// The block holding the key.
    pub block: BlockKind,
    pub doc: Option<String>,
}

#[derive(Debug, Default)]
pub(crate) struct Index {
    pub occurrences: Vec<Occurrence>,
    pub decls: Vec<Decl>,
    pub attr_keys: Vec<AttrKey>,
}

impl Index {
    pub(crate) fn build(db: &SourceDb, files: &[(FileId, &ast::File)], model: &Model) -> Index {
        let mut types: HashMap<&str, &ast::TypeDecl> = HashMap::new();
        for (_, file) in files {
            for item in &file.items {
                if let Item::Type(t) = item {
                    types.entry(t.name.name.as_str()).or_insert(t);
                }
            }
        }
        let mut index = Index::default();
        for (id, file) in files {
            let text = db.get(*id).map(|f| &*f.text).unwrap_or("");
            let mut walker = Walker {
                file: *id,
                text,
                model,
                types: &types,
                index: &mut index,
            };
            for item in &file.items {
                walker.item(item);
            }
        }
        index
    }

    /// The name written at `offset` (the smallest span holding it; an
    /// offset just after a name still counts).
    pub(crate) fn occurrence_at(&self, file: FileId, offset: usize) -> Option<&Occurrence> {
        self.occurrences
            .iter()
            .filter(|o| o.file == file && o.span.contains(offset))
            .min_by_key(|o| o.span.len())
    }

    pub(crate) fn attr_key_at(&self, file: FileId, offset: usize) -> Option<&AttrKey> {
        self.attr_keys
            .iter()
            .filter(|k| k.file == file && k.span.contains(offset))
            .min_by_key(|k| k.span.len())
    }

    pub(crate) fn decl(&self, target: &Target) -> Option<&Decl> {
        self.decls.iter().find(|d| &d.target == target)
    }

    pub(crate) fn occurrences_of<'a>(
        &'a self,
        target: &'a Target,
    ) -> impl Iterator<Item = &'a Occurrence> + 'a {
        self.occurrences.iter().filter(move |o| &o.target == target)
    }
}

/// Collapse whitespace runs to one space and cut at `max` characters.
pub(crate) fn compact(text: &str, max: usize) -> String {
    let joined = text.split_whitespace().collect::<Vec<_>>().join(" ");
    if joined.chars().count() <= max {
        joined
    } else {
        let cut: String = joined.chars().take(max.saturating_sub(1)).collect();
        format!("{cut}…")
    }
}

/// A written value on one line, for hovers and hints: line comments
/// dropped, entries that were on separate lines joined with `, `, cut at
/// `max` characters.
pub(crate) fn one_line(text: &str, max: usize) -> String {
    let mut lines: Vec<&str> = Vec::new();
    for line in text.lines() {
        let code = strip_line_comment(line).trim();
        if !code.is_empty() {
            lines.push(code);
        }
    }
    let mut joined = String::new();
    for (i, line) in lines.iter().enumerate() {
        if i > 0 {
            let prev = lines[i - 1];
            let opens = prev.ends_with(['{', '[', ',']);
            let closes = line.starts_with(['}', ']']);
            joined.push_str(if opens || closes { " " } else { ", " });
        }
        joined.push_str(line);
    }
    compact(&joined, max)
}

/// `line` without a trailing `// comment` (a `//` inside a string stays).
fn strip_line_comment(line: &str) -> &str {
    let mut in_string = false;
    let mut escaped = false;
    for (i, c) in line.char_indices() {
        match c {
            _ if escaped => escaped = false,
            '\\' if in_string => escaped = true,
            '"' => in_string = !in_string,
            '/' if !in_string && line[i..].starts_with("//") => return &line[..i],
            _ => {}
        }
    }
    line
}

/// The text of `span` in `text`, or "" when it does not fit.
pub(crate) fn slice(text: &str, span: Span) -> &str {
    text.get(span.start..span.end).unwrap_or("")
}

struct Walker<'a, 'i> {
    file: FileId,
    text: &'a str,
    model: &'a Model,
    types: &'a HashMap<&'a str, &'a ast::TypeDecl>,
    index: &'i mut Index,
}

impl Walker<'_, '_> {
    fn occurrence(&mut self, span: Span, target: Target, is_decl: bool) {
        self.index.occurrences.push(Occurrence {
            file: self.file,
            span,
            target,
            is_decl,
        });
    }

    fn decl(
        &mut self,
        target: Target,
        name_span: Span,
        span: Span,
        doc: Option<&ast::Doc>,
        signature: String,
    ) {
        self.occurrence(name_span, target.clone(), true);
        self.index.decls.push(Decl {
            target,
            file: self.file,
            name_span,
            span,
            doc: doc.map(|d| d.text.clone()),
            signature,
        });
    }

    /// The text from `start` up to the body's `{`, compacted.
    fn header(&self, start: usize, body: &Body) -> String {
        compact(slice(self.text, Span::new(start, body.span.start)), 120)
    }

    fn item(&mut self, item: &Item) {
        match item {
            Item::Env(env) => {
                let sig = self.header(env.span.start, &env.body);
                let target = Target::Env(env.name.name.clone());
                self.decl(target, env.name.span, env.span, env.doc.as_deref(), sig);
                if let Some(parent) = &env.extends {
                    self.occurrence(parent.span, Target::Env(parent.name.clone()), false);
                }
                let owner = DeclRef::new(DeclKind::Env, &env.name.name);
                self.attributes(&env.body, &BlockKind::Env, &owner, &[]);
                for attr in attrs(&env.body) {
                    if attr.key.name == "depends_on" {
                        self.env_names(&attr.value);
                    }
                }
            }
            Item::Template(t) => {
                let sig = self.header(t.span.start, &t.body);
                let target = Target::Template(t.name.name.clone());
                self.decl(target, t.name.span, t.span, t.doc.as_deref(), sig);
                self.occurrence(t.env.span, Target::Env(t.env.name.clone()), false);
                let owner = DeclRef::new(DeclKind::Template, &t.name.name);
                self.attributes(&t.body, &BlockKind::Template, &owner, &[]);
                self.template_body(&t.name.name, &t.body);
            }
            Item::Override(o) => {
                let sig = self.header(o.span.start, &o.body);
                let target = Target::Override(o.name.name.clone());
                self.decl(target, o.name.span, o.span, o.doc.as_deref(), sig);
                self.occurrence(
                    o.template.span,
                    Target::Template(o.template.name.clone()),
                    false,
                );
                let owner = DeclRef::new(DeclKind::Override, &o.name.name);
                self.attributes(&o.body, &BlockKind::Override, &owner, &[]);
            }
            Item::Type(t) => self.type_decl(t),
            Item::Error(_) => {}
        }
    }

    fn type_decl(&mut self, t: &ast::TypeDecl) {
        let keyword_end = match &t.def {
            TypeDef::Enum { keyword, .. } => keyword.end,
            TypeDef::Record {
                keyword, flavor, ..
            } => flavor.as_ref().map_or(keyword.end, |f| f.span.end),
        };
        let sig = compact(slice(self.text, Span::new(t.span.start, keyword_end)), 120);
        let name = t.name.name.clone();
        self.decl(
            Target::Type(name.clone()),
            t.name.span,
            t.span,
            t.doc.as_deref(),
            sig,
        );
        match &t.def {
            TypeDef::Enum { members, .. } => {
                for m in members {
                    let target = Target::Member {
                        enum_name: name.clone(),
                        name: m.name.name.clone(),
                    };
                    let sig = format!("{name}.{}", m.name.name);
                    self.decl(target, m.name.span, m.name.span, m.doc.as_deref(), sig);
                }
            }
            TypeDef::Record { fields, .. } => {
                for f in fields {
                    let target = Target::Field {
                        record: name.clone(),
                        name: f.name.name.clone(),
                    };
                    self.field(target, f);
                }
            }
        }
    }

    /// A typed field (`name: Type = default`): its declaration, the types
    /// it names and the enum members / record fields its default names.
    fn field(&mut self, target: Target, f: &Field) {
        let sig = compact(slice(self.text, f.span), 120);
        self.decl(target, f.name.span, f.span, f.doc.as_deref(), sig);
        self.type_expr(&f.ty);
        if let Some(default) = &f.default {
            self.value_of_type(&f.ty, default);
        }
    }

    fn type_expr(&mut self, ty: &TypeExpr) {
        match &ty.kind {
            TypeExprKind::Named(name) => self.type_name(name),
            TypeExprKind::Generic { name, args } => {
                self.type_name(name);
                for arg in args {
                    match arg {
                        TypeArg::Type(t) => self.type_expr(t),
                        TypeArg::Columns { fields, .. } => {
                            for f in fields {
                                self.type_expr(&f.ty);
                            }
                        }
                        TypeArg::Str { .. } => {}
                    }
                }
            }
            TypeExprKind::Optional(inner) => self.type_expr(inner),
            TypeExprKind::Union(members) => {
                for m in members {
                    self.type_expr(m);
                }
            }
        }
    }

    fn type_name(&mut self, name: &ast::Ident) {
        let target = if BUILTIN_TYPES.contains(&name.name.as_str()) {
            Target::BuiltinType(name.name.clone())
        } else {
            Target::Type(name.name.clone())
        };
        self.occurrence(name.span, target, false);
    }

    /// Names inside a value of type `ty`: enum members (`mode = fast`) and
    /// record fields (`{ epochs = 5 }`), through optionals, unions, lists
    /// and maps.
    fn value_of_type(&mut self, ty: &TypeExpr, value: &Value) {
        match (&ty.kind, &value.kind) {
            (TypeExprKind::Named(name), _) => {
                let Some(decl) = self.types.get(name.name.as_str()).copied() else {
                    return;
                };
                match (&decl.def, &value.kind) {
                    (TypeDef::Enum { members, .. }, ValueKind::Ident(word))
                        if members.iter().any(|m| &m.name.name == word) =>
                    {
                        let target = Target::Member {
                            enum_name: decl.name.name.clone(),
                            name: word.clone(),
                        };
                        self.occurrence(value.span, target, false);
                    }
                    (TypeDef::Record { fields, .. }, ValueKind::Map(body)) => {
                        for attr in attrs(body) {
                            let Some(field) = fields.iter().find(|f| f.name.name == attr.key.name)
                            else {
                                continue;
                            };
                            let target = Target::Field {
                                record: decl.name.name.clone(),
                                name: field.name.name.clone(),
                            };
                            self.occurrence(attr.key.span, target, false);
                            self.value_of_type(&field.ty, &attr.value);
                        }
                    }
                    _ => {}
                }
            }
            (TypeExprKind::Optional(inner), _) => self.value_of_type(inner, value),
            (TypeExprKind::Union(members), _) => {
                for m in members {
                    self.value_of_type(m, value);
                }
            }
            (TypeExprKind::Generic { name, args }, ValueKind::List(items))
                if name.name == "list" =>
            {
                if let Some(TypeArg::Type(inner)) = args.first() {
                    for item in items {
                        self.value_of_type(inner, item);
                    }
                }
            }
            (TypeExprKind::Generic { name, args }, ValueKind::Map(body)) if name.name == "dict" => {
                if let Some(TypeArg::Type(inner)) = args.get(1) {
                    for attr in attrs(body) {
                        self.value_of_type(inner, &attr.value);
                    }
                }
            }
            _ => {}
        }
    }

    /// `depends_on = [a, "b"]`: env names.
    fn env_names(&mut self, value: &Value) {
        if let ValueKind::List(items) = &value.kind {
            for item in items {
                match &item.kind {
                    ValueKind::Ident(name) => {
                        self.occurrence(item.span, Target::Env(name.clone()), false);
                    }
                    ValueKind::Str(s) => {
                        if let Some(span) = self.string_contents(item.span, &s.value) {
                            self.occurrence(span, Target::Env(s.value.clone()), false);
                        }
                    }
                    _ => {}
                }
            }
        }
    }

    /// The span of a one-line string literal's contents, when they are
    /// written exactly as `expected` (no escapes), so an edit there is safe.
    fn string_contents(&self, span: Span, expected: &str) -> Option<Span> {
        let raw = slice(self.text, span);
        let inner = raw.strip_prefix('"')?.strip_suffix('"')?;
        (inner == expected && !raw.starts_with("\"\"\""))
            .then(|| Span::new(span.start + 1, span.end - 1))
    }

    /// Every attribute key of `body` and its nested blocks.
    fn attributes(&mut self, body: &Body, block: &BlockKind, owner: &DeclRef, path: &[String]) {
        for entry in &body.entries {
            match entry {
                Entry::Attr(attr) => {
                    self.index.attr_keys.push(AttrKey {
                        file: self.file,
                        span: attr.key.span,
                        name: attr.key.name.clone(),
                        owner: Some(owner.clone()),
                        path: path.to_vec(),
                        block: block.clone(),
                        doc: attr.doc.as_ref().map(|d| d.text.clone()),
                    });
                    let child = block.child(&attr.key.name);
                    if matches!(child, BlockKind::Inputs | BlockKind::Outputs) {
                        continue;
                    }
                    let mut inner = path.to_vec();
                    inner.push(attr.key.name.clone());
                    self.attribute_value(&attr.value, &child, owner, &inner);
                }
                Entry::Labeled(b) => {
                    // `trigger`, `sql`, `plugin` are documented like attributes.
                    self.index.attr_keys.push(AttrKey {
                        file: self.file,
                        span: b.kind.span,
                        name: b.kind.name.clone(),
                        owner: Some(owner.clone()),
                        path: path.to_vec(),
                        block: block.clone(),
                        doc: b.doc.as_ref().map(|d| d.text.clone()),
                    });
                    let child = block.labeled_child(&b.kind.name, &b.label.name);
                    let mut inner = path.to_vec();
                    inner.push(b.kind.name.clone());
                    self.attributes(&b.body, &child, owner, &inner);
                }
                Entry::Field(_) | Entry::Returns(_) => {}
            }
        }
    }

    fn attribute_value(
        &mut self,
        value: &Value,
        block: &BlockKind,
        owner: &DeclRef,
        path: &[String],
    ) {
        match &value.kind {
            ValueKind::Map(body) if !matches!(block, BlockKind::FreeMap | BlockKind::Unknown) => {
                self.attributes(body, block, owner, path);
            }
            ValueKind::List(items) => {
                if let BlockKind::List(of) = block {
                    for item in items {
                        self.attribute_value(item, of, owner, path);
                    }
                }
            }
            _ => {}
        }
    }

    /// Inputs, outputs and triggers of a template, and the uses of its
    /// inputs (triggers, `ignored_inputs`, SQL, container arguments).
    fn template_body(&mut self, template: &str, body: &Body) {
        let mut inputs: Vec<&Field> = Vec::new();
        for entry in &body.entries {
            match entry {
                Entry::Attr(attr) if attr.key.name == "inputs" || attr.key.name == "outputs" => {
                    let ValueKind::Map(block) = &attr.value.kind else {
                        continue;
                    };
                    for inner in &block.entries {
                        let Entry::Field(f) = inner else { continue };
                        let name = f.name.name.clone();
                        let template = template.to_string();
                        if attr.key.name == "inputs" {
                            inputs.push(f);
                            self.field(Target::Input { template, name }, f);
                        } else {
                            self.field(Target::Output { template, name }, f);
                        }
                    }
                }
                Entry::Returns(r) => self.type_expr(&r.ty),
                _ => {}
            }
        }
        let input_target = |name: &str| Target::Input {
            template: template.to_string(),
            name: name.to_string(),
        };
        let is_input = |name: &str| inputs.iter().any(|f| f.name.name == name);
        for entry in &body.entries {
            match entry {
                Entry::Labeled(b) if b.kind.name == "trigger" => {
                    let target = Target::Trigger {
                        template: template.to_string(),
                        name: b.label.name.clone(),
                    };
                    let sig = compact(
                        slice(self.text, Span::new(b.span.start, b.body.span.start)),
                        120,
                    );
                    self.decl(target, b.label.span, b.span, b.doc.as_deref(), sig);
                    for attr in attrs(&b.body) {
                        if attr.key.name != "inputs" {
                            continue;
                        }
                        let ValueKind::Map(bound) = &attr.value.kind else {
                            continue;
                        };
                        for binding in attrs(bound) {
                            let Some(input) =
                                inputs.iter().find(|f| f.name.name == binding.key.name)
                            else {
                                continue;
                            };
                            self.occurrence(
                                binding.key.span,
                                input_target(&binding.key.name),
                                false,
                            );
                            self.value_of_type(&input.ty, &binding.value);
                        }
                    }
                }
                Entry::Attr(attr) if attr.key.name == "cache" => {
                    let ValueKind::Map(cache) = &attr.value.kind else {
                        continue;
                    };
                    for inner in attrs(cache) {
                        if inner.key.name != "ignored_inputs" {
                            continue;
                        }
                        let ValueKind::List(items) = &inner.value.kind else {
                            continue;
                        };
                        for item in items {
                            if let ValueKind::Str(s) = &item.kind
                                && is_input(&s.value)
                                && let Some(span) = self.string_contents(item.span, &s.value)
                            {
                                self.occurrence(span, input_target(&s.value), false);
                            }
                        }
                    }
                }
                _ => {}
            }
        }
        for used in self.input_uses_in_strings(template) {
            if is_input(&used.value) {
                self.occurrence(used.at.span, input_target(&used.value), false);
            }
        }
    }

    /// The input uses the semantic pass found inside this file's template
    /// `template`: SQL placeholders and container input references. None
    /// when the template did not resolve (the model has no task for it).
    fn input_uses_in_strings(&self, template: &str) -> Vec<Spanned<String>> {
        let task = self
            .model
            .tasks()
            .iter()
            .find(|t| t.name == template && t.decl_at.file == self.file);
        match task.map(|t| &t.kind) {
            Some(TaskKind::Query(sql)) => sql.placeholder_uses.clone(),
            Some(TaskKind::Container(container)) => container.input_uses.clone(),
            _ => Vec::new(),
        }
    }
}

/// The `name = value` entries of a body.
pub(crate) fn attrs(body: &Body) -> impl Iterator<Item = &ast::Attribute> {
    body.entries.iter().filter_map(|e| match e {
        Entry::Attr(a) => Some(a),
        _ => None,
    })
}

#[cfg(test)]
mod tests {
    use super::one_line;

    #[test]
    fn values_are_shown_on_one_line_without_comments() {
        let written = "{\n  registry = \"ghcr.io/acme\"  // the team's\n  name = \"a//b\"\n  pip = [\"x\",\n \"y\"]\n}";
        assert_eq!(
            one_line(written, 200),
            "{ registry = \"ghcr.io/acme\", name = \"a//b\", pip = [\"x\", \"y\"] }"
        );
        assert_eq!(one_line("[1, 2, 3]", 5), "[1, …");
    }
}
