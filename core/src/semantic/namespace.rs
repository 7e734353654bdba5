//! The namespaces over every file of the workspace: envs, templates and
//! overrides by name, duplicates reported with both places, and env names
//! checked against the SDK's pattern.
//!
//! There is one namespace per kind of name a reference can mean, and the
//! syntax says which one a reference means: `extends`, `in` and
//! `depends_on` name envs, `of` names a template, a type position (after
//! `:`, `returns`, in `list[...]`) names a type. Templates and overrides
//! share one: both become tasks and Python globals called by their name.

use std::collections::hash_map::Entry;
use std::sync::OnceLock;

use foldhash::{HashMap, HashMapExt};

use crate::diagnostics::suggest::NameSuggester;
use crate::diagnostics::{Code, Diagnostic};
use crate::source::{FileId, FileSpan};
use crate::syntax::ast::{self, Ident, Item};

pub(crate) const DUPLICATE_ENV: Code = Code::E0101;
pub(crate) const DUPLICATE_NAME: Code = Code::E0102;
pub(crate) const OVERRIDE_OUTPUT_CLASH: Code = Code::E0104;
pub(crate) const BAD_ENV_NAME: Code = Code::E0105;

/// A declaration and the file it is in.
#[derive(Clone, Copy)]
pub(crate) struct InFile<'a, T> {
    pub file: FileId,
    pub decl: &'a T,
}

impl<T> InFile<'_, T> {
    pub fn at(&self, span: crate::source::Span) -> FileSpan {
        FileSpan::new(self.file, span)
    }
}

/// The declarations of the workspace, each name once (the first one in
/// workspace order wins; later ones were reported).
pub(crate) struct Namespace<'a> {
    pub envs: Vec<InFile<'a, ast::EnvDecl>>,
    pub templates: Vec<InFile<'a, ast::TemplateDecl>>,
    pub overrides: Vec<InFile<'a, ast::OverrideDecl>>,
    pub env_index: HashMap<&'a str, usize>,
    pub template_index: HashMap<&'a str, usize>,
    pub override_index: HashMap<&'a str, usize>,
    /// Did-you-mean over the env and the template names, prepared on the
    /// first unknown name: every reference to an unknown env or template
    /// asks, and a fresh pass over all names per error is quadratic.
    env_suggester: OnceLock<NameSuggester<'a>>,
    template_suggester: OnceLock<NameSuggester<'a>>,
}

impl<'a> Namespace<'a> {
    pub fn env(&self, name: &str) -> Option<usize> {
        self.env_index.get(name).copied()
    }

    /// Did-you-mean over the env names.
    pub fn env_suggester(&self) -> &NameSuggester<'a> {
        self.env_suggester
            .get_or_init(|| NameSuggester::new(self.envs.iter().map(|e| e.decl.name.name.as_str())))
    }

    /// Did-you-mean over the template names.
    pub fn template_suggester(&self) -> &NameSuggester<'a> {
        self.template_suggester.get_or_init(|| {
            NameSuggester::new(self.templates.iter().map(|t| t.decl.name.name.as_str()))
        })
    }
}

/// Which namespace a declaration's name is in.
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
enum Space {
    Env,
    /// Templates and overrides.
    Task,
    Type,
}

