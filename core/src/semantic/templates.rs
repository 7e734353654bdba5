//! `template <name> in <env> { … }`: what kind of task it is (function,
//! query or container), its identity (`<env>.<function>`, short name,
//! docs), its interface, and its effective settings (env values with the
//! template's on top). Checks that tie the template to its env live in
//! `template_checks`.

use super::attrs::{self, MISPLACED_ATTR, UNEXPECTED_ENTRY};
use super::container::{self, lower_container};
use super::cx::Cx;
use super::envs::unknown_env;
use super::interface::{self, Interface, is_python_identifier};
use super::limits::{self, NAME_TOO_LONG, SHORT_NAME_LIMIT, TASK_NAME_LIMIT};
use super::model::{Env, Image, Spanned, Task, TaskKind};
use super::namespace::{InFile, Namespace};
use super::options::SemanticOptions;
use super::provenance::{DeclKind, DeclRef};
use super::schema::{self, OnTemplate, Places, overlay};
use super::settings::{is_setting, lower_setting};
use super::sql::{self, lower_sql};
use super::suggest_name;
use super::template_checks;
use super::template_parts::{Kind, Parts};
use super::triggers::{InputSig, check_unique_trigger_names, resolve_trigger};
use super::types::TypeTable;
use super::value_readers;
use crate::diagnostics::Code;
use crate::diagnostics::Diagnostic;
use crate::source::{SourceDb, Span};
use crate::syntax::ast::{self, Attribute, Entry};

pub(crate) const BAD_MODULE: Code = Code::E0315;
pub(crate) const TASK_KIND_CONFLICT: Code = Code::E0506;
pub(crate) const QUERY_NOT_DEPLOYABLE: Code = Code::E0507;
pub(crate) const UNDEPLOYED_TRIGGERS: Code = Code::E0321;

/// What a template is resolved against: the source, the namespace, the
/// resolved envs, the named types and the options.
pub(crate) struct TemplateScope<'a> {
    pub db: &'a SourceDb,
    pub ns: &'a Namespace<'a>,
    pub envs: &'a [Env],
    pub types: &'a TypeTable,
    pub options: &'a SemanticOptions,
}

