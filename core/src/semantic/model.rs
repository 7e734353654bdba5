//! The resolved, typed model of a workspace: what the backends, lints and
//! editor features read. Nothing here needs the AST again: every value is
//! typed, every default the language defines is applied where the model says
//! so, and every setting carries its [`Provenance`].
//!
//! Settings are kept as `Option<Setting<T>>`: `None` means "not written
//! anywhere along the chain", and the documented Flyte default applies (the
//! backend emits it). `Some` holds the typed value and where it came from.

use std::collections::BTreeMap;
use std::sync::Arc;

pub use super::attr_values::*;
pub use super::provenance::{DeclKind, DeclRef, Origin, Provenance, Setting};
pub use super::schema::{SETTING_NAMES, Settings};
use super::triggers::Trigger;
use super::types::{Type, TypeTable};
use super::values::TypedValue;
use crate::source::FileSpan;

/// The positions an index lists under `key` (none when it has no entry).
fn positions<'a>(
    index: &'a BTreeMap<String, Vec<usize>>,
    key: &str,
) -> std::slice::Iter<'a, usize> {
    index.get(key).map_or([].iter(), |v| v.iter())
}

/// The whole workspace, resolved.
#[derive(Debug, PartialEq)]
pub struct Model {
    pub(crate) envs: Vec<Env>,
    /// Shared: an unchanged template's task is the one the last analysis
    /// resolved ([`AnalysisMemo`](super::AnalysisMemo)).
    pub(crate) tasks: Vec<Arc<Task>>,
    /// Shared like `tasks`.
    pub(crate) overrides: Vec<Arc<Override>>,
    pub(crate) types: TypeTable,
    pub(crate) env_index: BTreeMap<String, usize>,
    pub(crate) template_index: BTreeMap<String, usize>,
    pub(crate) task_id_index: BTreeMap<String, usize>,
    pub(crate) override_index: BTreeMap<String, usize>,
    /// Positions in `tasks` of each env's templates, in `envs` of the envs
    /// that extend each env, and in `overrides` of each template's
    /// overrides, in workspace order: lints and backends ask these for
    /// every env or template, which a scan would make quadratic.
    pub(crate) tasks_by_env: BTreeMap<String, Vec<usize>>,
    pub(crate) children_by_env: BTreeMap<String, Vec<usize>>,
    pub(crate) overrides_by_template: BTreeMap<String, Vec<usize>>,
}

impl Model {
    /// Every env, in workspace order (file, then position).
    pub fn envs(&self) -> &[Env] {
        &self.envs
    }

    /// Every template (function, query and container tasks), in workspace order.
    pub fn tasks(&self) -> &[Arc<Task>] {
        &self.tasks
    }

    /// The `image { … }` blocks of the envs and templates whose recipe
    /// names files of the workspace (their content is part of the tag).
    pub fn images_with_files(&self) -> impl Iterator<Item = &ImageSpec> {
        let settings = self
            .envs
            .iter()
            .map(|e| &e.settings)
            .chain(self.tasks.iter().map(|t| &t.settings));
        settings.filter_map(|s| match s.image.as_ref().map(|i| &i.value) {
            Some(Image::Spec(spec)) if spec.recipe_paths().next().is_some() => Some(spec),
            _ => None,
        })
    }

    /// Every override, in workspace order.
    pub fn overrides(&self) -> &[Arc<Override>] {
        &self.overrides
    }

    /// Every env, then every task, then every override, with the kind and
    /// name of its declaration and its resolved settings: what a check of
    /// one attribute on every declaration walks.
    pub fn declared_settings(&self) -> impl Iterator<Item = (DeclKind, &str, &Settings)> {
        let envs = self
            .envs
            .iter()
            .map(|e| (DeclKind::Env, e.name.as_str(), &e.settings));
        let tasks = self
            .tasks
            .iter()
            .map(|t| (DeclKind::Template, t.name.as_str(), &t.settings));
        let overrides = self
            .overrides
            .iter()
            .map(|o| (DeclKind::Override, o.name.as_str(), &o.settings));
        envs.chain(tasks).chain(overrides)
    }

    /// The named types (`type X = enum/record`).
    pub fn types(&self) -> &TypeTable {
        &self.types
    }

