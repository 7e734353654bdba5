//! Checks that tie a template to its env and inputs: reusable envs (no pod
//! template, no other service account, no debuggable, async for
//! concurrency), container tasks (an image, no plugin, no reuse), plugin
//! envs (function tasks only), `cache.ignored_inputs`; and the `///` docs.

use super::cache::BAD_CACHE;
use super::cx::Cx;
use super::interface::Interface;
use super::limits::{self, LONG_DOC_LIMIT, SHORT_DOC_LIMIT};
use super::model::{Docs, Env, Settings};
use super::provenance::DeclKind;
use super::reusable_checks::REUSABLE_CONFLICT;
use super::suggest_name;
use super::template_parts::Parts;
use crate::diagnostics::Diagnostic;
use crate::source::FileSpan;
use crate::syntax::ast;

/// `///` text: the first paragraph is the short description (its lines
/// joined by spaces), the rest the long description.
pub(crate) fn docs(cx: &mut Cx, d: &ast::TemplateDecl) -> Docs {
    let Some(doc) = &d.doc else {
        return Docs::default();
    };
    let text = doc.text.trim();
    let (first, rest) = match text.find("\n\n").or_else(|| find_blank_line(text)) {
        Some(i) => (&text[..i], text[i..].trim()),
        None => (text, ""),
    };
    let short = first.lines().map(str::trim).collect::<Vec<_>>().join(" ");
    let at = cx.at(doc.span);
    limits::warn_truncated(
        cx.diags,
        at,
        "the short description (first paragraph of `///`)",
        &short,
        SHORT_DOC_LIMIT,
        true,
    );
    limits::warn_truncated(
        cx.diags,
        at,
        "the long description (`///` after the first paragraph)",
        rest,
        LONG_DOC_LIMIT,
        true,
    );
    Docs {
        short: (!short.is_empty()).then(|| limits::truncate_description(&short, SHORT_DOC_LIMIT)),
        long: (!rest.is_empty()).then(|| limits::truncate_description(rest, LONG_DOC_LIMIT)),
        at: Some(at),
    }
}

/// A line holding only whitespace.
fn find_blank_line(text: &str) -> Option<usize> {
    let mut offset = 0;
    for line in text.split_inclusive('\n') {
        if offset > 0 && line.trim().is_empty() {
            return Some(offset);
        }
        offset += line.len();
    }
    None
}

/// `@env.task` on a reusable env: no pod_template, no different
/// service_account, no `debuggable = true`, and concurrency above 1 only
/// for async functions.
pub(crate) fn check_reusable_env(cx: &mut Cx, env: &Env, parts: &Parts, d: &ast::TemplateDecl) {
    let Some(reusable) = &env.settings.reusable else {
        return;
    };
    let Some(policy) = env.settings.reuse_policy() else {
        return;
    };
    let reusable_at = reusable.origin().key;
    if let Some(pod) = &parts.settings.pod_template {
        cx.push(
            Diagnostic::error(
                REUSABLE_CONFLICT,
                pod.origin().key,
                "Cannot set pod_template when environment is reusable.",
            )
            .with_label(reusable_at, format!("env `{}` is reusable here", env.name))
            .with_help("remove `pod_template`, or use an env that is not reusable"),
        );
    }
    if let Some(sa) = &parts.settings.service_account {
        let env_sa = env.settings.service_account.as_ref();
        if env_sa.map(|s| &s.value) != Some(&sa.value) {
            let mut diag = Diagnostic::error(REUSABLE_CONFLICT, sa.value_at(), "Cannot override service_account when environment is reusable.")
                .with_label(reusable_at, format!("env `{}` is reusable here", env.name))
                .with_help("a reusable env's containers run with the env's service account; remove `service_account` here");
            if let Some(env_sa) = env_sa {
                diag = diag.with_label(env_sa.value_at(), "the env's service account");
            }
            cx.push(diag);
        }
    }
    if let Some(debuggable) = &parts.settings.debuggable {
        if debuggable.value {
            cx.push(
                Diagnostic::error(
                    REUSABLE_CONFLICT,
                    debuggable.value_at(),
                    "a task of a reusable env is not debuggable (the SDK turns debuggable off for reusable tasks)",
                )
                .with_label(reusable_at, format!("env `{}` is reusable here", env.name))
                .with_help("remove `debuggable = true`, or use an env that is not reusable"),
            );
        }
    }
    if policy.concurrency > 1 {
        let is_async = parts.is_async.is_some_and(|(b, _)| b);
        if !is_async {
            let primary = match parts.is_async {
                Some((_, span)) => cx.at(span),
                None => cx.at(d.name.span),
            };
            cx.push(
                Diagnostic::error(
                    REUSABLE_CONFLICT,
                    primary,
                    "Reusable environments with concurrency greater than 1 are only supported for async tasks. Please use an async function or set concurrency to 1.",
                )
                .with_label(policy.concurrency_at.unwrap_or(reusable.value_at()), format!("env `{}` runs {} tasks at once per replica", env.name, policy.concurrency))
                .with_help("add `async = true` (and make the Python function `async def`), or set `concurrency = 1`"),
            );
        }
    }
}

