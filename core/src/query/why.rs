//! `why`: the resolved settings of an env, template or override and, for each
//! one, the chain of entries that produced it.
//!
//! A query is `NAME` or `NAME.ATTR`. `NAME` is an env, template or override
//! name, or a task id (`<env>.<function>`, which holds a dot itself, so the
//! whole query is tried as a name before it is split at its last dot). Envs
//! have a namespace of their own, so one name may be an env's and a
//! template's (or an override's): `env:NAME`, `template:NAME` and
//! `override:NAME` say which, and a bare name that is both is an error.
//!
//! Each attribute's chain lists the entries in the order they were applied:
//! the values that were later replaced first (an ancestor env's, an env's
//! under a template's, a task's under an override's), then the entry that
//! decided the value, or for a `+=` merge every entry merged into it. The
//! steps come straight from the model's [`Provenance`]; nothing re-walks the
//! declarations.

use crate::diagnostics::Code;
use crate::diagnostics::Diagnostic;
use crate::diagnostics::suggest::did_you_mean;
use crate::semantic::model::{EnvVar, Model, SETTING_NAMES, Secret, Settings};
use crate::semantic::provenance::{DeclKind, DeclRef, Origin, Provenance};
use crate::source::{FileSpan, SourceDb, Span};
use crate::syntax::ast::AssignOp;

/// The answer to one query.
#[derive(Debug, Clone, PartialEq)]
pub struct WhyReport {
    /// The query as asked.
    pub query: String,
    pub subject: WhySubject,
    /// One entry per attribute asked about: with `NAME.ATTR` that one
    /// attribute (set or not), else every attribute that is set, in the
    /// order of [`SETTING_NAMES`].
    pub attributes: Vec<WhyAttribute>,
}

/// The declaration a query named.
#[derive(Debug, Clone, PartialEq)]
pub struct WhySubject {
    pub decl: DeclRef,
    /// Where its name is declared.
    pub name_at: FileSpan,
    /// Envs: the env and its ancestors, nearest first. Templates and
    /// overrides: the env the task runs in and its ancestors.
    pub env_chain: Vec<String>,
    /// Overrides: the template they override.
    pub template: Option<String>,
    /// Templates and overrides: the Flyte task id.
    pub task_id: Option<String>,
}

/// One attribute and how it got its value.
#[derive(Debug, Clone, PartialEq)]
pub struct WhyAttribute {
    /// The `.task` name, e.g. `resources`.
    pub name: &'static str,
    /// The resolved value as `.task` text: the deciding entry's value as
    /// written, or for a `+=` merge the merged result. `None` when no entry
    /// along the chain sets it (the documented Flyte default applies).
    pub value: Option<String>,
    /// The entries in the order they were applied.
    pub steps: Vec<WhyStep>,
}

/// What an entry did to the value.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Effect {
    /// Its value was replaced by a later entry.
    Shadowed,
    /// Its content is part of a `+=` merge.
    Merged,
    /// It decided the value.
    Set,
}

impl Effect {
    pub fn as_str(self) -> &'static str {
        match self {
            Effect::Shadowed => "shadowed",
            Effect::Merged => "merged",
            Effect::Set => "set",
        }
    }
}

/// One entry of an attribute's chain.
#[derive(Debug, Clone, PartialEq)]
pub struct WhyStep {
    pub effect: Effect,
    /// The declaration holding the entry.
    pub decl: DeclRef,
    pub op: AssignOp,
    /// The whole entry, `key = value`.
    pub entry: FileSpan,
    /// The value (for the block form, the block).
    pub value: FileSpan,
    /// The value as written.
    pub value_text: String,
}

/// Why a query has no answer. Spans are byte ranges into the query text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum WhyError {
    /// No env, template, override or task id has this name.
    UnknownName {
        name: String,
        at: Span,
        suggestion: Option<String>,
    },
    /// A bare name that is an env's and a template's or an override's.
    Ambiguous {
        name: String,
        at: Span,
        /// The kind of the declaration that is not the env.
        other: DeclKind,
    },
    /// The declaration exists but has no attribute of this name.
    UnknownAttribute {
        subject: DeclRef,
        attribute: String,
        at: Span,
        suggestion: Option<&'static str>,
    },
}