    pub fn env(&self, name: &str) -> Option<&Env> {
        self.env_index.get(name).and_then(|&i| self.envs.get(i))
    }

    /// A template by its declared name (`template <name> in …`).
    pub fn template(&self, name: &str) -> Option<&Task> {
        self.template_index
            .get(name)
            .and_then(|&i| self.tasks.get(i))
            .map(|t| &**t)
    }

    /// A task by its Flyte task id name (`<env>.<function>` or `name = "…"`).
    pub fn task_by_id(&self, task_id: &str) -> Option<&Task> {
        self.task_id_index
            .get(task_id)
            .and_then(|&i| self.tasks.get(i))
            .map(|t| &**t)
    }

    pub fn override_named(&self, name: &str) -> Option<&Override> {
        self.override_index
            .get(name)
            .and_then(|&i| self.overrides.get(i))
            .map(|o| &**o)
    }

    /// The tasks declared `in` this env.
    pub fn tasks_in_env<'a>(&'a self, env: &'a str) -> impl Iterator<Item = &'a Task> + 'a {
        positions(&self.tasks_by_env, env).filter_map(|&i| self.tasks.get(i).map(|t| &**t))
    }

    /// The envs that extend this env directly, in workspace order.
    pub fn children_of<'a>(&'a self, env: &'a str) -> impl Iterator<Item = &'a Env> + 'a {
        positions(&self.children_by_env, env).filter_map(|&i| self.envs.get(i))
    }

    /// The overrides of a template.
    pub fn overrides_of<'a>(
        &'a self,
        template: &'a str,
    ) -> impl Iterator<Item = &'a Override> + 'a {
        positions(&self.overrides_by_template, template)
            .filter_map(|&i| self.overrides.get(i).map(|o| &**o))
    }

    /// The [`Model::tasks_by_env`]-style indexes, from each item's key.
    pub(crate) fn group<T>(
        items: &[T],
        key: impl Fn(&T) -> Option<&str>,
    ) -> BTreeMap<String, Vec<usize>> {
        let mut groups: BTreeMap<String, Vec<usize>> = BTreeMap::new();
        // Neighbours mostly share a key (a file's templates are in one
        // env): a run of equal keys is one map lookup, not one per item.
        let mut run: Option<(&str, Vec<usize>)> = None;
        for (i, item) in items.iter().enumerate() {
            let Some(key) = key(item) else { continue };
            match &mut run {
                Some((run_key, positions)) if *run_key == key => positions.push(i),
                _ => {
                    if let Some((run_key, positions)) = run.replace((key, vec![i])) {
                        Self::join(&mut groups, run_key, positions);
                    }
                }
            }
        }
        if let Some((run_key, positions)) = run {
            Self::join(&mut groups, run_key, positions);
        }
        groups
    }

    /// Add a run of positions to its group; the key is copied only for a
    /// new group.
    fn join(groups: &mut BTreeMap<String, Vec<usize>>, key: &str, positions: Vec<usize>) {
        match groups.get_mut(key) {
            Some(group) => group.extend(positions),
            None => {
                groups.insert(key.to_string(), positions);
            }
        }
    }
}

/// A resolved `env` (a Flyte `TaskEnvironment`).
#[derive(Debug, Clone, PartialEq)]
pub struct Env {
    pub name: String,
    pub name_at: FileSpan,
    /// The whole declaration.
    pub decl_at: FileSpan,
    /// `///` text on the declaration.
    pub doc: Option<String>,
    /// The `extends` parent as written, and where.
    pub extends: Option<Spanned<String>>,
    /// This env and its ancestors, nearest first (`[leaf, mid, base]`). A
    /// broken chain (unknown parent, cycle) stops where it breaks.
    pub chain: Vec<String>,
    /// Settings after inheritance: only env attributes are ever set here.
    pub settings: Settings,
    /// `environment.description` as sent: truncated to 255 characters the way
    /// the SDK does (`text[:247] + "...(tr.)"`).
    pub wire_description: Option<String>,
    /// `environment.name` as sent: the SDK hard-cuts it to 63 characters.
    pub wire_name: String,
    /// The env itself or an ancestor has an error; diagnostics that would
    /// only repeat that error are not reported for it.
    pub broken: bool,
}

