//! The typed values of attributes (`image`, `resources`, `cache`, …): what
//! one written attribute lowers to. [`super::schema`] says which attribute
//! holds which of these; [`super::model`] re-exports them for readers.

use std::time::Duration;

use crate::source::FileSpan;

pub use super::plugin_configs::*;

/// A value with the place it is written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Spanned<T> {
    pub value: T,
    pub at: FileSpan,
}

impl<T> Spanned<T> {
    pub fn new(value: T, at: FileSpan) -> Self {
        Spanned { value, at }
    }
}

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

/// `image { … }` (docs/language.md §3.1): a base, then the recipe's layers
/// in written order, as the SDK's `Image` builder chains them. `image {}` is
/// [`Image::Auto`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImageSpec {
    /// `Image.from_base(base)`.
    pub base: Option<String>,
    /// `Image.from_dockerfile(file, registry, name)`: no layers.
    pub dockerfile: Option<RecipePath>,
    /// `"3.12"`: `Image.from_debian_base(python_version=(3, 12))`.
    pub python: Option<String>,
    /// `from_debian_base(flyte_version=…)`; `None`: taskc.toml `sdk_version`.
    pub flyte_version: Option<String>,
    /// `from_debian_base(install_flyte=False)`: a `python:3.x-slim-bookworm`
    /// base with the SDK's default layers, built before deploy.
    pub install_flyte: bool,
    pub registry: Option<String>,
    pub name: Option<String>,
    /// `platform = ["linux/amd64", "linux/arm64"]`: what the image is built
    /// for (not part of the tag); empty: the SDK's default.
    pub platform: Vec<String>,
    /// The layers, in written order.
    pub layers: Vec<ImageLayer>,
}

impl Default for ImageSpec {
    fn default() -> Self {
        ImageSpec {
            base: None,
            dockerfile: None,
            python: None,
            flyte_version: None,
            install_flyte: true,
            registry: None,
            name: None,
            platform: Vec::new(),
            layers: Vec::new(),
        }
    }
}

/// `pip_index_url`, `pip_extra_index_urls`, `pip_pre`, `pip_extra_args`:
/// the SDK's `PipOption` of a pip layer (those of its block).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct PipOptions {
    pub index_url: Option<String>,
    pub extra_index_urls: Vec<String>,
    pub pre: bool,
    pub extra_args: Option<String>,
}

/// One step of an image recipe: one `Image.with_*` call.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ImageLayer {
    /// `pip_packages = [...]`: `with_pip_packages(*packages, <pip options>)`.
    Pip(Vec<String>, PipOptions),
    /// `apt_packages = [...]`: `with_apt_packages(*packages)`.
    Apt(Vec<String>),
    /// `commands = [...]`: `with_commands([...])`.
    Commands(Vec<String>),
    /// `env_vars { K = "v" }`: `with_env_vars({...})`, order kept.
    EnvVars(Vec<(String, String)>),
    /// `workdir = "/app"`: `with_workdir("/app")`.
    Workdir(String),
    /// `requirements = "requirements.txt"`: `with_requirements(…)`; the
    /// file's content is part of the tag.
    Requirements(RecipePath, PipOptions),
    /// One of `source_files = [...]`: `with_source_file(…)`.
    SourceFile(RecipePath),
    /// `source_folder = "src"`: `with_source_folder(…)`, copied to `./src`.
    SourceFolder(RecipePath),
    /// `uv_project = "pyproject.toml"`: `with_uv_project(…)` (its
    /// `uv.lock` beside it when there is one).
    UvProject(RecipePath, PipOptions),
    /// `poetry_project = "pyproject.toml"`: `with_poetry_project(…)`, with
    /// the `poetry.lock` beside it (which must exist).
    PoetryProject(RecipePath),
    /// `uv_script = "job.py"`: `Image.from_uv_script(…)`, always the first
    /// layer (on the plain Python base, `install_flyte = false`); its
    /// script's PEP 723 header is part of the tag.
    UvScript(RecipePath, PipOptions),
}

/// A file or folder an image recipe names: relative to the workspace root,
/// `/`-separated, without `.` or `..` components; read when the image's tag
/// is computed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RecipePath {
    pub path: String,
    pub at: FileSpan,
}

impl RecipePath {
    /// The last component (`Path.name`).
    pub fn file_name(&self) -> &str {
        self.path.rsplit('/').next().unwrap_or(&self.path)
    }
}

impl ImageSpec {
    /// An image taskc names and a builder builds before deploy:
    /// `[<registry>/]<name>:<tag>`, the tag a hash of the recipe.
    pub fn is_layered(&self) -> bool {
        self.registry.is_some()
            || self.name.is_some()
            || self.dockerfile.is_some()
            || !self.install_flyte
            || !self.layers.is_empty()
    }

    /// Whether a layer takes the pip options (`PipOption` in the SDK).
    pub fn has_pip_layer(&self) -> bool {
        self.layers.iter().any(|l| {
            matches!(
                l,
                ImageLayer::Pip(..)
                    | ImageLayer::Requirements(..)
                    | ImageLayer::UvProject(..)
                    | ImageLayer::UvScript(..)
            )
        })
    }

    /// The script of `uv_script`.
    pub fn uv_script(&self) -> Option<&RecipePath> {
        match self.layers.first() {
            Some(ImageLayer::UvScript(script, _)) => Some(script),
            _ => None,
        }
    }

    /// Every file and folder the recipe names.
    pub fn recipe_paths(&self) -> impl Iterator<Item = &RecipePath> {
        let layers = self.layers.iter().filter_map(|l| match l {
            ImageLayer::Requirements(p, _)
            | ImageLayer::SourceFile(p)
            | ImageLayer::SourceFolder(p)
            | ImageLayer::UvProject(p, _)
            | ImageLayer::PoetryProject(p)
            | ImageLayer::UvScript(p, _) => Some(p),
            _ => None,
        });
        self.dockerfile.iter().chain(layers)
    }

    /// The packages of the `pip_packages` layer (empty without one).
    pub fn pip_packages(&self) -> &[String] {
        self.layers
            .iter()
            .find_map(|l| match l {
                ImageLayer::Pip(p, _) => Some(p.as_slice()),
                _ => None,
            })
            .unwrap_or_default()
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
    /// The string as written when it used a spelling the SDK deprecated
    /// (`"A100 80G:8"`, `device = "RTX PRO 6000"`); `device` holds the
    /// current name, which is what the SDK sends for it.
    pub deprecated: Option<Spanned<String>>,
}

impl GpuDevice {
    /// `extended_resources.gpu_accelerator.device` (WIRE.md §5.1).
    pub fn wire_device(&self) -> &str {
        super::accelerators::wire_device_name(&self.device)
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
    /// The Kubernetes `PodSpec` in its JSON shape (camelCase keys), key order
    /// kept, as written (before the helpers).
    pub pod_spec: Option<serde_json::Value>,
    /// `allow_fuse`, `allow_nested_sandboxing`, `termination_grace_period`
    /// (applied by `semantic::pod_helpers::apply`).
    pub helpers: super::pod_helpers::PodHelpers,
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
