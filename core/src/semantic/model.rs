//! The resolved, typed model of a workspace: what the backends, lints and
//! editor features read. Nothing here needs the AST again: every value is
//! typed, every default the language defines is applied where the model says
//! so, and every setting carries its [`Provenance`].
//!
//! Settings are kept as `Option<Setting<T>>`: `None` means "not written
//! anywhere along the chain", and the documented Flyte default applies (the
//! backend emits it). `Some` holds the typed value and where it came from.

use std::collections::BTreeMap;
use std::time::Duration;

pub use super::provenance::{DeclKind, DeclRef, Origin, Provenance, Setting};
use super::triggers::Trigger;
use super::types::{Type, TypeTable};
use super::values::TypedValue;
use crate::source::FileSpan;

/// A value with the place it is written.
#[derive(Debug, Clone, PartialEq)]
pub struct Spanned<T> {
    pub value: T,
    pub at: FileSpan,
}

impl<T> Spanned<T> {
    pub fn new(value: T, at: FileSpan) -> Self {
        Spanned { value, at }
    }
}

/// The whole workspace, resolved.
#[derive(Debug)]
pub struct Model {
    pub(crate) envs: Vec<Env>,
    pub(crate) tasks: Vec<Task>,
    pub(crate) overrides: Vec<Override>,
    pub(crate) types: TypeTable,
    pub(crate) env_index: BTreeMap<String, usize>,
    pub(crate) template_index: BTreeMap<String, usize>,
    pub(crate) task_id_index: BTreeMap<String, usize>,
    pub(crate) override_index: BTreeMap<String, usize>,
}

impl Model {
    /// Every env, in workspace order (file, then position).
    pub fn envs(&self) -> &[Env] {
        &self.envs
    }

    /// Every template (function, query and container tasks), in workspace order.
    pub fn tasks(&self) -> &[Task] {
        &self.tasks
    }

    /// Every override, in workspace order.
    pub fn overrides(&self) -> &[Override] {
        &self.overrides
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
    }

    /// A task by its Flyte task id name (`<env>.<function>` or `name = "…"`).
    pub fn task_by_id(&self, task_id: &str) -> Option<&Task> {
        self.task_id_index
            .get(task_id)
            .and_then(|&i| self.tasks.get(i))
    }

    pub fn override_named(&self, name: &str) -> Option<&Override> {
        self.override_index
            .get(name)
            .and_then(|&i| self.overrides.get(i))
    }

    /// The tasks declared `in` this env.
    pub fn tasks_in_env<'a>(&'a self, env: &'a str) -> impl Iterator<Item = &'a Task> + 'a {
        self.tasks.iter().filter(move |t| t.env == env)
    }

    /// The overrides of a template.
    pub fn overrides_of<'a>(
        &'a self,
        template: &'a str,
    ) -> impl Iterator<Item = &'a Override> + 'a {
        self.overrides
            .iter()
            .filter(move |o| o.template == template)
    }
}

/// A resolved `env` (a Flyte `TaskEnvironment`).
#[derive(Debug, Clone)]
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
#[derive(Debug, Clone)]
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
#[derive(Debug, Clone)]
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
#[derive(Debug, Clone)]
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
#[derive(Debug, Clone)]
pub struct Output {
    pub name: String,
    pub at: FileSpan,
    pub ty: Type,
    pub ty_at: FileSpan,
    pub doc: Option<String>,
}