/// Collect every declaration; report duplicate names (within one of the
/// namespaces of [`Space`]) and bad env names.
pub(crate) fn collect<'a>(
    files: &[(FileId, &'a ast::File)],
    diags: &mut Vec<Diagnostic>,
) -> Namespace<'a> {
    // Sized once: the language server collects every declaration of the
    // workspace on each keystroke.
    let items = files.iter().map(|(_, f)| f.items.len()).sum();
    let mut ns = Namespace {
        envs: Vec::new(),
        templates: Vec::with_capacity(items),
        overrides: Vec::new(),
        env_index: HashMap::new(),
        template_index: HashMap::with_capacity(items),
        override_index: HashMap::new(),
        env_suggester: OnceLock::new(),
        template_suggester: OnceLock::new(),
    };
    // Every name declared so far, in its namespace: its kind and where.
    let mut declared: HashMap<(Space, &str), (&'static str, FileSpan)> =
        HashMap::with_capacity(items);
    for &(file, ast_file) in files {
        for item in &ast_file.items {
            let (space, kind, name) = match item {
                Item::Env(d) => (Space::Env, "env", &d.name),
                Item::Template(d) => (Space::Task, "template", &d.name),
                Item::Override(d) => (Space::Task, "override", &d.name),
                Item::Type(d) => (Space::Type, "type", &d.name),
                Item::Error(_) => continue,
            };
            if let Item::Env(d) = item {
                check_env_name(file, &d.name, diags);
            }
            let at = FileSpan::new(file, name.span);
            match declared.entry((space, name.name.as_str())) {
                Entry::Occupied(first) => {
                    let &(first_kind, first_at) = first.get();
                    diags.push(duplicate(kind, name, at, first_kind, first_at));
                    continue;
                }
                Entry::Vacant(slot) => {
                    slot.insert((kind, at));
                }
            }
            match item {
                Item::Env(d) => {
                    ns.env_index.insert(&d.name.name, ns.envs.len());
                    ns.envs.push(InFile { file, decl: d });
                }
                Item::Template(d) => {
                    ns.template_index.insert(&d.name.name, ns.templates.len());
                    ns.templates.push(InFile { file, decl: d });
                }
                Item::Override(d) => {
                    ns.override_index.insert(&d.name.name, ns.overrides.len());
                    ns.overrides.push(InFile { file, decl: d });
                }
                Item::Type(_) | Item::Error(_) => {}
            }
        }
    }
    ns
}

fn duplicate(
    kind: &str,
    name: &Ident,
    at: FileSpan,
    first_kind: &str,
    first_at: FileSpan,
) -> Diagnostic {
    if kind == "env" && first_kind == "env" {
        return Diagnostic::error(
            DUPLICATE_ENV,
            at,
            format!(
                "Duplicate environment name '{}' found. Each TaskEnvironment must have a unique name.",
                name.name
            ),
        )
        .with_label(first_at, "first declared here")
        .with_help("rename one of the envs; names are shared by every file of the workspace");
    }
    let message = if kind == first_kind {
        format!("{kind} `{}` is declared twice", name.name)
    } else {
        format!(
            "{kind} `{}` has the name of {first_kind} `{}`",
            name.name, name.name
        )
    };
    let help = if kind == "type" {
        "rename one of them; type names are shared by every file of the workspace"
    } else {
        "rename one of them; templates and overrides share one namespace across the workspace"
    };
    Diagnostic::error(DUPLICATE_NAME, at, message)
        .with_label(
            first_at,
            format!("{first_kind} `{}` is declared here", name.name),
        )
        .with_help(help)
}

/// The SDK's env name pattern: `^[a-z0-9]+([_-][a-z0-9]+)*$`.
pub(crate) fn is_valid_env_name(name: &str) -> bool {
    !name.is_empty()
        && name.split(['_', '-']).all(|part| {
            !part.is_empty()
                && part
                    .chars()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit())
        })
}

/// A name that matches the pattern: lower case, separators squeezed, ends trimmed.
fn suggest_env_name(name: &str) -> Option<String> {
    let mut out = String::new();
    let mut prev_lower_or_digit = false;
    for c in name.chars() {
        if c.is_ascii_uppercase() {
            if prev_lower_or_digit && !out.ends_with(['_', '-']) {
                out.push('_');
            }
            out.push(c.to_ascii_lowercase());
            prev_lower_or_digit = false;
        } else if c == '_' || c == '-' {
            if !out.is_empty() && !out.ends_with(['_', '-']) {
                out.push(c);
            }
            prev_lower_or_digit = false;
        } else {
            out.push(c);
            prev_lower_or_digit = c.is_ascii_lowercase() || c.is_ascii_digit();
        }
    }
    let out = out.trim_end_matches(['_', '-']).to_string();
    is_valid_env_name(&out).then_some(out)
}

fn check_env_name(file: FileId, name: &Ident, diags: &mut Vec<Diagnostic>) {
    if is_valid_env_name(&name.name) {
        return;
    }
    let help = match suggest_env_name(&name.name) {
        Some(s) => format!(
            "env names use lower-case letters and digits separated by single `_` or `-`: try `{s}`"
        ),
        None => {
            "env names use lower-case letters and digits separated by single `_` or `-`".to_string()
        }
    };
    diags.push(
        Diagnostic::error(
            BAD_ENV_NAME,
            FileSpan::new(file, name.span),
            format!(
                "Environment name '{}' must be in snake_case or kebab-case format.",
                name.name
            ),
        )
        .with_help(help),
    );
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn env_names_follow_the_sdk_pattern() {
        for ok in ["minimal", "full-env", "a_b-c", "v2", "2fast"] {
            assert!(is_valid_env_name(ok), "{ok}");
        }
        for bad in ["Bad_Name", "_x", "x_", "a__b", "a-_b", "camelCase", ""] {
            assert!(!is_valid_env_name(bad), "{bad}");
        }
    }

    #[test]
    fn env_name_fixes_are_suggested() {
        assert_eq!(suggest_env_name("Bad_Name").as_deref(), Some("bad_name"));
        assert_eq!(suggest_env_name("camelCase").as_deref(), Some("camel_case"));
        assert_eq!(suggest_env_name("_x__y_").as_deref(), Some("x_y"));
    }
}