pub(crate) fn resolve_template(
    scope: &TemplateScope,
    t: &InFile<ast::TemplateDecl>,
    misses: &mut Vec<template_checks::IgnoredMiss>,
    diags: &mut Vec<Diagnostic>,
) -> Task {
    let TemplateScope {
        db,
        ns,
        envs,
        types,
        options,
    } = *scope;
    let text = db.get(t.file).map(|f| &*f.text);
    let d = t.decl;
    let decl = DeclRef::new(DeclKind::Template, &d.name.name);
    let env = match ns.env(&d.env.name).and_then(|i| envs.get(i)) {
        Some(env) => Some(env),
        None => {
            diags.push(unknown_env(
                ns,
                t.at(d.env.span),
                &d.env.name,
                &format!("template `{}` is in env", d.name.name),
            ));
            None
        }
    };
    let mut cx = Cx::new(t.file, diags).with_text(text);
    let kind = classify(&mut cx, d);
    let parts = read_body(&mut cx, &decl, d, kind);

    // Interface.
    let mut iface = Interface::default();
    if let Some(attr) = parts.inputs {
        interface::lower_inputs(&mut cx, types, attr, &mut iface);
    }
    match (parts.outputs, parts.returns) {
        (Some(outputs), Some(ret)) => {
            let outputs_at = cx.at(outputs.key.span);
            cx.push(
                Diagnostic::error(
                    interface::BAD_INTERFACE,
                    cx.at(ret.keyword),
                    "a template has either `outputs { … }` or `returns T`, not both",
                )
                .with_label(outputs_at, "outputs declared here")
                .with_help("keep one of the two"),
            );
            interface::lower_outputs(&mut cx, types, outputs, &mut iface);
        }
        (Some(outputs), None) => interface::lower_outputs(&mut cx, types, outputs, &mut iface),
        (None, Some(ret)) if kind == Kind::Query => cx.error(
            TASK_KIND_CONFLICT,
            ret.keyword,
            "a query task's output is `results: dataframe`; `returns` does not apply",
            "write `outputs { results: dataframe }`",
        ),
        (None, Some(ret)) => interface::lower_returns(&mut cx, types, ret, &mut iface),
        (None, None) => {}
    }

    interface::check_python_class_types(&mut cx, &iface, kind == Kind::Function);

    let mut lowered_container = None;
    let task_kind = match kind {
        Kind::Function => function_kind(&mut cx, &parts, d, options),
        Kind::Query => query_kind(&mut cx, &parts, &iface, d),
        Kind::Container => {
            lowered_container = parts
                .container
                .and_then(|attr| lower_container(&mut cx, &attr.value));
            match &lowered_container {
                Some(l) => TaskKind::Container(l.task.clone()),
                None => placeholder_kind(&cx, d),
            }
        }
    };

    let env_name = d.env.name.clone();
    let task_id = match (&task_kind, &parts.name) {
        (TaskKind::Function { function, .. }, _) => format!("{env_name}.{}", function.value),
        (_, Some((name, _))) => name.clone(),
        _ => format!("{env_name}.{}", d.name.name),
    };
    let id_len = task_id.chars().count();
    if id_len > TASK_NAME_LIMIT {
        cx.error(
            NAME_TOO_LONG,
            d.name.span,
            format!(
                "task name `{}` is {id_len} characters long; Flyte accepts at most {TASK_NAME_LIMIT}",
                limits::abbreviate(&task_id, 40)
            ),
            "use a shorter env or function name",
        );
    }

    // Settings: the env's, with the template's on top.
    let base = env.map(|e| e.settings.clone()).unwrap_or_default();
    let settings = overlay(&base, &parts.settings);

    let short_name = short_name(&mut cx, t, &parts, &task_kind, &task_id);
    let docs = template_checks::docs(&mut cx, d);

    // Checks that need the env, the inputs, or both.
    if let Some(env) = env {
        check_env_fit(&mut cx, env, &parts, kind, d);
    }
    if !parts.failed.contains(&"cache") {
        template_checks::check_ignored_inputs(
            &mut cx,
            &settings,
            &iface,
            &d.name.name,
            t.at(d.name.span),
            misses,
        );
    }
    let input_places: Vec<(String, crate::source::FileSpan)> = iface
        .inputs
        .iter()
        .map(|i| (i.name.clone(), i.at))
        .collect();
    let deploy = parts.deploy.is_none_or(|(b, _)| b);
    match &task_kind {
        TaskKind::Query(sql_task) if !iface.incomplete => {
            // An undeployed query's unused input is lint L0015 (the SDK
            // takes it); a deployed query takes no inputs at all.
            let unused_is_error = deploy;
            sql::check_placeholders(
                &mut cx,
                sql_task,
                &input_places,
                &iface.input_names,
                unused_is_error,
            );
        }
        TaskKind::Container(_) if !iface.incomplete => {
            if let Some(l) = &lowered_container {
                container::check_refs(&mut cx, l, &input_places, &iface.input_names);
            }
        }
        _ => {}
    }
    if kind == Kind::Query && deploy {
        check_query_deployable(&mut cx, &parts, &iface);
    }
    if !deploy {
        if let (Some(first), Some((_, deploy_span))) = (parts.triggers.first(), parts.deploy) {
            let deploy_at = cx.at(deploy_span);
            cx.push(
                Diagnostic::error(
                    UNDEPLOYED_TRIGGERS,
                    cx.at(first.kind.span.cover(first.label.span)),
                    "a template with `deploy = false` cannot have triggers",
                )
                .with_label(deploy_at, "not deployed here")
                .with_help("a trigger is registered with the deployed task; remove the trigger or `deploy = false`"),
            );
        }
    }

    // Triggers, resolved by the trigger rules against the inputs.
    let triggers = {
        let sigs: Vec<InputSig> = iface
            .inputs
            .iter()
            .map(|i| InputSig {
                name: &i.name,
                ty: &i.ty,
                default: i.default.as_ref(),
                at: i.at,
            })
            .collect();
        cx.diags
            .extend(check_unique_trigger_names(&parts.triggers, cx.file));
        let mut out = Vec::new();
        for block in &parts.triggers {
            let (trigger, ds) = resolve_trigger(types, cx.file, block, &task_id, &sigs);
            cx.diags.extend(ds);
            out.extend(trigger);
        }
        out
    };

    Task {
        name: d.name.name.clone(),
        name_at: t.at(d.name.span),
        decl_at: t.at(d.span),
        env: env_name,
        env_at: t.at(d.env.span),
        task_id,
        kind: task_kind,
        short_name,
        docs,
        inputs: iface.inputs,
        outputs: iface.outputs,
        triggers,
        is_async: parts.is_async.is_some_and(|(b, _)| b),
        settings,
        deploy,
        help_docs: parts.help_docs.map(|(s, _)| s),
    }
}

