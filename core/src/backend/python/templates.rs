//! Templates and overrides as Python: a decorator per function template
//! (checks the user's function against the declared interface, then
//! `env.task(...)`), the SDK plugin task object of each query and container
//! template, and a lazily built attribute per override.

use super::annotations::{annotation, imported_annotation, value, written_annotation};
use super::expr::{Py, assign, identifier, str_literal};
use super::names::EnvGlobals;
use super::settings::{self, json, set};
use crate::semantic::model::{
    ContainerTask, FileInputLayout, MetadataFormat, Model, Override, SqlConfig, SqlTask, Task,
    TaskKind,
};
use crate::semantic::triggers::{Schedule, Trigger};

/// Keywords `@env.task(...)` takes from the template itself.
const TASK_KEYWORDS: &[&str] = &[
    "short_name",
    "retries",
    "timeout",
    "report",
    "max_inline_io_bytes",
    "links",
    "entrypoint",
    "produces_artifacts",
];

/// Keywords `@env.task(...)` also accepts with the env's value as default:
/// passed only when the template's effective value differs.
const ENV_DEFAULTED_KEYWORDS: &[&str] = &[
    "cache",
    "interruptible",
    "queue",
    "service_account",
    "pod_template",
];

/// Keywords of `task.override(...)`.
const OVERRIDE_KEYWORDS: &[&str] = &[
    "short_name",
    "resources",
    "cache",
    "retries",
    "timeout",
    "reusable",
    "env_vars",
    "secrets",
    "max_inline_io_bytes",
    "pod_template",
    "queue",
    "interruptible",
    "entrypoint",
    "links",
    "service_account",
    "debuggable",
    "produces_artifacts",
];

/// Where a declaration is written, for messages: `file.task:12`.
pub(crate) type Locate<'a> = &'a dyn Fn(crate::source::FileSpan) -> String;

/// The Python module a function template's function lives in.
pub(crate) fn module_of<'a>(task: &'a Task, default_module: Option<&'a str>) -> Option<&'a str> {
    match &task.kind {
        TaskKind::Function { module, .. } if !module.value.is_empty() => Some(&module.value),
        TaskKind::Function { .. } => default_module,
        _ => None,
    }
}

/// The name of the `NamedTuple` of a template with several (or named) outputs.
pub(crate) fn outputs_class(task: &Task) -> String {
    let camel: String = task
        .name
        .split(['_', '-'])
        .map(|part| {
            let mut chars = part.chars();
            match chars.next() {
                Some(first) => first.to_uppercase().chain(chars).collect::<String>(),
                None => String::new(),
            }
        })
        .collect();
    format!("{camel}Outputs")
}

/// The return annotation a function template declares.
pub(crate) fn return_annotation(task: &Task) -> String {
    match task.outputs.as_slice() {
        [] => "None".into(),
        [only] if only.name == "o0" => annotation(&only.ty),
        _ => outputs_class(task),
    }
}

/// The return annotation as a user writes it (see
/// [`annotations::written_annotation`]).
pub(crate) fn written_return_annotation(task: &Task) -> String {
    match task.outputs.as_slice() {
        [only] if only.name == "o0" => written_annotation(&only.ty),
        _ => return_annotation(task),
    }
}

/// The docstring the SDK reads documentation and descriptions from. Output
/// descriptions need named returns, which only the numpy style has; the
/// Google style is used otherwise.
fn docstring(task: &Task) -> Option<String> {
    let mut parts = Vec::new();
    if let Some(short) = &task.docs.short {
        parts.push(short.clone());
    }
    if let Some(long) = &task.docs.long {
        parts.push(long.clone());
    }
    let inputs: Vec<(&str, String, String)> = task
        .inputs
        .iter()
        .filter_map(|i| Some((i.name.as_str(), i.ty.display(), one_line(i.doc.as_ref()?))))
        .collect();
    let outputs: Vec<(&str, String, String)> = task
        .outputs
        .iter()
        .filter_map(|o| Some((o.name.as_str(), o.ty.display(), one_line(o.doc.as_ref()?))))
        .collect();
    if outputs.is_empty() {
        if !inputs.is_empty() {
            let args: Vec<String> = inputs
                .iter()
                .map(|(name, _, doc)| format!("    {name}: {doc}"))
                .collect();
            // Without a summary before it, the SDK's docstring parser takes
            // a leading `Args:` for the short description.
            let lead = if parts.is_empty() { "\n" } else { "" };
            parts.push(format!("{lead}Args:\n{}", args.join("\n")));
        }
    } else {
        let numpy = |title: &str, entries: &[(&str, String, String)]| {
            let lines: Vec<String> = entries
                .iter()
                .map(|(name, ty, doc)| format!("{name} : {ty}\n    {doc}"))
                .collect();
            format!("{title}\n{}\n{}", "-".repeat(title.len()), lines.join("\n"))
        };
        if !inputs.is_empty() {
            parts.push(numpy("Parameters", &inputs));
        }
        parts.push(numpy("Returns", &outputs));
    }
    (!parts.is_empty()).then(|| parts.join("\n\n"))
}

