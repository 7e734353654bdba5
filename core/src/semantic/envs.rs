//! `env` declarations: their bodies, their `extends` chains (unknown
//! parents, self-extension and cycles reported once, with the chain), the
//! resolved settings after inheritance, and the checks that need a whole env.

use super::attrs::{self, MISPLACED_ATTR, UNEXPECTED_ENTRY};
use super::cx::Cx;
use super::image;
use super::limits::{self, DESCRIPTION_LIMIT, ENV_NAME_LIMIT};
use super::model::{Env, Settings, Spanned};
use super::namespace::{InFile, Namespace};
use super::plugin::lower_plugin;
use super::provenance::{DeclKind, DeclRef, Setting};
use super::reusable_checks::conflict;
use super::schema::{self, Places, overlay};
use super::settings::{is_setting, lower_setting};
use super::suggest_name;
use crate::diagnostics::{Code, Diagnostic};
use crate::source::FileSpan;
use crate::syntax::ast::{self, Attribute, Entry};

pub(crate) const UNKNOWN_ENV: Code = Code::E0106;
pub(crate) const INHERITANCE_CYCLE: Code = Code::E0108;
pub(crate) const NOT_INHERITABLE: Code = Code::E0110;
pub(crate) const DEPENDS_ON_CYCLE: Code = Code::E0111;

/// An env's own (not inherited) settings.
struct Declared {
    settings: Settings,
}

/// Resolve every env of the namespace, in namespace order.
pub(crate) fn resolve_envs(ns: &Namespace, diags: &mut Vec<Diagnostic>) -> Vec<Env> {
    let declared: Vec<Declared> = ns.envs.iter().map(|e| lower_env_body(e, diags)).collect();
    let parents = resolve_parents(ns, diags);
    let order = resolution_order(&parents);

    let mut resolved: Vec<Option<Settings>> = vec![None; ns.envs.len()];
    let mut broken = vec![false; ns.envs.len()];
    for &i in &order {
        let (settings, is_broken) = match parents.get(i) {
            Some(Parent::Env(p)) => {
                let base = resolved.get(*p).cloned().flatten().unwrap_or_default();
                let parent_broken = broken.get(*p).copied().unwrap_or(false);
                let settings = overlay(&base, &declared[i].settings);
                if let Some(own) = &declared[i].settings.image {
                    let merged = settings.image.as_ref().map(|s| &s.value);
                    let inherited = base.image.as_ref().map(|s| &s.value);
                    image::check_layering(inherited, own, merged, diags);
                }
                (settings, parent_broken)
            }
            Some(Parent::Broken) => (declared[i].settings.clone(), true),
            _ => {
                let own = &declared[i].settings;
                if let Some(image) = &own.image {
                    image::check_layering(None, image, Some(&image.value), diags);
                }
                (own.clone(), false)
            }
        };
        resolved[i] = Some(settings);
        broken[i] = is_broken;
    }

    let mut envs = Vec::with_capacity(ns.envs.len());
    for (i, e) in ns.envs.iter().enumerate() {
        let settings = resolved.get(i).cloned().flatten().unwrap_or_default();
        let env = build_env(
            ns,
            &parents,
            i,
            e,
            settings,
            broken.get(i).copied().unwrap_or(false),
        );
        check_env(ns, &env, &declared[i].settings, e, diags);
        envs.push(env);
    }
    envs
}