/// Query if there is a `sql` block, container if there is a `container`
/// block (both: an error, read as a query), else a function task.
fn classify(cx: &mut Cx, d: &ast::TemplateDecl) -> Kind {
    let sql = d.body.entries.iter().find_map(|e| match e {
        Entry::Labeled(b) if b.kind.name == "sql" => Some(b),
        _ => None,
    });
    let container = d.body.entries.iter().find_map(|e| match e {
        Entry::Attr(a) if a.key.name == "container" => Some(a),
        _ => None,
    });
    match (sql, container) {
        (Some(sql), Some(container)) => {
            let sql_at = cx.at(sql.kind.span.cover(sql.label.span));
            cx.push(
                Diagnostic::error(
                    TASK_KIND_CONFLICT,
                    cx.at(container.key.span),
                    "a template is either a query task (`sql`) or a container task (`container`), not both",
                )
                .with_label(sql_at, "sql block here")
                .with_help("split it into two templates"),
            );
            Kind::Query
        }
        (Some(_), None) => Kind::Query,
        (None, Some(_)) => Kind::Container,
        (None, None) => Kind::Function,
    }
}

fn read_body<'a>(cx: &mut Cx, decl: &DeclRef, d: &'a ast::TemplateDecl, kind: Kind) -> Parts<'a> {
    let what = format!("template {}", d.name.name);
    let mut parts = Parts::default();
    let mut seen: Vec<&Attribute> = Vec::new();
    for entry in &d.body.entries {
        match entry {
            Entry::Attr(attr) => {
                if !attrs::first_setting(cx, &mut seen, attr, &what) {
                    continue;
                }
                let key = attr.key.name.as_str();
                if kind.excludes(key) {
                    not_for_kind(cx, attr.key.span, key, kind);
                    continue;
                }
                read_attr(cx, decl, attr, &what, &mut parts);
            }
            Entry::Returns(r) => {
                if let Some(first) = parts.returns {
                    let first_at = cx.at(first.keyword);
                    cx.push(
                        Diagnostic::error(
                            attrs::DUPLICATE_KEY,
                            cx.at(r.keyword),
                            "`returns` is written twice",
                        )
                        .with_label(first_at, "first here")
                        .with_help(
                            "a template returns one type; use `outputs { … }` for several outputs",
                        ),
                    );
                } else {
                    parts.returns = Some(r);
                }
            }
            Entry::Labeled(block) => match block.kind.name.as_str() {
                "trigger" => parts.triggers.push(block),
                "sql" => {
                    if let Some(first) = parts.sql {
                        let first_at = cx.at(first.kind.span.cover(first.label.span));
                        cx.push(
                            Diagnostic::error(
                                attrs::DUPLICATE_KEY,
                                cx.at(block.kind.span.cover(block.label.span)),
                                "a template has at most one `sql` block",
                            )
                            .with_label(first_at, "first sql block here")
                            .with_help("remove one of the two"),
                        );
                    } else {
                        parts.sql = Some(block);
                    }
                }
                "plugin" => cx.error(
                    MISPLACED_ATTR,
                    block.kind.span,
                    "a plugin is an env attribute; a template cannot set it",
                    "put `plugin … { … }` on the env",
                ),
                other => {
                    let help = match suggest_name(other, &["trigger", "sql"]) {
                        Some(s) => format!("did you mean `{s} {} {{ … }}`?", block.label.name),
                        None => "a template holds `trigger <name> { … }` and `sql <dialect> { … }` blocks".to_string(),
                    };
                    cx.error(
                        UNEXPECTED_ENTRY,
                        block.kind.span,
                        format!("unknown block `{other} {}` in {what}", block.label.name),
                        help,
                    );
                }
            },
            Entry::Field(f) => cx.error(
                UNEXPECTED_ENTRY,
                f.name.span,
                format!(
                    "`{}: …` is a typed field; it belongs in `inputs {{ … }}` or `outputs {{ … }}`",
                    f.name.name
                ),
                "move it into `inputs { … }`",
            ),
        }
    }
    parts
}