impl WhyError {
    /// The error as a diagnostic pointing into `query_at`: a file holding
    /// the query text (the CLI adds one for its argument).
    pub fn to_diagnostic(&self, query_at: FileSpan) -> Diagnostic {
        let within = |at: Span| FileSpan::new(query_at.file, at.shifted(query_at.span.start));
        match self {
            WhyError::UnknownName {
                name,
                at,
                suggestion,
            } => {
                let diagnostic = Diagnostic::error(
                    Code::E0960,
                    within(*at),
                    format!("no env, template, override or task id is named `{name}`"),
                )
                .with_primary_label("not declared in this workspace");
                match suggestion {
                    Some(s) => diagnostic.with_help(format!("did you mean `{s}`?")),
                    None => diagnostic.with_help(
                        "name an env, a template (by its name or task id) or an override; \
                         `taskc check` lists what the workspace declares",
                    ),
                }
            }
            WhyError::Ambiguous { name, at, other } => {
                let other = other.keyword();
                Diagnostic::error(
                    Code::E0962,
                    within(*at),
                    format!("`{name}` is the name of env `{name}` and of {other} `{name}`"),
                )
                .with_primary_label("names two declarations")
                .with_help(format!(
                    "say which one: `env:{name}` or `{other}:{name}` (a template also by its task id)"
                ))
            }
            WhyError::UnknownAttribute {
                subject,
                attribute,
                at,
                suggestion,
            } => {
                let diagnostic = Diagnostic::error(
                    Code::E0961,
                    within(*at),
                    format!("{subject} has no attribute `{attribute}`"),
                )
                .with_primary_label("not an attribute");
                match suggestion {
                    Some(s) => diagnostic.with_help(format!("did you mean `{s}`?")),
                    None => diagnostic.with_help(format!(
                        "the attributes are {}",
                        SETTING_NAMES
                            .iter()
                            .map(|n| format!("`{n}`"))
                            .collect::<Vec<_>>()
                            .join(", ")
                    )),
                }
            }
        }
    }
}

/// A declaration the query named, with the settings it resolves to.
struct Found<'a> {
    subject: WhySubject,
    settings: &'a Settings,
}

/// What a query's name part (`[KIND:]NAME`) names.
enum Lookup<'a> {
    Found(Found<'a>),
    /// A bare name that is an env's and another declaration's.
    Ambiguous(DeclKind),
    Missing,
}

/// The prefixes that say which namespace a name is in.
const KIND_PREFIXES: [(&str, DeclKind); 3] = [
    ("env:", DeclKind::Env),
    ("template:", DeclKind::Template),
    ("override:", DeclKind::Override),
];

/// `name` without its `KIND:` prefix, and the kind it asks for.
fn split_kind(name: &str) -> (Option<DeclKind>, &str) {
    KIND_PREFIXES
        .iter()
        .find_map(|(prefix, kind)| name.strip_prefix(prefix).map(|rest| (Some(*kind), rest)))
        .unwrap_or((None, name))
}

fn find<'a>(model: &'a Model, query: &str) -> Lookup<'a> {
    let (kind, name) = split_kind(query);
    let wanted = |k: DeclKind| kind.is_none_or(|wanted| wanted == k);
    let env_chain = |env: &str| {
        model
            .env(env)
            .map_or_else(|| vec![env.to_string()], |e| e.chain.clone())
    };
    let env = model
        .env(name)
        .filter(|_| wanted(DeclKind::Env))
        .map(|env| Found {
            subject: WhySubject {
                decl: env.decl(),
                name_at: env.name_at,
                env_chain: env.chain.clone(),
                template: None,
                task_id: None,
            },
            settings: &env.settings,
        });
    let task = model
        .template(name)
        .or_else(|| model.task_by_id(name))
        .filter(|_| wanted(DeclKind::Template))
        .map(|task| Found {
            subject: WhySubject {
                decl: task.decl(),
                name_at: task.name_at,
                env_chain: env_chain(&task.env),
                template: None,
                task_id: Some(task.task_id.clone()),
            },
            settings: &task.settings,
        });
    let over = model
        .override_named(name)
        .filter(|_| wanted(DeclKind::Override))
        .map(|over| Found {
            subject: WhySubject {
                decl: over.decl(),
                name_at: over.name_at,
                env_chain: env_chain(&over.env),
                template: Some(over.template.clone()),
                task_id: Some(over.task_id.clone()),
            },
            settings: &over.settings,
        });
    // Templates and overrides share a namespace, but a query or container
    // template's task id may be an override's name: the template wins, as
    // it always did.
    match (env, task.or(over)) {
        (Some(_), Some(other)) if kind.is_none() => Lookup::Ambiguous(other.subject.decl.kind),
        (Some(found), _) | (None, Some(found)) => Lookup::Found(found),
        (None, None) => Lookup::Missing,
    }
}

