//! Completion: what may be written at the cursor.
//!
//! The position is read from the text before the cursor
//! ([`cursor::context_at`]), never from the AST, so completion works in
//! the half-written files it is used in. Names (envs, templates, types,
//! enum members, inputs) come from the index and the model of the last
//! analysis, which survive errors elsewhere in the file.

use super::Analysis;
use super::catalog::{self, BlockKind};
use super::cursor::{BlockPath, Frame, Tok, block_path, context_at};
use super::index::Target;
use super::{CompletionItem, CompletionKind};
use crate::semantic::schema::{self, Places};
use crate::semantic::types::{BUILTIN_TYPES, Type};
use crate::source::FileId;
use crate::syntax::ast::{Body, Entry, Item, Value, ValueKind};

pub(crate) fn completions(analysis: &Analysis, file: FileId, offset: usize) -> Vec<CompletionItem> {
    let Some(source) = analysis.db.get(file) else {
        return Vec::new();
    };
    let cx = context_at(&source.text, offset);
    if analysis.config.source == Some(file) || (cx.in_literal && !cx.in_string) {
        return Vec::new();
    }
    let path = block_path(&cx.frames);
    let repaired = repair(analysis, file, offset, &cx.frames);
    let mut out = Completions {
        analysis: repaired.as_ref().unwrap_or(analysis),
        file,
        offset: cx.prefix_start,
        items: Vec::new(),
    };
    if cx.in_string {
        out.in_string(&path, &cx.entry, &source.text[..cx.prefix_start]);
        return finish(out.items, &cx.prefix);
    }
    let words: Vec<&str> = cx.entry.iter().filter_map(Tok::word).collect();
    if cx.frames.is_empty() {
        out.top_level(&cx.entry, &words);
    } else {
        out.in_block(&path, &cx.entry, &words);
    }
    finish(out.items, &cx.prefix)
}

/// Keep the items that match the word typed so far, once each.
fn finish(mut items: Vec<CompletionItem>, prefix: &str) -> Vec<CompletionItem> {
    // Keep what matches the word typed so far; the editor filters too, but
    // a short list is easier to test and to read.
    let typed = prefix.to_lowercase();
    items.retain(|i| i.label.to_lowercase().contains(&typed));
    items.retain(|i| i.label != PLACEHOLDER);
    let mut seen = std::collections::HashSet::new();
    items.retain(|i| seen.insert((i.label.clone(), i.kind)));
    items
}

/// True when the declaration around `offset` did not parse.
fn broken_at(analysis: &Analysis, file: FileId, offset: usize) -> bool {
    analysis.parsed(file).is_some_and(|ast| {
        ast.items
            .iter()
            .any(|i| matches!(i, Item::Error(span) if span.contains(offset)))
    })
}

/// While the user types, the declaration around the cursor usually does
/// not parse (`region = }`), so its inputs and names are missing from the
/// analysis. Like rust-analyzer, complete against a copy of the file with
/// a placeholder name (or entry) at the cursor; if that is not enough, also
/// close the blocks still open there (dropping the text after the cursor).
fn repair(analysis: &Analysis, file: FileId, offset: usize, frames: &[Frame]) -> Option<Analysis> {
    if !broken_at(analysis, file, offset) {
        return None;
    }
    let text = &analysis.db.get(file)?.text;
    let mut at = offset.min(text.len());
    while !text.is_char_boundary(at) {
        at -= 1;
    }
    let closers: String = frames
        .iter()
        .rev()
        .map(|f| if f.opener == '[' { " ]" } else { " }" })
        .collect();
    let attempts = [
        format!("{}{PLACEHOLDER}{}", &text[..at], &text[at..]),
        // A half-typed attribute name becomes a whole entry.
        format!("{}{PLACEHOLDER} = 0{}", &text[..at], &text[at..]),
        format!("{}{PLACEHOLDER}\n{closers}\n", &text[..at]),
    ];
    for attempt in attempts {
        let mut db = analysis.db.clone();
        db.set_text(file, attempt);
        let candidate = Analysis::new(db, analysis.config.clone());
        if !broken_at(&candidate, file, at) {
            return Some(candidate);
        }
    }
    None
}

/// The smallest body holding `offset` (strictly inside its braces).
fn innermost_body<'a>(body: &'a Body, offset: usize, found: &mut Option<&'a Body>) {
    if !(body.span.start < offset && offset < body.span.end) {
        return;
    }
    *found = Some(body);
    for entry in &body.entries {
        match entry {
            Entry::Attr(a) => innermost_in_value(&a.value, offset, found),
            Entry::Labeled(b) => innermost_body(&b.body, offset, found),
            Entry::Field(_) | Entry::Returns(_) => {}
        }
    }
}