/// E0506: an attribute that the template's kind does not have.
fn not_for_kind(cx: &mut Cx, span: Span, key: &str, kind: Kind) {
    let help = match (kind, key) {
        (Kind::Function, "name") => {
            "a function task is named `<env>.<function>`; use `function = \"…\"` to name the Python function".to_string()
        }
        (Kind::Function, "query") => {
            "add `sql bigquery { … }` (or `sql snowflake { … }`) to make a query task, or remove `query`".to_string()
        }
        (_, "module" | "function") => {
            format!("a {} task runs no Python function; remove `{key}` (use `name = \"…\"` to choose the task name)", kind.word())
        }
        _ => format!("remove `{key}` from this {} template", kind.word()),
    };
    cx.error(
        TASK_KIND_CONFLICT,
        span,
        format!("`{key}` does not apply to a {} task", kind.word()),
        help,
    );
}

/// The schema row of `key` when a template may write it.
fn on_template(key: &str) -> Option<&'static schema::AttrSchema> {
    schema::attribute(key).filter(|row| row.places.has(Places::TEMPLATE))
}

fn read_attr<'a>(
    cx: &mut Cx,
    decl: &DeclRef,
    attr: &'a Attribute,
    what: &str,
    parts: &mut Parts<'a>,
) {
    let key = attr.key.name.as_str();
    let v = &attr.value;
    if attr.op == ast::AssignOp::Append {
        cx.error(
            attrs::BAD_MERGE,
            attr.op_span,
            format!("`+=` has nothing to merge with in a template: `{key}` is not inherited"),
            format!("write `{key} = …`"),
        );
        return;
    }
    match key {
        "module" | "function" | "name" | "docs" => {
            if let Some(s) = value_readers::string(cx, v, key) {
                let slot = match key {
                    "module" => &mut parts.module,
                    "function" => &mut parts.function,
                    "name" => &mut parts.name,
                    _ => &mut parts.help_docs,
                };
                *slot = Some((s, v.span));
            }
        }
        "async" | "deploy" => {
            if let Some(b) = value_readers::boolean(cx, v, key) {
                let slot = if key == "async" {
                    &mut parts.is_async
                } else {
                    &mut parts.deploy
                };
                *slot = Some((b, v.span));
            }
        }
        "query" => parts.query = Some(attr),
        "inputs" => parts.inputs = Some(attr),
        "outputs" => parts.outputs = Some(attr),
        "container" => parts.container = Some(attr),
        "returns" => cx.error(
            UNEXPECTED_ENTRY,
            attr.key.span,
            "`returns` takes a type, not a value",
            "write `returns int` (no `=`)",
        ),
        "trigger" | "sql" => cx.error(
            UNEXPECTED_ENTRY,
            attr.key.span,
            format!("`{key}` is written `{key} <name> {{ … }}`"),
            if key == "trigger" {
                "write `trigger nightly { cron = \"0 2 * * *\" }`"
            } else {
                "write `sql bigquery { project_id = \"…\" }`"
            },
        ),
        k if is_setting(k) && on_template(k).is_some() => {
            if !lower_setting(cx, decl, attr, &mut parts.settings) {
                parts.failed.push(attr.key.name.as_str());
            }
        }
        k => match schema::attribute(k).map(|row| row.on_template) {
            Some(OnTemplate::EnvOrOverride) => cx.error(
                MISPLACED_ATTR,
                attr.key.span,
                format!(
                    "`{k}` is an env attribute; a template cannot set it (the SDK's `@env.task` has no `{k}`)"
                ),
                "put it on an env (or an override)",
            ),
            Some(OnTemplate::EnvOnly) => cx.error(
                MISPLACED_ATTR,
                attr.key.span,
                format!("`{k}` is an env attribute; a template cannot set it"),
                "put it on the env",
            ),
            _ => attrs::unknown_attr(cx, &attr.key, what, schema::template_attributes()),
        },
    }
}