/// Every attribute an env, task or override can resolve to.
///
/// On an [`Env`] only env attributes are set; on a [`Task`] and an
/// [`Override`] this is the effective, merged view.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Settings {
    pub image: Option<Setting<Image>>,
    pub resources: Option<Setting<Resources>>,
    pub env_vars: Option<Setting<Vec<EnvVar>>>,
    pub secrets: Option<Setting<Vec<Secret>>>,
    pub service_account: Option<Setting<String>>,
    pub cache: Option<Setting<Cache>>,
    pub reusable: Option<Setting<Reusable>>,
    pub interruptible: Option<Setting<bool>>,
    pub queue: Option<Setting<String>>,
    pub pod_template: Option<Setting<PodTemplate>>,
    /// Env only: `environment.description` (as written; see `Env::wire_description`).
    pub description: Option<Setting<String>>,
    /// Env only: env names, deploy ordering.
    pub depends_on: Option<Setting<Vec<Spanned<String>>>>,
    /// Env only: `plugin <name> { … }`.
    pub plugin: Option<Setting<Plugin>>,
    pub retries: Option<Setting<Retries>>,
    pub timeout: Option<Setting<Timeout>>,
    /// As written (see `Task::short_name` for the value sent).
    pub short_name: Option<Setting<String>>,
    pub report: Option<Setting<bool>>,
    pub entrypoint: Option<Setting<bool>>,
    /// `metadata.debuggable`; absent means true for function tasks and
    /// false for reusable ones.
    pub debuggable: Option<Setting<bool>>,
    /// `metadata.produces_artifacts`.
    pub produces_artifacts: Option<Setting<bool>>,
    /// Bytes (a size string is converted).
    pub max_inline_io_bytes: Option<Setting<u64>>,
    pub links: Option<Setting<Vec<Link>>>,
}

impl Settings {
    /// Provenance of an attribute by its `.task` name.
    pub fn provenance(&self, name: &str) -> Option<&Provenance> {
        fn p<T>(s: &Option<Setting<T>>) -> Option<&Provenance> {
            s.as_ref().map(|s| &*s.provenance)
        }
        match name {
            "image" => p(&self.image),
            "resources" => p(&self.resources),
            "env_vars" => p(&self.env_vars),
            "secrets" => p(&self.secrets),
            "service_account" => p(&self.service_account),
            "cache" => p(&self.cache),
            "reusable" => p(&self.reusable),
            "interruptible" => p(&self.interruptible),
            "queue" => p(&self.queue),
            "pod_template" => p(&self.pod_template),
            "description" => p(&self.description),
            "depends_on" => p(&self.depends_on),
            "plugin" => p(&self.plugin),
            "retries" => p(&self.retries),
            "timeout" => p(&self.timeout),
            "short_name" => p(&self.short_name),
            "report" => p(&self.report),
            "entrypoint" => p(&self.entrypoint),
            "debuggable" => p(&self.debuggable),
            "produces_artifacts" => p(&self.produces_artifacts),
            "max_inline_io_bytes" => p(&self.max_inline_io_bytes),
            "links" => p(&self.links),
            _ => None,
        }
    }

    /// Names of the attributes that are set, in the order of [`Settings`]' fields.
    pub fn set_attributes(&self) -> Vec<&'static str> {
        SETTING_NAMES
            .iter()
            .copied()
            .filter(|n| self.provenance(n).is_some())
            .collect()
    }

    /// The reuse policy, when reusable and not `off`.
    pub fn reuse_policy(&self) -> Option<&ReusePolicy> {
        match self.reusable.as_ref().map(|s| &s.value) {
            Some(Reusable::Policy(p)) => Some(p),
            _ => None,
        }
    }
}

/// Every attribute name [`Settings`] can hold, in field order.
pub const SETTING_NAMES: &[&str] = &[
    "image",
    "resources",
    "env_vars",
    "secrets",
    "service_account",
    "cache",
    "reusable",
    "interruptible",
    "queue",
    "pod_template",
    "description",
    "depends_on",
    "plugin",
    "retries",
    "timeout",
    "short_name",
    "report",
    "entrypoint",
    "debuggable",
    "produces_artifacts",
    "max_inline_io_bytes",
    "links",
];

/// `image`: absent means `auto`, as in the SDK.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Image {
    /// `auto`: `ghcr.io/flyteorg/flyte:py<python>-v<sdk>` from taskc.toml.
    Auto,
    /// `image = none`: no image (the SDK's `image=None`).
    None,
    /// An image reference, used as is (not listed in `--image-cache`).
    Uri(String),
    /// `image { … }`: an SDK `Image` object (listed in `--image-cache`).
    Spec(ImageSpec),
}

/// `image { base | python, registry, name, pip_packages, apt_packages }`
/// (docs/language.md §3.1). `image {}` is [`Image::Auto`].
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct ImageSpec {
    /// `Image.from_base(base)`.
    pub base: Option<String>,
    /// `"3.12"`: `Image.from_debian_base(python_version=(3, 12))`.
    pub python: Option<String>,
    pub registry: Option<String>,
    pub name: Option<String>,
    pub pip_packages: Vec<String>,
    pub apt_packages: Vec<String>,
}