fn build_env(
    ns: &Namespace,
    parents: &[Parent],
    i: usize,
    e: &InFile<ast::EnvDecl>,
    settings: Settings,
    broken: bool,
) -> Env {
    let d = e.decl;
    let mut chain = vec![d.name.name.clone()];
    let mut at = i;
    while let Some(Parent::Env(p)) = parents.get(at) {
        if chain.len() > parents.len() {
            break;
        }
        if let Some(pe) = ns.envs.get(*p) {
            chain.push(pe.decl.name.name.clone());
        }
        at = *p;
    }
    let wire_description = settings
        .description
        .as_ref()
        .map(|s| limits::truncate_description(&s.value, DESCRIPTION_LIMIT));
    Env {
        name: d.name.name.clone(),
        name_at: e.at(d.name.span),
        decl_at: e.at(d.span),
        doc: d.doc.as_ref().map(|doc| doc.text.clone()),
        extends: d
            .extends
            .as_ref()
            .map(|p| Spanned::new(p.name.clone(), e.at(p.span))),
        chain,
        wire_name: d.name.name.chars().take(ENV_NAME_LIMIT).collect(),
        wire_description,
        settings,
        broken,
    }
}

fn lower_env_body(e: &InFile<ast::EnvDecl>, diags: &mut Vec<Diagnostic>) -> Declared {
    let decl = DeclRef::new(DeclKind::Env, &e.decl.name.name);
    let mut cx = Cx::new(e.file, diags);
    let mut settings = Settings::default();
    let mut seen: Vec<&Attribute> = Vec::new();
    let what = format!("env {}", e.decl.name.name);
    let mut plugin_seen: Option<&ast::LabeledBlock> = None;
    for entry in &e.decl.body.entries {
        match entry {
            Entry::Attr(attr) => {
                if !attrs::first_setting(&mut cx, &mut seen, attr, &what) {
                    continue;
                }
                let key = attr.key.name.as_str();
                if key == "plugin" {
                    cx.error(
                        UNEXPECTED_ENTRY,
                        attr.key.span,
                        "a plugin is written `plugin <name> { … }`",
                        "write e.g. `plugin dask { workers { number_of_workers = 4 } }`",
                    );
                } else if let Some(row) = schema::attribute(key)
                    .filter(|row| row.places.any(Places::ENV) && is_setting(key))
                {
                    if let Some(parent) = &e.decl.extends {
                        if !row.places.has(Places::CHILD_ENV) {
                            not_on_child_env(&mut cx, &attr.key, &parent.name);
                            continue;
                        }
                    }
                    lower_setting(&mut cx, &decl, attr, &mut settings);
                } else if schema::attribute(key)
                    .is_some_and(|row| row.places.any(Places::TEMPLATE.or(Places::OVERRIDE)))
                {
                    cx.error(
                        MISPLACED_ATTR,
                        attr.key.span,
                        format!("`{key}` is a task attribute; an env cannot set it"),
                        format!("set `{key}` in each `template` (or in an `override`)"),
                    );
                } else {
                    attrs::unknown_attr(
                        &mut cx,
                        &attr.key,
                        &format!("env {}", e.decl.name.name),
                        schema::env_attributes(),
                    );
                }
            }
            Entry::Labeled(block) if block.kind.name == "plugin" => {
                if let Some(parent) = &e.decl.extends {
                    let key = ast::Key {
                        name: "plugin".to_string(),
                        quoted: false,
                        span: block.kind.span,
                    };
                    not_on_child_env(&mut cx, &key, &parent.name);
                    continue;
                }
                if let Some(first) = plugin_seen {
                    let first_at = cx.at(first.kind.span.cover(first.label.span));
                    cx.push(
                        Diagnostic::error(
                            attrs::DUPLICATE_KEY,
                            cx.at(block.kind.span.cover(block.label.span)),
                            "an env has at most one plugin",
                        )
                        .with_label(first_at, "first plugin here")
                        .with_help("remove one of the plugin blocks"),
                    );
                    continue;
                }
                plugin_seen = Some(block);
                if let Some(plugin) = lower_plugin(&mut cx, block) {
                    settings.plugin = Some(Setting::new(
                        plugin,
                        super::provenance::Origin {
                            decl: decl.clone(),
                            entry: cx.at(block.span),
                            key: cx.at(block.kind.span.cover(block.label.span)),
                            value: cx.at(block.body.span),
                            op: ast::AssignOp::Block,
                        },
                    ));
                }
            }
            Entry::Labeled(block) if matches!(block.kind.name.as_str(), "trigger" | "sql") => {
                cx.error(
                    MISPLACED_ATTR,
                    block.kind.span,
                    format!(
                        "`{}` blocks belong in a template, not an env",
                        block.kind.name
                    ),
                    "move it into a `template … in <env> { … }`",
                );
            }
            Entry::Labeled(block) => {
                let help = match suggest_name(&block.kind.name, &["plugin"]) {
                    Some(s) => format!("did you mean `{s} {} {{ … }}`?", block.label.name),
                    None => {
                        "an env holds `name = value` entries and `plugin <name> { … }`".to_string()
                    }
                };
                cx.error(
                    UNEXPECTED_ENTRY,
                    block.kind.span,
                    format!(
                        "unknown block `{} {}` in env {}",
                        block.kind.name, block.label.name, e.decl.name.name
                    ),
                    help,
                );
            }
            other => attrs::unexpected_entry(&mut cx, other, &format!("env {}", e.decl.name.name)),
        }
    }
    Declared { settings }
}

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Parent {
    None,
    Env(usize),
    /// Unknown parent, self-extension or part of a cycle: already reported.
    Broken,
}