/// A docstring as Python text: one string literal per line, concatenated
/// inside parentheses when there is more than one.
fn doc_literal(doc: Option<&str>) -> String {
    let Some(doc) = doc else {
        return "None".into();
    };
    let lines: Vec<&str> = doc.split_inclusive('\n').collect();
    if lines.len() < 2 {
        return str_literal(doc);
    }
    let body: String = lines
        .iter()
        .map(|line| format!("        {}\n", str_literal(line)))
        .collect();
    format!("(\n{body}    )")
}

fn one_line(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn trigger(t: &Trigger, task: &Task) -> Py {
    let mut kwargs = vec![("name", Py::str(&t.name))];
    match &t.schedule {
        Schedule::Cron {
            expression,
            timezone,
            ..
        } => kwargs.push((
            "automation",
            Py::call(
                "flyte.Cron",
                vec![
                    (None, Py::str(expression)),
                    (Some("timezone".into()), Py::str(timezone)),
                ],
            ),
        )),
        Schedule::Rate {
            minutes,
            start_time,
            ..
        } => {
            let mut args = vec![(None, Py::raw(minutes.to_string()))];
            if let Some(start) = start_time {
                args.push((
                    Some("start_time".into()),
                    Py::raw(format!(
                        "datetime.datetime.fromisoformat({})",
                        str_literal(start)
                    )),
                ));
            }
            kwargs.push(("automation", Py::call("flyte.FixedRate", args)));
        }
        Schedule::Manual => {}
    }
    if let Some(description) = &t.description {
        kwargs.push(("description", Py::str(description)));
    }
    if !t.active {
        kwargs.push(("auto_activate", Py::bool(false)));
    }
    if !t.inputs.is_empty() {
        let inputs = t
            .inputs
            .iter()
            .map(|(name, v)| {
                let py = match task.input(name) {
                    Some(input) => value(v, &input.ty),
                    None => value(
                        v,
                        &crate::semantic::types::Type::Pickled(
                            crate::semantic::types::Pickled::Any,
                        ),
                    ),
                };
                (Py::str(name), py)
            })
            .collect();
        kwargs.push(("inputs", Py::Dict(inputs)));
    }
    let pairs = |entries: &[(String, String)]| {
        Py::Dict(
            entries
                .iter()
                .map(|(k, v)| (Py::str(k), Py::str(v)))
                .collect(),
        )
    };
    if !t.env_vars.is_empty() {
        kwargs.push(("env_vars", pairs(&t.env_vars)));
    }
    if let Some(interruptible) = t.interruptible {
        kwargs.push(("interruptible", Py::bool(interruptible)));
    }
    if t.overwrite_cache {
        kwargs.push(("overwrite_cache", Py::bool(true)));
    }
    if let Some(queue) = &t.queue {
        kwargs.push(("queue", Py::str(queue)));
    }
    if let Some(n) = t.max_action_concurrency {
        kwargs.push(("max_action_concurrency", Py::raw(n.to_string())));
    }
    if !t.labels.is_empty() {
        kwargs.push(("labels", pairs(&t.labels)));
    }
    if !t.annotations.is_empty() {
        kwargs.push(("annotations", pairs(&t.annotations)));
    }
    if !t.context.is_empty() {
        kwargs.push(("custom_context", pairs(&t.context)));
    }
    if let Some(notifications) = &t.notifications {
        kwargs.push((
            "notifications",
            super::notifications::notifications(notifications),
        ));
    }
    Py::kwcall("flyte.Trigger", kwargs)
}

fn help_docs(task: &Task) -> Option<Py> {
    let docs = task.help_docs.as_ref()?;
    Some(Py::kwcall(
        "flyte._doc.Documentation",
        vec![("description", Py::str(docs))],
    ))
}

/// `class <Template>Outputs(typing.NamedTuple)` for named outputs.
pub(crate) fn outputs_named_tuple(task: &Task) -> Option<String> {
    if !task.is_function() || return_annotation(task) != outputs_class(task) {
        return None;
    }
    let mut out = format!("class {}(typing.NamedTuple):\n", outputs_class(task));
    for output in &task.outputs {
        out.push_str(&format!(
            "    {}: {}\n",
            output.name,
            imported_annotation(&output.ty)
        ));
    }
    Some(out)
}

/// The decorator of a function template.
pub(crate) fn function_decorator(
    model: &Model,
    env_globals: &EnvGlobals,
    task: &Task,
    default_module: Option<&str>,
    locate: Locate,
) -> String {
    let TaskKind::Function { function, .. } = &task.kind else {
        return String::new();
    };
    let env = env_globals.get(&task.env);
    let where_ = locate(task.name_at);
    let module = module_of(task, default_module).map_or("None".into(), str_literal);
    let params = Py::List(
        task.inputs
            .iter()
            .map(|i| {
                let default = i
                    .default
                    .as_ref()
                    .map_or(Py::raw("_NO_DEFAULT"), |d| value(d, &i.ty));
                Py::Tuple(vec![Py::str(&i.name), Py::raw(annotation(&i.ty)), default])
            })
            .collect(),
    );
    let check = Py::call(
        "_check",
        vec![
            (None, Py::str(&task.name)),
            (None, Py::str(&where_)),
            (None, Py::raw("fn")),
            (None, Py::raw(module)),
            (None, Py::str(&function.value)),
            (None, params),
            (None, Py::raw(return_annotation(task))),
            (None, Py::bool(task.is_async)),
        ],
    );
    let mut kwargs = set(&task.settings, TASK_KEYWORDS);
    if let Some(env_settings) = model.env(&task.env).map(|e| &e.settings) {
        kwargs.extend(settings::differing(
            &task.settings,
            env_settings,
            ENV_DEFAULTED_KEYWORDS,
        ));
    }
    if !task.triggers.is_empty() {
        let triggers = task.triggers.iter().map(|t| trigger(t, task)).collect();
        kwargs.push(("triggers".into(), Py::Tuple(triggers)));
    }
    if let Some(docs) = help_docs(task) {
        kwargs.push(("docs".into(), docs));
    }
    let call = Py::call(
        format!("{env}.task"),
        kwargs.into_iter().map(|(k, v)| (Some(k), v)).collect(),
    );
    let name = identifier(&task.name);
    let mut out = format!("def {name}(fn):\n");
    out.push_str(&format!(
        "    \"\"\"Template `{}` ({where_}): checks `fn` against its interface and makes it a task.\"\"\"\n",
        task.name
    ));
    out.push_str(&format!("    {}\n", check.layout(4, 4, 0)));
    out.push_str(&format!(
        "    fn.__doc__ = {}\n",
        doc_literal(docstring(task).as_deref())
    ));
    out.push_str(&format!("    task = {}(fn)\n", call.layout(4, 11, 3)));
    if let Some(debuggable) = &task.settings.debuggable {
        let value = if debuggable.value { "True" } else { "False" };
        out.push_str(&format!("    task.debuggable = {value}\n"));
    }
    if !task.deploy {
        // Not deployed with its env: only a calling task submits it.
        out.push_str(&format!("    del {env}.tasks[task.name]\n"));
    }
    out.push_str(&format!(
        "    _DECORATED[{}] = task\n",
        str_literal(&task.name)
    ));
    out.push_str("    return task\n");
    out
}

/// Settings a plugin task takes from its template (and env).
const PLUGIN_KEYWORDS: &[&str] = &[
    "short_name",
    "cache",
    "retries",
    "timeout",
    "interruptible",
    "queue",
    "max_inline_io_bytes",
    "links",
    // `TaskTemplate` fields the plugin constructors pass on through `**kwargs`.
    "report",
    "entrypoint",
    "produces_artifacts",
];

/// The SDK plugin task of a query or container template, as a statement.
pub(crate) fn plugin_task(task: &Task) -> Option<String> {
    let mut kwargs: Vec<(String, Py)> = vec![("name".into(), Py::str(&task.task_id))];
    let func = match &task.kind {
        TaskKind::Function { .. } => return None,
        TaskKind::Query(sql) => query_kwargs(task, sql, &mut kwargs),
        TaskKind::Container(container) => container_kwargs(task, container, &mut kwargs),
    };
    kwargs.extend(set(&task.settings, PLUGIN_KEYWORDS));
    if !task.triggers.is_empty() {
        let triggers = task.triggers.iter().map(|t| trigger(t, task)).collect();
        kwargs.push(("triggers".into(), Py::Tuple(triggers)));
    }
    if let Some(docs) = help_docs(task) {
        kwargs.push(("docs".into(), docs));
    }
    let mut call = Py::call(
        func,
        kwargs.into_iter().map(|(k, v)| (Some(k), v)).collect(),
    );
    // The plugin constructors take neither input defaults nor a docstring:
    // `_interface` gives the task the ones its template declares.
    let defaults: Vec<(Py, Py)> = task
        .inputs
        .iter()
        .filter_map(|i| Some((Py::str(&i.name), value(i.default.as_ref()?, &i.ty))))
        .collect();
    let doc = docstring(task).filter(|_| task.deploy);
    if !defaults.is_empty() || doc.is_some() {
        let mut args = vec![(None, call)];
        if let Some(doc) = doc {
            args.push((Some("docstring".into()), Py::str(&doc)));
        }
        if !defaults.is_empty() {
            args.push((Some("defaults".into()), Py::Dict(defaults)));
        }
        call = Py::call("_interface", args);
    }
    Some(assign(&identifier(&task.name), &call))
}

fn typed_dict(entries: Vec<(String, String)>) -> Py {
    Py::Dict(
        entries
            .into_iter()
            .map(|(name, ty)| (Py::str(&name), Py::raw(ty)))
            .collect(),
    )
}

fn query_kwargs(task: &Task, sql: &SqlTask, kwargs: &mut Vec<(String, Py)>) -> &'static str {
    kwargs.push(("query_template".into(), Py::str(&sql.query)));
    let (func, config) = match &sql.config {
        SqlConfig::BigQuery(bq) => {
            let mut config = Vec::new();
            config.push((
                "ProjectID",
                bq.project_id.as_deref().map_or(Py::raw("None"), Py::str),
            ));
            if let Some(location) = &bq.location {
                config.push(("Location", Py::str(location)));
            }
            if !bq.query_job_config.is_empty() {
                let map = bq.query_job_config.iter().cloned().collect();
                let repr = Py::Dict(vec![(
                    Py::str("query"),
                    json(&serde_json::Value::Object(map)),
                )]);
                config.push((
                    "QueryJobConfig",
                    Py::call(
                        "google.cloud.bigquery.QueryJobConfig.from_api_repr",
                        vec![(None, repr)],
                    ),
                ));
            }
            (
                "flyteplugins.bigquery.BigQueryTask",
                Py::kwcall("flyteplugins.bigquery.BigQueryConfig", config),
            )
        }
        SqlConfig::Snowflake(sf) => {
            let mut config = Vec::new();
            for (key, v) in [
                ("account", &sf.account),
                ("database", &sf.database),
                ("schema", &sf.schema),
                ("warehouse", &sf.warehouse),
                ("user", &sf.user),
            ] {
                if let Some(v) = v {
                    config.push((key, Py::str(v)));
                }
            }
            if !sf.connection_kwargs.is_empty() {
                let map = sf.connection_kwargs.iter().cloned().collect();
                config.push(("connection_kwargs", json(&serde_json::Value::Object(map))));
            }
            (
                "flyteplugins.snowflake.Snowflake",
                Py::kwcall("flyteplugins.snowflake.SnowflakeConfig", config),
            )
        }
    };
    kwargs.push(("plugin_config".into(), config));
    if !task.inputs.is_empty() {
        let inputs = task
            .inputs
            .iter()
            .map(|i| (i.name.clone(), annotation(&i.ty)))
            .collect();
        kwargs.push(("inputs".into(), typed_dict(inputs)));
    }
    if let Some(output) = task.outputs.first() {
        kwargs.push((
            "output_dataframe_type".into(),
            Py::raw(annotation(&output.ty)),
        ));
    }
    match &sql.config {
        SqlConfig::BigQuery(bq) => {
            if let Some(secret) = &bq.credentials_secret {
                kwargs.push(("google_application_credentials".into(), Py::str(secret)));
            }
        }
        SqlConfig::Snowflake(sf) => {
            for (key, v) in [
                ("secret_group", &sf.secret_group),
                ("snowflake_private_key", &sf.private_key_secret),
                (
                    "snowflake_private_key_passphrase",
                    &sf.private_key_passphrase_secret,
                ),
            ] {
                if let Some(v) = v {
                    kwargs.push((key.into(), Py::str(v)));
                }
            }
            if sf.batch {
                kwargs.push(("batch".into(), Py::bool(true)));
            }
        }
    }
    func
}