/// The error for a query whose name part names nothing. When the part
/// after the last dot is an attribute, the name is the part before it;
/// otherwise the whole query, unless nothing is close to it and something
/// is close to the part before the last dot.
fn unknown_name(model: &Model, query: &str, split: Option<usize>) -> WhyError {
    let prefix = split
        .and_then(|dot| query.get(..dot))
        .filter(|p| !p.is_empty());
    let tail_is_attribute = split
        .and_then(|dot| query.get(dot + 1..))
        .is_some_and(|tail| SETTING_NAMES.contains(&tail));
    let (name, suggestion) = match prefix {
        Some(prefix) if tail_is_attribute => (prefix, suggest_name(model, prefix)),
        Some(prefix) => match suggest_name(model, query) {
            Some(close) => (query, Some(close)),
            None => (prefix, suggest_name(model, prefix)),
        },
        None => (query, suggest_name(model, query)),
    };
    WhyError::UnknownName {
        name: name.to_string(),
        at: Span::new(0, name.len()),
        suggestion,
    }
}

/// The declared name closest to `name`. `<env>.<template>` is a common
/// guess at a task id whose function is named differently, so it suggests
/// the real task id.
fn suggest_name(model: &Model, name: &str) -> Option<String> {
    // A `KIND:` prefix is kept in the suggestion.
    let (_, bare) = split_kind(name);
    let prefix = name.get(..name.len() - bare.len()).unwrap_or("");
    let guessed = model
        .tasks()
        .iter()
        .find(|t| format!("{}.{}", t.env, t.name) == bare);
    if let Some(task) = guessed {
        return Some(format!("{prefix}{}", task.task_id));
    }
    did_you_mean(bare, known_names(model)).map(|close| format!("{prefix}{close}"))
}

/// Every name a query may start with, for did-you-mean help.
fn known_names(model: &Model) -> Vec<&str> {
    let mut names: Vec<&str> = Vec::new();
    names.extend(model.envs().iter().map(|e| e.name.as_str()));
    names.extend(model.tasks().iter().map(|t| t.name.as_str()));
    names.extend(model.tasks().iter().map(|t| t.task_id.as_str()));
    names.extend(model.overrides().iter().map(|o| o.name.as_str()));
    names
}

/// Answer `query` (`NAME` or `NAME.ATTR`) from `model`; `db` supplies the
/// text of each entry's value.
pub fn why(db: &SourceDb, model: &Model, query: &str) -> Result<WhyReport, WhyError> {
    let query = query.trim();
    let ambiguous = |name: &str, other: DeclKind| WhyError::Ambiguous {
        name: name.to_string(),
        at: Span::new(0, name.len()),
        other,
    };
    let found = match find(model, query) {
        Lookup::Found(found) => Some(found),
        Lookup::Ambiguous(other) => return Err(ambiguous(query, other)),
        Lookup::Missing => None,
    };
    if let Some(found) = found {
        let attributes = found
            .settings
            .set_attributes()
            .into_iter()
            .map(|name| why_attribute(db, found.settings, name))
            .collect();
        return Ok(WhyReport {
            query: query.to_string(),
            subject: found.subject,
            attributes,
        });
    }

    let split = query.rfind('.');
    let mut found = None;
    if let Some(dot) = split
        && let Some(name) = query.get(..dot)
    {
        match find(model, name) {
            Lookup::Found(f) => found = Some((dot, f)),
            Lookup::Ambiguous(other) => return Err(ambiguous(name, other)),
            Lookup::Missing => {}
        }
    }
    let Some((dot, found)) = found else {
        return Err(unknown_name(model, query, split));
    };
    let wanted = query.get(dot + 1..).unwrap_or("");
    let Some(name) = SETTING_NAMES.iter().copied().find(|n| *n == wanted) else {
        let suggestion = did_you_mean(wanted, SETTING_NAMES.iter().copied());
        // `gpu.train_modle` is more likely a misspelt task id than an
        // attribute of env `gpu`.
        if suggestion.is_none()
            && let Some(close) = suggest_name(model, query)
        {
            return Err(WhyError::UnknownName {
                name: query.to_string(),
                at: Span::new(0, query.len()),
                suggestion: Some(close),
            });
        }
        return Err(WhyError::UnknownAttribute {
            subject: found.subject.decl,
            attribute: wanted.to_string(),
            at: Span::new(dot + 1, query.len()),
            suggestion,
        });
    };
    Ok(WhyReport {
        query: query.to_string(),
        subject: found.subject,
        attributes: vec![why_attribute(db, found.settings, name)],
    })
}