fn innermost_in_value<'a>(value: &'a Value, offset: usize, found: &mut Option<&'a Body>) {
    match &value.kind {
        ValueKind::Map(body) => innermost_body(body, offset, found),
        ValueKind::List(items) => {
            for item in items {
                innermost_in_value(item, offset, found);
            }
        }
        _ => {}
    }
}

/// The name written at the cursor of a repaired copy.
const PLACEHOLDER: &str = "taskc_cursor";

struct Completions<'a> {
    analysis: &'a Analysis,
    file: FileId,
    /// Where the word being completed starts.
    offset: usize,
    items: Vec<CompletionItem>,
}

fn item(label: &str, kind: CompletionKind) -> CompletionItem {
    CompletionItem {
        label: label.to_string(),
        kind,
        detail: None,
        documentation: None,
        insert_text: None,
    }
}

impl Completions<'_> {
    fn push(&mut self, item: CompletionItem) {
        self.items.push(item);
    }

    fn keyword(&mut self, word: &str, detail: &str) {
        self.push(CompletionItem {
            detail: Some(detail.to_string()),
            ..item(word, CompletionKind::Keyword)
        });
    }

    fn top_level(&mut self, entry: &[Tok], words: &[&str]) {
        let last = entry.last();
        match words {
            [] => {
                self.keyword("env", "env <name> [extends <parent>] { … }");
                self.keyword("template", "template <name> in <env> { … }");
                self.keyword("override", "override <name> of <template> { … }");
                self.keyword("type", "type <Name> = enum { … } | record { … }");
            }
            ["env", _] => self.keyword("extends", "inherit every attribute of a parent env"),
            ["template", _] => self.keyword("in", "the env the template belongs to"),
            ["override", _] => self.keyword("of", "the template to override"),
            ["env", name, "extends"] | ["template", name, "in"] => {
                let name = name.to_string();
                self.envs(Some(&name));
            }
            ["override", _, "of"] => self.templates(),
            ["type", _] if last == Some(&Tok::Punct('=')) => {
                self.keyword("enum", "enum { A, B, … }");
                self.keyword(
                    "record",
                    "record [pydantic | namedtuple] { field: Type, … }",
                );
            }
            ["type", _, "record"] => {
                self.keyword("pydantic", "a pydantic BaseModel instead of a dataclass");
                self.keyword("namedtuple", "a typing.NamedTuple instead of a dataclass");
            }
            _ => {}
        }
    }

    fn in_block(&mut self, path: &BlockPath, entry: &[Tok], words: &[&str]) {
        let block = path.current();
        let colon = entry.iter().position(|t| *t == Tok::Punct(':'));
        let equals = entry
            .iter()
            .position(|t| *t == Tok::Punct('=') || *t == Tok::Append);
        let typed_block = matches!(
            block,
            BlockKind::Inputs | BlockKind::Outputs | BlockKind::Record
        );

        // A field: `name: Type = default`.
        if let Some(colon) = colon.filter(|_| typed_block || path.in_type) {
            match equals {
                Some(eq) if eq > colon => {
                    if eq + 1 == entry.len() {
                        self.values_of_written_type(&entry[colon + 1..eq]);
                    }
                }
                _ => {
                    if matches!(entry.last(), Some(Tok::Punct(':' | '|' | '[' | ','))) {
                        self.types();
                    }
                }
            }
            return;
        }
        if path.in_type && (entry.is_empty() || entry.last() == Some(&Tok::Punct('|'))) {
            self.types();
            return;
        }

        match (words, entry) {
            ([], []) => self.entry_start(path, &block),
            (["returns"], [_]) if block == BlockKind::Template => self.types(),
            ([key], [_, Tok::Punct('=') | Tok::Append]) => self.values(path, &block, key),
            ([kind], [_]) => {
                for (label, doc) in catalog::labels_of(kind) {
                    if block.labeled_kinds().contains(kind) {
                        self.push(CompletionItem {
                            documentation: Some(doc.to_string()),
                            ..item(label, CompletionKind::Value)
                        });
                    }
                }
            }
            _ => {}
        }
    }

    /// Inside a string, only where the language reads names from it:
    /// SQL placeholders (`@name`, `%(name)s`), container arguments
    /// (`{{.inputs.name}}`) and `ignored_inputs`.
    fn in_string(&mut self, path: &BlockPath, entry: &[Tok], before: &str) {
        let key = path.keys.last().cloned().flatten();
        let in_list_of =
            |k: &str| key.as_deref() == Some(k) && matches!(path.current(), BlockKind::List(_));
        let query = matches!(entry, [Tok::Word(k), Tok::Punct('=')] if k == "query")
            && path.current() == BlockKind::Template;
        if query && before.ends_with('@') {
            self.inputs(path, |_| None);
        } else if query && before.ends_with("%(") {
            self.inputs(path, |name| Some(format!("{name})s")));
        } else if (in_list_of("command") || in_list_of("args")) && before.ends_with(".inputs.") {
            self.inputs(path, |_| None);
        } else if in_list_of("ignored_inputs") && before.ends_with('"') {
            self.inputs(path, |_| None);
        }
    }

    /// The inputs of the template the cursor is in.
    fn inputs(&mut self, path: &BlockPath, insert: impl Fn(&str) -> Option<String>) {
        let Some((_, template)) = path.decl.clone() else {
            return;
        };
        let found: Vec<CompletionItem> = self
            .analysis
            .index()
            .decls
            .iter()
            .filter_map(|d| match &d.target {
                Target::Input { template: t, name } if *t == template => Some(CompletionItem {
                    detail: Some(d.signature.clone()),
                    documentation: d.doc.clone(),
                    insert_text: insert(name),
                    ..item(name, CompletionKind::Input)
                }),
                _ => None,
            })
            .collect();
        self.items.extend(found);
    }

    /// The start of a new entry: the block's attributes, or list elements.
    fn entry_start(&mut self, path: &BlockPath, block: &BlockKind) {
        match block {
            BlockKind::TriggerInputs => self.trigger_inputs(path),
            BlockKind::List(_) => {
                let key = path.keys.last().cloned().flatten();
                let parent = path
                    .kinds
                    .len()
                    .checked_sub(2)
                    .and_then(|i| path.kinds.get(i));
                if key.as_deref() == Some("depends_on") && parent == Some(&BlockKind::Env) {
                    let current = path.decl.as_ref().map(|(_, n)| n.clone());
                    self.envs(current.as_deref());
                }
            }
            _ => {
                // A child env inherits these and cannot write them (`clone_with`).
                let inherited_only = *block == BlockKind::Env && path.child_env;
                let written = self.written_keys();
                // Labeled blocks the schema does not list (`notify` in a trigger).
                let attributes = block.attributes();
                let extra = block
                    .labeled_kinds()
                    .iter()
                    .filter(|k| !attributes.contains(k));
                for name in attributes.iter().chain(extra) {
                    if inherited_only
                        && schema::attribute(name)
                            .is_some_and(|row| !row.places.has(Places::CHILD_ENV))
                    {
                        continue;
                    }
                    // Written once per block (triggers and notifications repeat).
                    let repeats = matches!(*name, "trigger" | "notify");
                    if !repeats && written.iter().any(|w| w == name) {
                        continue;
                    }
                    let labeled = block.labeled_kinds().contains(name);
                    let doc = catalog::attr_doc(block, name);
                    self.push(CompletionItem {
                        detail: doc.map(|d| d.form.to_string()),
                        documentation: doc.map(|d| d.doc.to_string()),
                        insert_text: labeled.then(|| format!("{name} ")),
                        ..item(
                            name,
                            if labeled {
                                CompletionKind::Block
                            } else {
                                CompletionKind::Attribute
                            },
                        )
                    });
                }
            }
        }
    }

    /// After `key =`.
    fn values(&mut self, path: &BlockPath, block: &BlockKind, key: &str) {
        if *block == BlockKind::TriggerInputs {
            if let Some(input) = self.template_input(path, key) {
                self.push(CompletionItem {
                    detail: Some("the trigger's kickoff time".to_string()),
                    documentation: Some(
                        "Binds the time the trigger fires; the input must be a `datetime`."
                            .to_string(),
                    ),
                    ..item("trigger_time", CompletionKind::Keyword)
                });
                self.values_of_type(&input);
            }
            return;
        }
        for (word, doc) in catalog::value_words(block, key) {
            self.push(CompletionItem {
                detail: (!doc.is_empty()).then(|| doc.to_string()),
                ..item(word, CompletionKind::Value)
            });
        }
    }

    /// The type of input `name` of the template the cursor is in.
    fn template_input(&self, path: &BlockPath, name: &str) -> Option<Type> {
        let (_, template) = path.decl.as_ref()?;
        let task = self.analysis.model.template(template)?;
        Some(task.input(name)?.ty.clone())
    }

    fn trigger_inputs(&mut self, path: &BlockPath) {
        let bound = self.written_keys();
        self.inputs(path, |_| None);
        self.items
            .retain(|i| i.kind != CompletionKind::Input || !bound.contains(&i.label));
    }

    /// Keys already written in the block around the cursor (besides the
    /// one being typed), from the syntax tree of the analysis.
    fn written_keys(&self) -> Vec<String> {
        let Some(ast) = self.analysis.parsed(self.file) else {
            return Vec::new();
        };
        let mut innermost: Option<&Body> = None;
        for item in &ast.items {
            let body = match item {
                Item::Env(e) => &e.body,
                Item::Template(t) => &t.body,
                Item::Override(o) => &o.body,
                _ => continue,
            };
            innermost_body(body, self.offset, &mut innermost);
        }
        let Some(body) = innermost else {
            return Vec::new();
        };
        body.entries
            .iter()
            .filter(|e| !e.span().contains(self.offset))
            .filter_map(|e| match e {
                Entry::Attr(a) => Some(a.key.name.clone()),
                Entry::Labeled(b) => Some(b.kind.name.clone()),
                Entry::Returns(_) => Some("returns".to_string()),
                Entry::Field(_) => None,
            })
            .collect()
    }

    /// Values of a type written as tokens (`Mode`, `bool`, `Mode?`).
    fn values_of_written_type(&mut self, ty: &[Tok]) {
        let words: Vec<&str> = ty.iter().filter_map(Tok::word).collect();
        if ty.last() == Some(&Tok::Punct('?')) || words.contains(&"none") {
            self.push(item("none", CompletionKind::Value));
        }
        if let [name] = words.as_slice() {
            let resolved = match *name {
                "bool" => Some(Type::Bool),
                other => self.analysis.model.types().get(other),
            };
            if let Some(t) = resolved {
                self.values_of_type(&t);
            }
        }
    }

    fn values_of_type(&mut self, ty: &Type) {
        match ty {
            Type::Bool => {
                self.push(item("true", CompletionKind::Value));
                self.push(item("false", CompletionKind::Value));
            }
            Type::Enum(def) => {
                for (member, value) in def.members.iter().zip(&def.values) {
                    let detail = if member == value {
                        format!("{}.{member}", def.name)
                    } else {
                        format!("{}.{member} = {value:?}", def.name)
                    };
                    self.push(CompletionItem {
                        detail: Some(detail),
                        documentation: self.member_doc(&def.name, member),
                        ..item(member, CompletionKind::EnumMember)
                    });
                }
            }
            Type::Optional(inner) => {
                self.push(item("none", CompletionKind::Value));
                self.values_of_type(inner);
            }
            Type::Union(members) => {
                for m in members {
                    if *m == Type::None {
                        self.push(item("none", CompletionKind::Value));
                    } else {
                        self.values_of_type(m);
                    }
                }
            }
            _ => {}
        }
    }

    fn member_doc(&self, enum_name: &str, member: &str) -> Option<String> {
        let target = Target::Member {
            enum_name: enum_name.to_string(),
            name: member.to_string(),
        };
        self.analysis
            .index()
            .decl(&target)
            .and_then(|d| d.doc.clone())
    }

    fn types(&mut self) {
        for name in BUILTIN_TYPES {
            self.push(CompletionItem {
                documentation: catalog::builtin_type_doc(name).map(str::to_string),
                ..item(name, CompletionKind::BuiltinType)
            });
        }
        let declared: Vec<CompletionItem> = self
            .analysis
            .index()
            .decls
            .iter()
            .filter(|d| matches!(d.target, Target::Type(_)))
            .map(|d| CompletionItem {
                detail: Some(d.signature.clone()),
                documentation: d.doc.clone(),
                ..item(d.target.name(), CompletionKind::Type)
            })
            .collect();
        self.items.extend(declared);
    }

    fn envs(&mut self, except: Option<&str>) {
        let found: Vec<CompletionItem> = self
            .analysis
            .index()
            .decls
            .iter()
            .filter(|d| matches!(d.target, Target::Env(_)) && Some(d.target.name()) != except)
            .map(|d| CompletionItem {
                detail: Some(d.signature.clone()),
                documentation: d.doc.clone(),
                ..item(d.target.name(), CompletionKind::Env)
            })
            .collect();
        self.items.extend(found);
    }

    fn templates(&mut self) {
        let found: Vec<CompletionItem> = self
            .analysis
            .index()
            .decls
            .iter()
            .filter(|d| matches!(d.target, Target::Template(_)))
            .map(|d| CompletionItem {
                detail: Some(d.signature.clone()),
                documentation: d.doc.clone(),
                ..item(d.target.name(), CompletionKind::Template)
            })
            .collect();
        self.items.extend(found);
    }
}