/// An `ignored_inputs` entry of an env's cache that names no input of a
/// template of that env. Collected over the workspace and reported once per
/// entry, with every template it fails for.
#[derive(Debug, Clone)]
pub(crate) struct IgnoredMiss {
    pub entry: super::model::Spanned<String>,
    pub template: String,
    pub template_at: FileSpan,
}

/// `cache.ignored_inputs` must name inputs of the task. A template's own
/// cache is reported here; an inherited one is collected in `misses`.
pub(crate) fn check_ignored_inputs(
    cx: &mut Cx,
    settings: &Settings,
    iface: &Interface,
    template: &str,
    template_at: FileSpan,
    misses: &mut Vec<IgnoredMiss>,
) {
    let Some(cache) = &settings.cache else {
        return;
    };
    if iface.incomplete {
        return;
    }
    let names: Vec<&str> = iface.input_names.iter().map(String::as_str).collect();
    for ignored in &cache.value.ignored_inputs {
        if names.contains(&ignored.value.as_str()) {
            continue;
        }
        if cache.origin().decl.kind != DeclKind::Template {
            misses.push(IgnoredMiss {
                entry: ignored.clone(),
                template: template.to_string(),
                template_at,
            });
            continue;
        }
        let help = match suggest_name(&ignored.value, &names) {
            Some(s) => format!("did you mean `{s}`?"),
            None if names.is_empty() => format!("template `{template}` has no inputs"),
            None => format!(
                "inputs of `{template}`: {}",
                super::value_readers::list_words(&names)
            ),
        };
        cx.push(
            Diagnostic::error(
                BAD_CACHE,
                ignored.at,
                format!(
                    "`{}` in `ignored_inputs` is not an input of template `{template}`",
                    ignored.value
                ),
            )
            .with_help(help),
        );
    }
}

/// One diagnostic per inherited `ignored_inputs` entry that some templates
/// lack, labelled at each of them.
pub(crate) fn report_ignored_misses(misses: Vec<IgnoredMiss>, diags: &mut Vec<Diagnostic>) {
    let mut groups: Vec<(super::model::Spanned<String>, Vec<IgnoredMiss>)> = Vec::new();
    for miss in misses {
        match groups
            .iter_mut()
            .find(|(e, _)| e.at == miss.entry.at && e.value == miss.entry.value)
        {
            Some((_, list)) => list.push(miss),
            None => groups.push((miss.entry.clone(), vec![miss])),
        }
    }
    for (entry, list) in groups {
        let names: Vec<String> = list.iter().map(|m| format!("`{}`", m.template)).collect();
        let which = if names.len() == 1 {
            format!("template {}, which inherits", names.join(""))
        } else {
            format!("templates {}, which inherit", names.join(", "))
        };
        let mut d = Diagnostic::error(
            BAD_CACHE,
            entry.at,
            format!(
                "`{}` in `ignored_inputs` is not an input of {which} this cache",
                entry.value
            ),
        )
        .with_help(
            "every task that inherits the env's cache must have each ignored input; set `cache` on those templates, or drop the entry",
        );
        for m in &list {
            d = d.with_label(
                m.template_at,
                format!("`{}` has no input `{}`", m.template, entry.value),
            );
        }
        diags.push(d);
    }
}