impl Env {
    pub fn decl(&self) -> DeclRef {
        DeclRef::new(DeclKind::Env, &self.name)
    }

    /// Provenance of an attribute by its `.task` name (`"resources"`, …).
    pub fn attribute(&self, name: &str) -> Option<&Provenance> {
        self.settings.provenance(name)
    }

    /// True when the env is reusable (`reusable { … }`, not `off`).
    pub fn is_reusable(&self) -> bool {
        self.settings.reuse_policy().is_some()
    }
}

/// What kind of task a template makes.
#[derive(Debug, Clone, PartialEq)]
pub enum TaskKind {
    /// A Python function task (`@env.task`): resolver args `mod <module> instance <function>`.
    Function {
        module: Spanned<String>,
        function: Spanned<String>,
    },
    /// A query task (`sql bigquery { … }` + `query`), emitted with a `sql` target.
    Query(SqlTask),
    /// A raw container task (`container { … }`), type `raw-container`.
    Container(ContainerTask),
}

/// A resolved `template`.
#[derive(Debug, Clone, PartialEq)]
pub struct Task {
    /// The template's declared name.
    pub name: String,
    pub name_at: FileSpan,
    pub decl_at: FileSpan,
    /// The env it is declared `in`, and where that name is written.
    pub env: String,
    pub env_at: FileSpan,
    /// The Flyte task id name: `<env>.<function>`, or `name = "…"` verbatim
    /// for query and container tasks.
    pub task_id: String,
    pub kind: TaskKind,
    /// `TaskSpec.short_name` as sent (default applied, cut to 63 characters).
    pub short_name: String,
    /// `TaskSpec.documentation`, from `///` (truncated like the SDK).
    pub docs: Docs,
    pub inputs: Vec<Input>,
    pub outputs: Vec<Output>,
    pub triggers: Vec<Trigger>,
    /// `async = true`.
    pub is_async: bool,
    /// The effective settings: env values with the template's on top (the
    /// template wins for cache, interruptible, queue, service_account and
    /// pod_template). The backend reads only these.
    pub settings: Settings,
    /// `deploy = false`: not deployed with its env; emitted as a submit-path
    /// `TaskSpec` (docs/language.md §4.1).
    pub deploy: bool,
    /// `docs = "…"`: CLI help text, client side only (never serialized).
    pub help_docs: Option<String>,
}

impl Task {
    pub fn decl(&self) -> DeclRef {
        DeclRef::new(DeclKind::Template, &self.name)
    }

    /// Provenance of an effective attribute by its `.task` name.
    pub fn attribute(&self, name: &str) -> Option<&Provenance> {
        self.settings.provenance(name)
    }

    pub fn input(&self, name: &str) -> Option<&Input> {
        self.inputs.iter().find(|i| i.name == name)
    }

    pub fn is_function(&self) -> bool {
        matches!(self.kind, TaskKind::Function { .. })
    }
}

/// A resolved `override <name> of <template>`.
#[derive(Debug, Clone, PartialEq)]
pub struct Override {
    pub name: String,
    pub name_at: FileSpan,
    pub decl_at: FileSpan,
    pub doc: Option<String>,
    /// The template it overrides, and where that name is written.
    pub template: String,
    pub template_at: FileSpan,
    /// The base template's env.
    pub env: String,
    /// The base task's task id name (an override keeps it).
    pub task_id: String,
    /// `short_name` after the override (base task's when not overridden).
    pub short_name: String,
    /// The task's effective settings with the override's values applied.
    pub settings: Settings,
}

impl Override {
    pub fn decl(&self) -> DeclRef {
        DeclRef::new(DeclKind::Override, &self.name)
    }

    pub fn attribute(&self, name: &str) -> Option<&Provenance> {
        self.settings.provenance(name)
    }

    /// Output name of its spec file: `<env>.<override name>`.
    pub fn output_name(&self) -> String {
        format!("{}.{}", self.env, self.name)
    }
}

/// `documentation` of a task.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Docs {
    /// First paragraph of the `///` text (≤ 255 characters).
    pub short: Option<String>,
    /// The rest (≤ 2048 characters).
    pub long: Option<String>,
    pub at: Option<FileSpan>,
}