fn resolve_parents(ns: &Namespace, diags: &mut Vec<Diagnostic>) -> Vec<Parent> {
    let mut parents: Vec<Parent> = ns
        .envs
        .iter()
        .map(|e| {
            let Some(p) = &e.decl.extends else {
                return Parent::None;
            };
            if p.name == e.decl.name.name {
                diags.push(
                    Diagnostic::error(
                        INHERITANCE_CYCLE,
                        e.at(p.span),
                        format!("env `{}` extends itself", p.name),
                    )
                    .with_help("remove `extends`, or name the env it should copy"),
                );
                return Parent::Broken;
            }
            match ns.env(&p.name) {
                Some(i) => Parent::Env(i),
                None => {
                    diags.push(unknown_env(
                        ns,
                        e.at(p.span),
                        &p.name,
                        &format!("env `{}` extends", e.decl.name.name),
                    ));
                    Parent::Broken
                }
            }
        })
        .collect();

    // Cycles: walk up from every env; a walk that meets itself is a cycle.
    let mut state = vec![0u8; parents.len()]; // 0 new, 1 on the current walk, 2 done
    for start in 0..parents.len() {
        let mut path: Vec<usize> = Vec::new();
        let mut at = start;
        loop {
            match state.get(at).copied() {
                Some(0) => {
                    state[at] = 1;
                    path.push(at);
                    match parents.get(at) {
                        Some(Parent::Env(p)) => at = *p,
                        _ => break,
                    }
                }
                Some(1) => {
                    if let Some(pos) = path.iter().position(|&n| n == at) {
                        let cycle: Vec<usize> = path[pos..].to_vec();
                        report_cycle(ns, &cycle, diags);
                        for &n in &cycle {
                            parents[n] = Parent::Broken;
                        }
                    }
                    break;
                }
                _ => break,
            }
        }
        for n in path {
            state[n] = 2;
        }
    }
    parents
}

fn report_cycle(ns: &Namespace, cycle: &[usize], diags: &mut Vec<Diagnostic>) {
    // Start the printed chain at the member declared first.
    let Some(first_pos) = (0..cycle.len()).min_by_key(|&k| cycle[k]) else {
        return;
    };
    let ordered: Vec<usize> = cycle[first_pos..]
        .iter()
        .chain(&cycle[..first_pos])
        .copied()
        .collect();
    let names: Vec<&str> = ordered
        .iter()
        .filter_map(|&i| ns.envs.get(i))
        .map(|e| e.decl.name.name.as_str())
        .collect();
    let Some(head) = ordered.first().and_then(|&i| ns.envs.get(i)) else {
        return;
    };
    let Some(head_extends) = &head.decl.extends else {
        return;
    };
    let chain = format!(
        "{} → {}",
        names.join(" → "),
        names.first().copied().unwrap_or("")
    );
    let mut d = Diagnostic::error(
        INHERITANCE_CYCLE,
        head.at(head_extends.span),
        format!("env inheritance cycle: {chain}"),
    )
    .with_help(
        "an env cannot inherit from itself, directly or through its parents; remove one `extends`",
    );
    for &i in ordered.iter().skip(1) {
        if let Some(e) = ns.envs.get(i) {
            if let Some(p) = &e.decl.extends {
                d = d.with_label(
                    e.at(p.span),
                    format!("`{}` extends `{}` here", e.decl.name.name, p.name),
                );
            }
        }
    }
    diags.push(d);
}