/// One attribute of any resolved [`Settings`] (an env's, a task's or an
/// override's) with its chain: what hover and inlay hints show for a
/// declaration the editor already has in hand.
pub fn why_attribute(db: &SourceDb, settings: &Settings, name: &'static str) -> WhyAttribute {
    let Some(provenance) = settings.provenance(name) else {
        return WhyAttribute {
            name,
            value: None,
            steps: Vec::new(),
        };
    };
    let steps = steps(db, provenance);
    let merged = !provenance.contributions.is_empty();
    let value = if merged {
        merged_value(settings, name)
    } else {
        None
    }
    .unwrap_or_else(|| source_text(db, provenance.origin.value));
    WhyAttribute {
        name,
        value: Some(value),
        steps,
    }
}

/// The chain in the order it was applied: replaced values oldest first,
/// then the merged entries or the one that decided.
fn steps(db: &SourceDb, provenance: &Provenance) -> Vec<WhyStep> {
    let step = |effect, origin: &Origin| WhyStep {
        effect,
        decl: origin.decl.clone(),
        op: origin.op,
        entry: origin.entry,
        value: origin.value,
        value_text: source_text(db, origin.value),
    };
    let mut steps: Vec<WhyStep> = provenance
        .shadowed
        .iter()
        .rev()
        .map(|o| step(Effect::Shadowed, o))
        .collect();
    if provenance.contributions.is_empty() {
        steps.push(step(Effect::Set, &provenance.origin));
    } else {
        steps.extend(
            provenance
                .contributions
                .iter()
                .map(|o| step(Effect::Merged, o)),
        );
    }
    steps
}

/// The text at `at`, or nothing for a span outside its file.
fn source_text(db: &SourceDb, at: FileSpan) -> String {
    db.get(at.file)
        .and_then(|f| f.text.get(at.span.start..at.span.end))
        .unwrap_or_default()
        .to_string()
}

/// The result of a `+=` merge as `.task` text (only `env_vars` and
/// `secrets` merge).
fn merged_value(settings: &Settings, name: &str) -> Option<String> {
    match name {
        "env_vars" => settings.env_vars.as_ref().map(|s| env_vars_text(&s.value)),
        "secrets" => settings.secrets.as_ref().map(|s| secrets_text(&s.value)),
        _ => None,
    }
}

fn env_vars_text(vars: &[EnvVar]) -> String {
    let entries: Vec<String> = vars
        .iter()
        .map(|v| format!("{} = {}", key_text(&v.key), quote(&v.value)))
        .collect();
    format!("{{ {} }}", entries.join(", "))
}

fn secrets_text(secrets: &[Secret]) -> String {
    let entries: Vec<String> = secrets
        .iter()
        .map(|s| {
            if s.group.is_none() && s.env_var.is_none() && s.mount.is_none() {
                return quote(&s.key);
            }
            let mut fields = Vec::new();
            if let Some(group) = &s.group {
                fields.push(format!("group = {}", quote(group)));
            }
            fields.push(format!("key = {}", quote(&s.key)));
            if let Some(env_var) = &s.env_var {
                fields.push(format!("env_var = {}", quote(env_var)));
            }
            if let Some(mount) = &s.mount {
                fields.push(format!("mount = {}", quote(mount)));
            }
            format!("{{ {} }}", fields.join(", "))
        })
        .collect();
    format!("[{}]", entries.join(", "))
}

/// A key as it can be written bare, else quoted.
fn key_text(key: &str) -> String {
    let bare = !key.is_empty()
        && key
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-')
        && !key.starts_with(|c: char| c.is_ascii_digit() || c == '-');
    if bare { key.to_string() } else { quote(key) }
}

/// A `.task` string literal with the language's escapes.
fn quote(text: &str) -> String {
    let mut out = String::from("\"");
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            '\r' => out.push_str("\\r"),
            c if c.is_control() => out.push_str(&format!("\\u{{{:x}}}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// `=`, `+=` or `block` (the block form `name { … }`).
pub fn op_text(op: AssignOp) -> &'static str {
    match op {
        AssignOp::Set => "=",
        AssignOp::Append => "+=",
        AssignOp::Block => "block",
    }
}

#[cfg(test)]
mod tests;