impl ImageSpec {
    /// A layered image (built before deploy): `<registry>/<name>:<tag>`.
    pub fn is_layered(&self) -> bool {
        self.registry.is_some()
            || self.name.is_some()
            || !self.pip_packages.is_empty()
            || !self.apt_packages.is_empty()
    }
}

/// A Kubernetes quantity as it is sent (`"500m"`, `"2"`, `"0.5"`, `"4Gi"`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Quantity {
    pub text: String,
    pub at: FileSpan,
}

/// A request and an optional limit (`cpu = [1, 2]`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RequestLimit {
    pub request: Quantity,
    pub limit: Option<Quantity>,
}

/// `resources { cpu, memory, gpu, disk, shm }`.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Resources {
    pub cpu: Option<RequestLimit>,
    pub memory: Option<RequestLimit>,
    pub gpu: Option<Gpu>,
    pub disk: Option<Quantity>,
    pub shm: Option<Shm>,
}

/// `gpu = 2`, `gpu = "A100:2"` or `gpu { device, count, partition, class }`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Gpu {
    /// Any GPU; `0` means none.
    Count {
        count: u32,
        at: FileSpan,
    },
    Device(GpuDevice),
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GpuDevice {
    /// The device as the SDK names it (`"A100"`, `"T4 shared"`, `"V5P"`).
    pub device: String,
    pub count: u32,
    pub partition: Option<String>,
    pub class: DeviceClass,
    pub at: FileSpan,
}

impl GpuDevice {
    /// `extended_resources.gpu_accelerator.device` (WIRE.md §5.1).
    pub fn wire_device(&self) -> &str {
        super::resources::wire_device_name(&self.device)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DeviceClass {
    Gpu,
    Tpu,
    Neuron,
    Amd,
    Gaudi,
}

impl DeviceClass {
    /// The `.task` word (`class = tpu`).
    pub fn word(self) -> &'static str {
        match self {
            DeviceClass::Gpu => "gpu",
            DeviceClass::Tpu => "tpu",
            DeviceClass::Neuron => "neuron",
            DeviceClass::Amd => "amd",
            DeviceClass::Gaudi => "gaudi",
        }
    }

    /// The `GPUAccelerator.DeviceClass` enum name.
    pub fn wire_name(self) -> &'static str {
        match self {
            DeviceClass::Gpu => "NVIDIA_GPU",
            DeviceClass::Tpu => "GOOGLE_TPU",
            DeviceClass::Neuron => "AMAZON_NEURON",
            DeviceClass::Amd => "AMD_GPU",
            DeviceClass::Gaudi => "HABANA_GAUDI",
        }
    }
}

/// `shm`: `auto` leaves the size to the node.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Shm {
    Auto { at: FileSpan },
    Size(Quantity),
}

/// One `env_vars` entry, in written order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EnvVar {
    pub key: String,
    pub value: String,
    pub at: FileSpan,
}

/// One `secrets` entry (`"key"` or `{ key, group?, env_var?, mount? }`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Secret {
    pub key: String,
    pub group: Option<String>,
    /// Written `env_var`.
    pub env_var: Option<String>,
    /// Written `mount` (only `/etc/flyte/secrets` is accepted).
    pub mount: Option<String>,
    pub at: FileSpan,
}

impl Secret {
    /// The env var the secret is exposed as (`None` for a file mount):
    /// the written `env_var`, else `group_key` (or `key`) with `-` → `_`,
    /// uppercased, as the SDK derives it.
    pub fn effective_env_var(&self) -> Option<String> {
        if self.mount.is_some() {
            return None;
        }
        if let Some(v) = &self.env_var {
            return Some(v.clone());
        }
        let base = match &self.group {
            Some(g) => format!("{g}_{}", self.key),
            None => self.key.clone(),
        };
        Some(base.replace('-', "_").to_uppercase())
    }