fn container_kwargs(
    task: &Task,
    container: &ContainerTask,
    kwargs: &mut Vec<(String, Py)>,
) -> &'static str {
    let image = task
        .settings
        .image
        .as_ref()
        .map_or(Py::raw(super::AUTO_IMAGE), |i| {
            super::image::image(&i.value)
        });
    kwargs.push(("image".into(), image));
    let strings = |items: &[String]| Py::List(items.iter().map(|s| Py::str(s)).collect());
    kwargs.push(("command".into(), strings(&container.command)));
    if !container.args.is_empty() {
        kwargs.push(("arguments".into(), strings(&container.args)));
    }
    let typed = |entries: Vec<(String, String)>| typed_dict(entries);
    if !task.inputs.is_empty() {
        let inputs = task
            .inputs
            .iter()
            .map(|i| (i.name.clone(), annotation(&i.ty)))
            .collect();
        kwargs.push(("inputs".into(), typed(inputs)));
    }
    if !task.outputs.is_empty() {
        let outputs = task
            .outputs
            .iter()
            .map(|o| (o.name.clone(), annotation(&o.ty)))
            .collect();
        kwargs.push(("outputs".into(), typed(outputs)));
    }
    kwargs.push(("input_data_dir".into(), Py::str(&container.input_data_dir)));
    kwargs.push((
        "output_data_dir".into(),
        Py::str(&container.output_data_dir),
    ));
    let format = match container.metadata_format {
        MetadataFormat::Json => "JSON",
        MetadataFormat::Yaml => "YAML",
        MetadataFormat::Proto => "PROTO",
    };
    kwargs.push(("metadata_format".into(), Py::str(format)));
    if container.file_input_layout == FileInputLayout::NamedDir {
        kwargs.push(("file_input_layout".into(), Py::str("NAMED_DIR")));
    }
    for keyword in [
        "resources",
        "env_vars",
        "secrets",
        "service_account",
        "pod_template",
    ] {
        if let Some(v) = settings::kwarg(&task.settings, keyword) {
            kwargs.push((keyword.into(), v));
        }
    }
    "flyte.extras.ContainerTask"
}