/// One task input (`name: Type [= default]`), in declaration order.
#[derive(Debug, Clone, PartialEq)]
pub struct Input {
    pub name: String,
    pub at: FileSpan,
    pub ty: Type,
    pub ty_at: FileSpan,
    /// The type-checked default, if one is written.
    pub default: Option<TypedValue>,
    pub default_at: Option<FileSpan>,
    /// `///` text: the variable's description.
    pub doc: Option<String>,
}

/// One task output. `returns T` gives a single output named `o0`.
#[derive(Debug, Clone, PartialEq)]
pub struct Output {
    pub name: String,
    pub at: FileSpan,
    pub ty: Type,
    pub ty_at: FileSpan,
    pub doc: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SqlDialect {
    BigQuery,
    Snowflake,
}

impl SqlDialect {
    pub fn word(self) -> &'static str {
        match self {
            SqlDialect::BigQuery => "bigquery",
            SqlDialect::Snowflake => "snowflake",
        }
    }
}

/// A query task: `sql <dialect> { … }` + `query = """…"""`.
#[derive(Debug, Clone, PartialEq)]
pub struct SqlTask {
    pub dialect: SqlDialect,
    pub config: SqlConfig,
    /// The query as written.
    pub query: String,
    /// `sql.statement`: newlines and tabs replaced, whitespace runs collapsed,
    /// ends stripped (as both SDK plugins do).
    pub statement: String,
    pub query_at: FileSpan,
    pub block_at: FileSpan,
    /// Every placeholder use (`@x`, `%(x)s`) the query's dialect counts, in
    /// query order, with where its name is written (uses written with an
    /// escape are left out). Editors rename and find inputs through these.
    pub placeholder_uses: Vec<Spanned<String>>,
}

#[derive(Debug, Clone, PartialEq)]
pub enum SqlConfig {
    BigQuery(BigQueryConfig),
    Snowflake(SnowflakeConfig),
}

#[derive(Debug, Clone, PartialEq, Default)]
pub struct BigQueryConfig {
    pub project_id: Option<String>,
    pub location: Option<String>,
    pub credentials_secret: Option<String>,
    /// `query_job_config { … }` as a JSON object, key order kept.
    pub query_job_config: Vec<(String, serde_json::Value)>,
}

#[derive(Debug, Clone, PartialEq, Default)]
pub struct SnowflakeConfig {
    pub account: Option<String>,
    pub database: Option<String>,
    pub schema: Option<String>,
    pub warehouse: Option<String>,
    pub user: Option<String>,
    pub batch: bool,
    pub connection_kwargs: Vec<(String, serde_json::Value)>,
    pub secret_group: Option<String>,
    pub private_key_secret: Option<String>,
    pub private_key_passphrase_secret: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MetadataFormat {
    Json,
    Yaml,
    Proto,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FileInputLayout {
    Direct,
    NamedDir,
}

/// A raw container task: `container { … }`, defaults applied.
#[derive(Debug, Clone, PartialEq)]
pub struct ContainerTask {
    pub command: Vec<String>,
    pub args: Vec<String>,
    /// Default `/var/inputs`.
    pub input_data_dir: String,
    /// Default `/var/outputs`.
    pub output_data_dir: String,
    pub metadata_format: MetadataFormat,
    pub file_input_layout: FileInputLayout,
    pub block_at: FileSpan,
    /// Every input reference in `command` and `args` (`{{.inputs.x}}`,
    /// `{{ .Inputs.x }}`, `<input_data_dir>/x`), in order, with where its
    /// name is written (references written with an escape are left out).
    pub input_uses: Vec<Spanned<String>>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn groups_keep_workspace_order_across_runs_of_one_key() {
        let keys = [
            Some("a"),
            Some("a"),
            Some("b"),
            None,
            Some("a"),
            Some("b"),
            Some("c"),
        ];
        let groups = Model::group(&keys, |k| *k);
        let expected: BTreeMap<String, Vec<usize>> = [
            ("a".to_string(), vec![0, 1, 4]),
            ("b".to_string(), vec![2, 5]),
            ("c".to_string(), vec![6]),
        ]
        .into_iter()
        .collect();
        assert_eq!(groups, expected);
        assert!(Model::group(&[None::<&str>], |k| *k).is_empty());
    }
}