    /// `mount_requirement`: `FILE` with a mount, else `ENV_VAR`.
    pub fn is_file_mount(&self) -> bool {
        self.mount.is_some()
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CacheBehavior {
    Auto,
    Override,
    Disable,
}

impl CacheBehavior {
    pub fn word(self) -> &'static str {
        match self {
            CacheBehavior::Auto => "auto",
            CacheBehavior::Override => "override",
            CacheBehavior::Disable => "disable",
        }
    }

    /// `metadata.discoverable`.
    pub fn is_enabled(self) -> bool {
        !matches!(self, CacheBehavior::Disable)
    }
}

/// `cache = auto|override|disable` or `cache { … }`.
#[derive(Debug, Clone, PartialEq)]
pub struct Cache {
    pub behavior: CacheBehavior,
    /// The word as written when it was an alias (`enable`, `off`, …), for
    /// the lint that suggests the canonical word.
    pub alias: Option<Spanned<String>>,
    /// `version`: becomes `discovery_version` as is.
    pub version: Option<String>,
    pub serialize: Option<bool>,
    pub ignored_inputs: Vec<Spanned<String>>,
    pub salt: Option<String>,
    pub max_age: Option<Duration>,
}

/// `retries = 3` or `retries { count, backoff { … } }`.
#[derive(Debug, Clone, PartialEq)]
pub struct Retries {
    pub count: u32,
    pub backoff: Option<Backoff>,
}

/// `backoff { base, factor, cap }`: `factor` defaults to 1.0 as in the SDK.
#[derive(Debug, Clone, PartialEq)]
pub struct Backoff {
    pub base: Duration,
    pub factor: f64,
    pub cap: Option<Duration>,
}

/// `timeout = 1h` (max_runtime) or `timeout { max_runtime, max_queued_time, deadline }`.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Timeout {
    pub max_runtime: Option<Duration>,
    pub max_queued_time: Option<Duration>,
    pub deadline: Option<Duration>,
}

/// `reusable { … }` or `reusable = off` (overrides only).
#[derive(Debug, Clone, PartialEq)]
pub enum Reusable {
    Off,
    Policy(ReusePolicy),
}

/// A reuse policy with the SDK's defaults applied (replicas 2, ttls 30 s,
/// concurrency 1, scope global).
#[derive(Debug, Clone, PartialEq)]
pub struct ReusePolicy {
    pub min_replicas: u32,
    pub max_replicas: u32,
    pub idle_ttl: Duration,
    pub concurrency: u32,
    pub scaledown_ttl: Duration,
    pub scope: ReuseScope,
    /// Where `concurrency` is written, if it is.
    pub concurrency_at: Option<FileSpan>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ReuseScope {
    Global,
    Run,
}

/// `pod_template = "name"` or `pod_template { … }`.
#[derive(Debug, Clone, PartialEq)]
pub enum PodTemplate {
    /// A named template: `metadata.pod_template_name`.
    Named(String),
    /// An inline template: the `k8s_pod` target.
    Inline(InlinePodTemplate),
}

#[derive(Debug, Clone, PartialEq)]
pub struct InlinePodTemplate {
    pub labels: Vec<(String, String)>,
    pub annotations: Vec<(String, String)>,
    /// Default `"primary"`.
    pub primary_container_name: String,
    /// The Kubernetes `PodSpec` in its JSON shape (camelCase keys), key order kept.
    pub pod_spec: Option<serde_json::Value>,
}

/// `plugin <name> { … }`: a plugin config that picks the task type.
#[derive(Debug, Clone, PartialEq)]
pub enum Plugin {
    Dask(DaskConfig),
}

impl Plugin {
    pub fn name(&self) -> &'static str {
        match self {
            Plugin::Dask(_) => "dask",
        }
    }
}

/// `plugin dask { scheduler { image, resources }, workers { number_of_workers, image, resources } }`.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct DaskConfig {
    pub scheduler: DaskScheduler,
    pub workers: DaskWorkers,
}

#[derive(Debug, Clone, PartialEq, Default)]
pub struct DaskScheduler {
    pub image: Option<String>,
    pub resources: Option<Resources>,
}

#[derive(Debug, Clone, PartialEq, Default)]
pub struct DaskWorkers {
    pub number_of_workers: Option<u32>,
    pub image: Option<String>,
    pub resources: Option<Resources>,
}

/// One `links` entry.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Link {
    pub name: String,
    /// As written, with `{run_name}`-style placeholders.
    pub uri: String,
    /// With the placeholders replaced by Flyte's templates (`{{.runName}}`, …).
    pub wire_uri: String,
    pub icon_uri: Option<String>,
    pub at: FileSpan,
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