/// Parents before children; envs in a broken chain still appear once.
fn resolution_order(parents: &[Parent]) -> Vec<usize> {
    let mut done = vec![false; parents.len()];
    let mut order = Vec::with_capacity(parents.len());
    for start in 0..parents.len() {
        let mut stack = Vec::new();
        let mut at = start;
        while !done.get(at).copied().unwrap_or(true) && !stack.contains(&at) {
            stack.push(at);
            match parents.get(at) {
                Some(Parent::Env(p)) => at = *p,
                _ => break,
            }
        }
        while let Some(n) = stack.pop() {
            if !done[n] {
                done[n] = true;
                order.push(n);
            }
        }
    }
    order
}

/// E0106 with a did-you-mean over the env names.
/// `context` says who names it: "env `gpu` extends", "template `t` is in".
pub(crate) fn unknown_env(ns: &Namespace, at: FileSpan, name: &str, context: &str) -> Diagnostic {
    let names = ns.env_suggester();
    let help = match names.did_you_mean(name) {
        Some(s) => format!("did you mean `{s}`?"),
        None if names.is_empty() => "declare it with `env <name> { … }`".to_string(),
        None => format!("declare `env {name} {{ … }}`, or use one of the envs of the workspace"),
    };
    Diagnostic::error(
        UNKNOWN_ENV,
        at,
        format!("{context} `{name}`, which is not declared"),
    )
    .with_help(help)
}

/// Checks over a resolved env. A conflict is reported only where one of its
/// sides is written, so a child env does not repeat its parent's error.
fn check_env(
    ns: &Namespace,
    env: &Env,
    own: &Settings,
    e: &InFile<ast::EnvDecl>,
    diags: &mut Vec<Diagnostic>,
) {
    let decl = env.decl();
    let s = &env.settings;
    if let (Some(reusable), Some(pod)) = (&s.reusable, &s.pod_template) {
        if s.reuse_policy().is_some() {
            if let Some(d) = conflict(
                &decl,
                reusable,
                pod,
                "Cannot set pod_template when environment is reusable.",
                "remove `pod_template`, or set `reusable = off`",
            ) {
                diags.push(d);
            }
        }
    }
    if let (Some(reusable), Some(plugin)) = (&s.reusable, &s.plugin) {
        if s.reuse_policy().is_some() {
            if let Some(d) = conflict(
                &decl,
                reusable,
                plugin,
                "Cannot set plugin_config when environment is reusable.",
                "a plugin task cannot run in a reusable container; remove one of the two",
            ) {
                diags.push(d);
            }
        }
    }
    if let Some(deps) = &own.depends_on {
        for dep in &deps.value {
            if ns.env(&dep.value).is_none() {
                diags.push(unknown_env(
                    ns,
                    dep.at,
                    &dep.value,
                    &format!("env `{}` depends on env", env.name),
                ));
            }
        }
    }
    if let Some(desc) = &own.description {
        limits::warn_truncated(
            diags,
            desc.value_at(),
            "env description",
            &desc.value,
            DESCRIPTION_LIMIT,
            true,
        );
    }
    let name_len = e.decl.name.name.chars().count();
    if name_len > ENV_NAME_LIMIT {
        diags.push(
            Diagnostic::warning(
                limits::TRUNCATED,
                env.name_at,
                format!("env name is {name_len} characters long; Flyte's `environment.name` is cut to {ENV_NAME_LIMIT}"),
            )
            .with_help(format!("use a name of at most {ENV_NAME_LIMIT} characters")),
        );
    }
}

