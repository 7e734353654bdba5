//! `override <name> of <template> { … }`: the SDK's `TaskTemplate.override()`
//! set, its forbidden attributes (with the SDK's wording), the reusable-env
//! restriction, and the effective settings (values replace; no falsy
//! fallback, so `retries = 0` means zero retries).

use super::attrs;
use super::cx::Cx;
use super::limits::{self, SHORT_NAME_LIMIT};
use super::model::{Override, Reusable, Settings, Task, TaskKind};
use super::namespace::{InFile, Namespace};
use super::provenance::{DeclKind, DeclRef};
use super::schema::{self, Kinds, OnOverride, overlay};
use super::settings::lower_setting;
use super::templates::TASK_KIND_CONFLICT;
use crate::diagnostics::{Code, Diagnostic};
use crate::syntax::ast::{self, Attribute, Entry};

pub(crate) const NOT_OVERRIDABLE: Code = Code::E0601;
pub(crate) const REUSABLE_OVERRIDE: Code = Code::E0602;
pub(crate) const PLUGIN_OVERRIDE: Code = Code::E0603;
pub(crate) const UNKNOWN_TEMPLATE: Code = Code::E0107;

pub(crate) fn resolve_override(
    text: Option<&str>,
    ns: &Namespace,
    tasks: &[std::sync::Arc<Task>],
    o: &InFile<ast::OverrideDecl>,
    diags: &mut Vec<Diagnostic>,
) -> Option<Override> {
    let d = o.decl;
    let decl = DeclRef::new(DeclKind::Override, &d.name.name);
    let mut cx = Cx::new(o.file, diags).with_text(text);
    let own = read_body(&mut cx, &decl, d);
    let Some(task) = ns
        .template_index
        .get(d.template.name.as_str())
        .and_then(|&i| tasks.get(i))
    else {
        let help = match ns.template_suggester().did_you_mean(&d.template.name) {
            Some(s) => format!("did you mean `{s}`?"),
            None => "an override names a template declared with `template <name> in <env> { … }`"
                .to_string(),
        };
        cx.push(
            Diagnostic::error(
                UNKNOWN_TEMPLATE,
                o.at(d.template.span),
                format!("unknown template `{}`", d.template.name),
            )
            .with_help(help),
        );
        return None;
    };

    check_plugin_base(&mut cx, task, o);
    check_kind_fit(&mut cx, task, &own);
    check_reusable(&mut cx, task, &own);

    let settings = overlay(&task.settings, &own);
    let short_name = match &own.short_name {
        Some(s) => {
            limits::warn_truncated(
                cx.diags,
                s.value_at(),
                "short_name",
                &s.value,
                SHORT_NAME_LIMIT,
                false,
            );
            limits::hard_cut(&s.value, SHORT_NAME_LIMIT)
        }
        None => task.short_name.clone(),
    };
    Some(Override {
        name: d.name.name.clone(),
        name_at: o.at(d.name.span),
        decl_at: o.at(d.span),
        doc: d.doc.as_ref().map(|doc| doc.text.clone()),
        template: task.name.clone(),
        template_at: o.at(d.template.span),
        env: task.env.clone(),
        task_id: task.task_id.clone(),
        short_name,
        settings,
    })
}

fn read_body(cx: &mut Cx, decl: &DeclRef, d: &ast::OverrideDecl) -> Settings {
    let what = format!("override {}", d.name.name);
    let mut settings = Settings::default();
    let mut seen: Vec<&Attribute> = Vec::new();
    for entry in &d.body.entries {
        match entry {
            Entry::Attr(attr) => {
                if !attrs::first_setting(cx, &mut seen, attr, &what) {
                    continue;
                }
                let key = attr.key.name.as_str();
                match schema::attribute(key).map(|row| row.on_override) {
                    Some(OnOverride::Sdk(_)) => {
                        lower_setting(cx, decl, attr, &mut settings);
                    }
                    Some(OnOverride::Refused(message, help)) => {
                        forbidden(cx, attr.key.span, message, help)
                    }
                    Some(OnOverride::NotOverridable) => forbidden(
                        cx,
                        attr.key.span,
                        &format!("`{key}` cannot be overridden"),
                        &format!(
                            "an override can set {}",
                            super::value_readers::list_words(schema::override_attributes())
                        ),
                    ),
                    Some(OnOverride::Unknown) | None => {
                        attrs::unknown_attr(cx, &attr.key, &what, schema::override_attributes())
                    }
                }
            }
            Entry::Returns(r) => forbidden(
                cx,
                r.keyword,
                "Interface cannot be overridden",
                "an override keeps its template's inputs and outputs",
            ),
            Entry::Labeled(b) => forbidden(
                cx,
                b.kind.span,
                &format!("`{}` blocks cannot be overridden", b.kind.name),
                "put them on the template",
            ),
            Entry::Field(f) => forbidden(
                cx,
                f.name.span,
                "Interface cannot be overridden",
                "an override keeps its template's inputs and outputs",
            ),
        }
    }
    settings
}

