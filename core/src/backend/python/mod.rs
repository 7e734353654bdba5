//! Python bindings: one generated module that makes the workspace's tasks
//! real Flyte SDK tasks. It holds the named types as classes, each env as a
//! `flyte.TaskEnvironment`, a decorator per function template (the user
//! writes only the plain function), the SDK plugin task of each query and
//! container template, and each override as a module attribute built from
//! its decorated template. Deterministic: the same model gives the same
//! text, byte for byte.

mod annotations;
pub(crate) mod envs;
mod expr;
mod image;
mod names;
mod notifications;
mod plugins;
mod settings;
mod stubs;
mod templates;
mod types;

use names::EnvGlobals;
pub use names::{BUILTINS_USED, BoundName, bound_names, name_diagnostics, reserved_names};
pub use stubs::stub_modules;
// What the check of the user's functions (`crate::drift`) compares them
// with: the bindings' own spelling of each declared annotation.
pub(crate) use annotations::{parameter, written_annotation};
pub(crate) use expr::identifier as python_identifier;
pub(crate) use templates::{module_of, written_return_annotation};

/// A declared default as the Python expression the bindings compare with.
pub(crate) fn default_expression(value: &crate::semantic::values::TypedValue, ty: &Type) -> String {
    annotations::value(value, ty).flat()
}

/// The Python value the bindings pass for SDK keyword `keyword` (the
/// attribute schema's `sdk` column) of `settings`, on one line; `None` when
/// the attribute is unset or the keyword is not one the bindings write
/// through the settings writers. Tests use it to prove every row has one.
pub fn setting_keyword_value(
    settings: &crate::semantic::model::Settings,
    keyword: &str,
) -> Option<String> {
    if !settings::ORDER.contains(&keyword) {
        return None;
    }
    settings::kwarg(settings, keyword).map(|py| py.flat())
}

use crate::backend::BuildOptions;
use crate::semantic::Model;
use crate::semantic::model::TaskKind;
use crate::semantic::types::{Pickled, RecordFlavor, Type};
use crate::source::{FileId, FileSpan};
use expr::{identifier, str_literal};

/// Helpers every generated module carries (signature check, links, pod specs).
const PRELUDE: &str = include_str!("prelude.py");

/// The `.task` files a module is generated from, with the names it shows
/// for them (paths relative to the workspace root), in workspace order.
pub struct Sources<'a> {
    pub files: Vec<(FileId, String)>,
    /// Text of each file, to turn spans into line numbers.
    pub text: &'a dyn Fn(FileId) -> Option<&'a str>,
    /// Where the module is written, relative to the workspace root
    /// (`recsys/flyte_tasks.py`): the files image recipes name are found
    /// from it.
    pub module_at: Option<String>,
}

impl Sources<'_> {
    /// `file.task:12` of a span.
    fn locate(&self, at: FileSpan) -> String {
        let name = self
            .files
            .iter()
            .find(|(id, _)| *id == at.file)
            .map_or("?", |(_, name)| name.as_str());
        let line = (self.text)(at.file).map_or(0, |text| {
            let end = at.span.start.min(text.len());
            text.as_bytes()[..end]
                .iter()
                .filter(|b| **b == b'\n')
                .count()
                + 1
        });
        format!("{name}:{line}")
    }
}

/// The bindings module of `model`.
pub fn generate(model: &Model, sources: &Sources, options: &BuildOptions) -> String {
    let default_module = options.default_module.as_deref();
    let locate = |at: FileSpan| sources.locate(at);
    let mut out = header(sources);
    out.push_str(&imports(model));
    out.push_str("\n\n");
    out.push_str(PRELUDE);
    out.push_str(&auto_image(options));
    if model.images_with_files().next().is_some() {
        out.push_str(&image::root_global(sources.module_at.as_deref()));
    }
    out.push_str(&types::classes(model));

    let env_globals = EnvGlobals::new(model);
    out.push_str("\n\n# Environments\n\n");
    for env in envs::ordered(model) {
        out.push_str(&envs::env_statements(model, &env_globals, env));
    }
    let deps: Vec<String> = model
        .envs()
        .iter()
        .filter_map(|env| envs::depends_on_statement(&env_globals, env))
        .collect();
    if !deps.is_empty() {
        out.push('\n');
        out.push_str(&deps.concat());
    }

    let plugin: Vec<_> = model.tasks().iter().filter(|t| !t.is_function()).collect();
    if !plugin.is_empty() {
        out.push_str("\n\n# Query and container tasks\n\n");
        for task in &plugin {
            if let Some(statement) = templates::plugin_task(task) {
                out.push_str(&statement);
            }
        }
        for env in model.envs() {
            let deployed: Vec<String> = plugin
                .iter()
                .filter(|t| t.env == env.name && t.deploy)
                .map(|t| identifier(&t.name))
                .collect();
            if !deployed.is_empty() {
                out.push_str(&format!(
                    "_adopt({}, {})\n",
                    env_globals.get(&env.name),
                    deployed.join(", ")
                ));
            }
        }
    }

    for task in model.tasks().iter().filter(|t| t.is_function()) {
        out.push_str("\n\n");
        if let Some(class) = templates::outputs_named_tuple(task) {
            out.push_str(&class);
            out.push_str("\n\n");
        }
        out.push_str(&templates::function_decorator(
            model,
            &env_globals,
            task,
            default_module,
            &locate,
        ));
    }

    out.push_str(&overrides(model, &locate));
    out
}