/// True when the setting was written in `decl` itself.
pub(crate) fn is_local<T>(s: &Setting<T>, decl: &DeclRef) -> bool {
    s.provenance.is_declared_in(decl) || s.provenance.contributions.iter().any(|o| o.decl == *decl)
}

/// E0110: `queue`, `pod_template` and `plugin` on a child env. The SDK's
/// `clone_with` has no such keyword, so a child only inherits them.
fn not_on_child_env(cx: &mut Cx, key: &ast::Key, parent: &str) {
    // The SDK names the keyword it rejects.
    let name = schema::attribute(&key.name).map_or(key.name.as_str(), |row| row.sdk);
    let help = if key.name == "plugin" {
        format!(
            "a child env inherits its parent's plugin; set it on the root env (`{parent}` or its ancestors)"
        )
    } else {
        format!(
            "set `{}` on the root env (`{parent}` or its ancestors), or on the templates of this env",
            key.name
        )
    };
    cx.error(
        NOT_INHERITABLE,
        key.span,
        format!(
            "an env that `extends` another cannot set `{}`: the SDK's clone_with rejects it (\"Unexpected keyword arguments: ['{name}']\")",
            key.name
        ),
        help,
    );
}

/// `depends_on` cycles over the resolved envs (an inherited `depends_on`
/// counts, as `clone_with` copies it). Each cycle is reported once.
pub(crate) fn check_depends_on_cycles(ns: &Namespace, envs: &[Env], diags: &mut Vec<Diagnostic>) {
    let edges: Vec<Vec<(usize, FileSpan)>> = envs
        .iter()
        .map(|env| {
            env.settings
                .depends_on
                .as_ref()
                .map(|deps| {
                    deps.value
                        .iter()
                        .filter_map(|d| ns.env(&d.value).map(|i| (i, d.at)))
                        .collect()
                })
                .unwrap_or_default()
        })
        .collect();
    let mut reported: Vec<Vec<usize>> = Vec::new();
    let mut state = vec![0u8; envs.len()];
    for start in 0..envs.len() {
        let mut path: Vec<(usize, usize)> = Vec::new(); // (env, next edge)
        if state.get(start) != Some(&0) {
            continue;
        }
        state[start] = 1;
        path.push((start, 0));
        while let Some(&mut (node, ref mut next)) = path.last_mut() {
            let Some(&(to, at)) = edges.get(node).and_then(|e| e.get(*next)) else {
                state[node] = 2;
                path.pop();
                continue;
            };
            *next += 1;
            match state.get(to) {
                Some(0) => {
                    state[to] = 1;
                    path.push((to, 0));
                }
                Some(1) => {
                    let Some(pos) = path.iter().position(|&(n, _)| n == to) else {
                        continue;
                    };
                    let members: Vec<usize> = path[pos..].iter().map(|&(n, _)| n).collect();
                    let mut key = members.clone();
                    key.sort_unstable();
                    if reported.contains(&key) {
                        continue;
                    }
                    reported.push(key);
                    let names: Vec<&str> = members
                        .iter()
                        .filter_map(|&n| envs.get(n))
                        .map(|e| e.name.as_str())
                        .collect();
                    let message = if members.len() == 1 {
                        format!("env `{}` depends on itself", names.join(""))
                    } else {
                        format!(
                            "`depends_on` cycle: {} → {}",
                            names.join(" → "),
                            names.first().copied().unwrap_or("")
                        )
                    };
                    diags.push(
                        Diagnostic::error(DEPENDS_ON_CYCLE, at, message).with_help(
                            "`depends_on` orders deploys; remove one of the dependencies",
                        ),
                    );
                }
                _ => {}
            }
        }
    }
}