fn forbidden(cx: &mut Cx, span: crate::source::Span, message: &str, help: &str) {
    cx.error(NOT_OVERRIDABLE, span, message, help);
}

/// On a reusable task, an override may not change resources, env vars,
/// secrets or the service account unless it also turns reuse off.
fn check_reusable(cx: &mut Cx, task: &Task, own: &Settings) {
    let turns_off = matches!(own.reusable.as_ref().map(|s| &s.value), Some(Reusable::Off));
    if turns_off {
        return;
    }
    let reusable = own.reusable.as_ref().or(task.settings.reusable.as_ref());
    let Some(reusable) = reusable else {
        return;
    };
    if !matches!(reusable.value, Reusable::Policy(_)) {
        return;
    }
    let checks: [(&str, &str, Option<crate::source::FileSpan>); 4] = [
        (
            "resources",
            "resources",
            own.resources.as_ref().map(|s| s.origin().key),
        ),
        (
            "env",
            "env_vars",
            own.env_vars.as_ref().map(|s| s.origin().key),
        ),
        (
            "secrets",
            "secrets",
            own.secrets.as_ref().map(|s| s.origin().key),
        ),
        (
            "service_account",
            "service_account",
            own.service_account.as_ref().map(|s| s.origin().key),
        ),
    ];
    for (word, _attr, at) in checks {
        let Some(at) = at else {
            continue;
        };
        cx.push(
            Diagnostic::error(
                REUSABLE_OVERRIDE,
                at,
                format!(
                    "Cannot override {word} when reusable is set. Reusable tasks will use the parent env's {word}. You can disable reusability and override {word} if needed. (set reusable='off')"
                ),
            )
            .with_label(reusable.origin().key, format!("reusable set in {} here", reusable.origin().decl))
            .with_help("add `reusable = off` to this override"),
        );
    }
}

/// An attribute the base task's kind does not have (docs/language.md §9).
/// E0603: the SDK cannot override a query or container task.
fn check_plugin_base(cx: &mut Cx, task: &Task, o: &InFile<ast::OverrideDecl>) {
    let word = match task.kind {
        TaskKind::Function { .. } => return,
        TaskKind::Query(_) => "query",
        TaskKind::Container(_) => "container",
    };
    cx.push(
        Diagnostic::error(
            PLUGIN_OVERRIDE,
            o.at(o.decl.template.span),
            format!(
                "template `{}` is a {word} task, which the SDK's `override()` cannot copy",
                task.name
            ),
        )
        .with_label(task.name_at, format!("`{}` is declared here", task.name))
        .with_help("declare another template with the settings this call site needs"),
    );
}

fn check_kind_fit(cx: &mut Cx, task: &Task, own: &Settings) {
    let (word, kind) = match task.kind {
        TaskKind::Function { .. } => return,
        TaskKind::Query(_) => ("query", Kinds::QUERY),
        TaskKind::Container(_) => ("container", Kinds::CONTAINER),
    };
    for name in own.set_attributes() {
        if schema::attribute(name).is_none_or(|row| row.applies_to(kind)) {
            continue;
        }
        if let Some(p) = own.provenance(name) {
            cx.push(
                Diagnostic::error(
                    TASK_KIND_CONFLICT,
                    p.origin.key,
                    format!(
                        "`{name}` does not apply to template `{}`, a {word} task",
                        task.name
                    ),
                )
                .with_label(task.name_at, format!("`{}` is declared here", task.name))
                .with_help(format!("remove `{name}` from this override")),
            );
        }
    }
}