/// The builder of an override: `task.override(...)` with every setting the
/// override changes (falsy values the SDK would ignore are set afterwards).
pub(crate) fn override_builder(base: &Task, over: &Override) -> String {
    let changed = settings::differing(&over.settings, &base.settings, OVERRIDE_KEYWORDS);
    let (falsy, kept): (Vec<_>, Vec<_>) =
        changed.into_iter().partition(|(_, v)| is_falsy(&v.flat()));
    let call = Py::call(
        "base.override",
        kept.into_iter().map(|(k, v)| (Some(k), v)).collect(),
    );
    let mut out = format!("def _override_{}(base):\n", identifier(&over.name));
    if falsy.is_empty() {
        out.push_str(&format!("    return {}\n", call.layout(4, 11, 0)));
    } else {
        let replace = Py::call(
            "_replace",
            std::iter::once((None, call))
                .chain(falsy.into_iter().map(|(k, v)| (Some(k), v)))
                .collect(),
        );
        out.push_str(&format!("    return {}\n", replace.layout(4, 11, 0)));
    }
    out
}

/// Values `override()` drops because it combines them with `or`.
fn is_falsy(flat: &str) -> bool {
    matches!(
        flat,
        "{}" | "[]" | "()" | "\"\"" | "0" | "None" | "datetime.timedelta(seconds=0)"
    )
}