/// A Python function task: `module` (or `default_module`) and `function`
/// (default: the template name), both checked as Python names.
fn function_kind(
    cx: &mut Cx,
    parts: &Parts,
    d: &ast::TemplateDecl,
    options: &SemanticOptions,
) -> TaskKind {
    let module = match &parts.module {
        Some((m, span)) => {
            if !m.split('.').all(is_python_identifier) {
                cx.error(
                    BAD_MODULE,
                    *span,
                    format!("`{m}` is not a Python module path"),
                    "write a dotted module name such as \"pipelines.train\"",
                );
            }
            Spanned::new(m.clone(), cx.at(*span))
        }
        None => match &options.default_module {
            Some(m) => Spanned::new(m.clone(), cx.at(d.name.span)),
            None => {
                cx.error(
                    BAD_MODULE,
                    d.name.span,
                    format!("template `{}` needs a `module`", d.name.name),
                    "add `module = \"package.module\"` (the Python module that defines the function), or set `[flyte] default_module` in taskc.toml",
                );
                Spanned::new(String::new(), cx.at(d.name.span))
            }
        },
    };
    let function = match &parts.function {
        Some((f, span)) => {
            if !is_python_identifier(f) {
                cx.error(
                    BAD_MODULE,
                    *span,
                    format!("`{f}` is not a Python function name"),
                    "write the name of the function as Python spells it",
                );
            }
            Spanned::new(f.clone(), cx.at(*span))
        }
        None => {
            if !is_python_identifier(&d.name.name) {
                cx.error(
                    BAD_MODULE,
                    d.name.span,
                    format!(
                        "template name `{}` is not a Python function name, and `function` is not set",
                        d.name.name
                    ),
                    format!("add `function = \"{}\"`", d.name.name.replace('-', "_")),
                );
            }
            Spanned::new(d.name.name.clone(), cx.at(d.name.span))
        }
    };
    TaskKind::Function { module, function }
}

/// A query task: the `sql` block, the query, a usable `name`, outputs that
/// are `results: dataframe`, inputs without defaults.
fn query_kind(cx: &mut Cx, parts: &Parts, iface: &Interface, d: &ast::TemplateDecl) -> TaskKind {
    if let Some((name, span)) = &parts.name {
        check_task_name(cx, name, *span);
    }
    for out in &iface.outputs {
        let is_dataframe = matches!(out.ty, super::types::Type::Dataframe { .. });
        if out.name != "results" || !is_dataframe {
            cx.push(
                Diagnostic::error(
                    TASK_KIND_CONFLICT,
                    out.at,
                    format!(
                        "a query task has no output but `results: dataframe`; found `{}`",
                        out.name
                    ),
                )
                .with_help("write `outputs { results: dataframe }` (columns and format may be given), or no outputs"),
            );
        }
    }
    for input in &iface.inputs {
        if let Some(at) = input.default_at {
            cx.push(
                Diagnostic::error(
                    TASK_KIND_CONFLICT,
                    at,
                    format!("query input `{}` cannot have a default", input.name),
                )
                .with_help("the SDK's query tasks take no input defaults; pass the value when calling the query"),
            );
        }
    }
    let Some(sql_block) = parts.sql else {
        return placeholder_kind(cx, d);
    };
    let Some(query) = parts.query else {
        cx.error(
            sql::BAD_SQL,
            sql_block.kind.span.cover(sql_block.label.span),
            "a query task needs `query = \"\"\"…\"\"\"`",
            "add the SQL statement as `query`",
        );
        return placeholder_kind(cx, d);
    };
    match lower_sql(cx, sql_block, &query.value) {
        Some(sql) => TaskKind::Query(sql),
        None => placeholder_kind(cx, d),
    }
}