fn header(sources: &Sources) -> String {
    let names: Vec<&str> = sources.files.iter().map(|(_, n)| n.as_str()).collect();
    let mut out =
        String::from("# Generated by taskc from the .task files below. Do not edit: change them\n");
    out.push_str("# and run `taskc build` again.\n");
    for name in names {
        out.push_str(&format!("#   {name}\n"));
    }
    out.push_str(
        "\"\"\"Flyte task bindings: decorate each plain function with its template's decorator.\"\"\"\n\n",
    );
    out
}

fn uses_type(model: &Model, pred: &dyn Fn(&Type) -> bool) -> bool {
    model
        .types()
        .names()
        .filter_map(|n| model.types().get(n))
        .any(|t| pred(&t))
}

/// `image = auto`, and an env without an image, is the SDK's default image
/// for the Python and SDK versions taskc.toml declares (what `taskc build`
/// writes), not for those of whatever interpreter imports the module.
fn auto_image(options: &BuildOptions) -> String {
    format!(
        "\n\n{} = {}\n{} = {}\n{AUTO_IMAGE} = flyte.Image.from_debian_base(python_version={}, flyte_version={})\n",
        image::PYTHON_VERSION,
        image::python_version(&options.python).flat(),
        image::FLYTE_VERSION,
        str_literal(&options.sdk_version),
        image::PYTHON_VERSION,
        image::FLYTE_VERSION,
    )
}

/// The global holding the default image.
pub(crate) const AUTO_IMAGE: &str = "_AUTO_IMAGE";

fn imports(model: &Model) -> String {
    let mut out = String::new();
    for module in names::STANDARD_IMPORTS {
        out.push_str(&format!("import {module}\n"));
    }
    out.push_str("\nimport flyte\nimport flyte._doc\n");
    let tasks = model.tasks();
    let any_kind = |f: &dyn Fn(&TaskKind) -> bool| tasks.iter().any(|t| f(&t.kind));
    if any_kind(&|k| matches!(k, TaskKind::Container(_))) {
        out.push_str("import flyte.extras\n");
    }
    out.push_str("import flyte.io\n");
    if tasks
        .iter()
        .any(|t| t.triggers.iter().any(|tr| tr.notifications.is_some()))
    {
        out.push_str("import flyte.models\nimport flyte.notify\n");
    }
    let queries = |dialect: &str| {
        any_kind(&|k| matches!(k, TaskKind::Query(q) if q.dialect.word() == dialect))
    };
    let job_config = any_kind(
        &|k| matches!(k, TaskKind::Query(q) if matches!(&q.config, crate::semantic::model::SqlConfig::BigQuery(bq) if !bq.query_job_config.is_empty())),
    );
    if job_config {
        out.push_str("import google.cloud.bigquery\n");
    }
    let mut plugin_modules = std::collections::BTreeSet::new();
    if queries("bigquery") {
        plugin_modules.insert("flyteplugins.bigquery");
    }
    if queries("snowflake") {
        plugin_modules.insert("flyteplugins.snowflake");
    }
    let plugin_settings = model.envs().iter().map(|e| &e.settings);
    for settings in plugin_settings.chain(tasks.iter().map(|t| &t.settings)) {
        if let Some(plugin) = &settings.plugin {
            plugin_modules.insert(plugins::module(&plugin.value));
        }
    }
    for module in plugin_modules {
        out.push_str(&format!("import {module}\n"));
    }
    if uses_type(
        model,
        &|t| matches!(t, Type::Record(def) if def.flavor == RecordFlavor::Pydantic),
    ) {
        out.push_str("import pydantic\n");
    }
    let flyte_pickle = |t: &Type| matches!(t, Type::Pickled(Pickled::FlytePickle));
    if tasks
        .iter()
        .flat_map(|t| {
            t.inputs
                .iter()
                .map(|i| &i.ty)
                .chain(t.outputs.iter().map(|o| &o.ty))
        })
        .any(|ty| ty.mentions(&flyte_pickle))
    {
        out.push_str("import flyte.types\n");
    }
    out
}

fn overrides(model: &Model, locate: templates::Locate) -> String {
    let mut out = String::new();
    let mut table = Vec::new();
    for over in model.overrides() {
        let Some(base) = model.template(&over.template) else {
            continue;
        };
        out.push_str("\n\n");
        out.push_str(&templates::override_builder(base, over));
        table.push(format!(
            "    {}: ({}, _override_{}, {}),\n",
            str_literal(&over.name),
            str_literal(&over.template),
            identifier(&over.name),
            str_literal(&locate(over.name_at)),
        ));
    }
    if table.is_empty() {
        return out;
    }
    out.push_str("\n\n_OVERRIDES = {\n");
    out.push_str(&table.concat());
    out.push_str("}\n");
    out.push_str(OVERRIDE_GETATTR);
    out
}

/// Overrides are built on first use, from the task their template's
/// decorator made.
const OVERRIDE_GETATTR: &str = r#"

def __getattr__(name: str):
    entry = _OVERRIDES.get(name)
    if entry is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    template, build, where = entry
    base = _DECORATED.get(template)
    if base is None:
        raise AttributeError(
            f"override `{name}` ({where}) is made from template `{template}`, whose function "
            f"is not decorated yet: import the module that applies @{template} first"
        )
    task = build(base)
    globals()[name] = task
    return task
"#;