/// A query task with inputs cannot be deployed through an env: the SDK
/// gives each input a `None` default that does not convert to a literal.
fn check_query_deployable(cx: &mut Cx, parts: &Parts, iface: &Interface) {
    let Some(first) = iface.inputs.first() else {
        return;
    };
    let mut d = Diagnostic::error(
        QUERY_NOT_DEPLOYABLE,
        first.at,
        format!(
            "a query task with inputs cannot be deployed through an env (the SDK fails with \"Failed to convert default value for parameter '{}'\")",
            first.name
        ),
    )
    .with_help("add `deploy = false`: the query is then emitted for calling from another task (the submit path)");
    if let Some((_, span)) = parts.deploy {
        d = d.with_label(cx.at(span), "deployed here");
    }
    cx.push(d);
}

/// Keeps the model whole when a query or container block is broken,
/// without reporting anything more.
fn placeholder_kind(cx: &Cx, d: &ast::TemplateDecl) -> TaskKind {
    TaskKind::Function {
        module: Spanned::new(String::new(), cx.at(d.name.span)),
        function: Spanned::new(d.name.name.clone(), cx.at(d.name.span)),
    }
}

fn check_task_name(cx: &mut Cx, name: &str, span: Span) {
    if name.is_empty() || name.chars().any(char::is_whitespace) {
        cx.error(
            TASK_KIND_CONFLICT,
            span,
            format!("`{name}` is not a usable task name"),
            "use a name without spaces, such as \"bq.count_events\"",
        );
    }
}

/// Written, else the function name (function tasks) or the task name
/// (query and container tasks); cut to 63 characters like the SDK.
fn short_name(
    cx: &mut Cx,
    t: &InFile<ast::TemplateDecl>,
    parts: &Parts,
    kind: &TaskKind,
    task_id: &str,
) -> String {
    match &parts.settings.short_name {
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
        None => {
            let default = match kind {
                TaskKind::Function { function, .. } => function.value.clone(),
                _ => task_id.to_string(),
            };
            limits::warn_truncated(
                cx.diags,
                t.at(t.decl.name.span),
                "the default short_name",
                &default,
                SHORT_NAME_LIMIT,
                false,
            );
            limits::hard_cut(&default, SHORT_NAME_LIMIT)
        }
    }
}

/// Everything that ties a template to its env.
pub(crate) fn check_env_fit(
    cx: &mut Cx,
    env: &Env,
    parts: &Parts,
    kind: Kind,
    d: &ast::TemplateDecl,
) {
    if kind != Kind::Function {
        check_special_env(cx, env, kind, d);
    } else {
        template_checks::check_reusable_env(cx, env, parts, d);
    }
}

/// Query and container templates: their env has no plugin; a container
/// task also needs an image and cannot be reusable.
fn check_special_env(cx: &mut Cx, env: &Env, kind: Kind, d: &ast::TemplateDecl) {
    let word = if kind == Kind::Query {
        "query"
    } else {
        "container"
    };
    if let Some(plugin) = &env.settings.plugin {
        cx.push(
            Diagnostic::error(
                TASK_KIND_CONFLICT,
                cx.at(d.env.span),
                format!(
                    "env `{}` has a plugin, so it cannot hold {word} templates",
                    env.name
                ),
            )
            .with_label(plugin.origin().key, "plugin set here")
            .with_help(format!(
                "put the {word} template in an env without a plugin"
            )),
        );
    }
    if kind != Kind::Container {
        return;
    }
    if let Some(image) = &env.settings.image {
        if image.value == Image::None {
            cx.push(
                Diagnostic::error(
                    TASK_KIND_CONFLICT,
                    cx.at(d.env.span),
                    format!(
                        "a container task needs an image, and env `{}` has `image = none`",
                        env.name
                    ),
                )
                .with_label(image.origin().value, "no image here")
                .with_help("give the env an image: the container runs in it"),
            );
        }
    }
    if let Some(reusable) = &env.settings.reusable {
        if env.settings.reuse_policy().is_some() {
            cx.push(
                Diagnostic::error(
                    TASK_KIND_CONFLICT,
                    cx.at(d.env.span),
                    format!("env `{}` is reusable, so it cannot hold container templates", env.name),
                )
                .with_label(reusable.origin().key, "reusable set here")
                .with_help("a reusable container runs Python tasks; put the container template in another env"),
            );
        }
    }
}
