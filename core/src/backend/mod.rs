//! Wire backends: the semantic [`Model`] turned into exactly what the Flyte
//! SDK (2.12.1) sends for each task: a `DeployTaskRequest` (the deploy path)
//! or a submit-path `TaskSpec` (overrides, query tasks with inputs), plus the
//! container args and the SQL statement for inspection (WIRE.md).

pub mod interface;
pub mod literals;
pub mod triggers;

mod json_schema;
mod msgpack;

mod actor;
mod args;
mod codes;
mod convert;
mod dask;
mod image;
mod metadata;
mod pod;
mod raw_container;
mod resources;
mod security;
mod spec;
mod sql;
mod versions;

use rayon::prelude::*;

use crate::diagnostics::Diagnostic;
use crate::semantic::Model;
use crate::source::FileSpan;
use crate::workspace::Config;
use taskc_wire::flyteidl2::task::{DeployTaskRequest, TaskSpec};

/// How the task version is chosen (LANGUAGE.md §6).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum VersionPolicy {
    /// A fixed string from `taskc.toml` or the command line.
    Fixed(String),
    /// SHA-256 over the canonical resolved specs (docs/versions.md).
    Content,
}

/// Everything the backend needs besides the model: `[flyte]` of `taskc.toml`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BuildOptions {
    pub project: String,
    pub domain: String,
    pub org: String,
    pub version: VersionPolicy,
    pub sdk_version: String,
    pub python: String,
    /// `--tgz` URI; `None` means no code bundle.
    pub code_bundle: Option<String>,
    /// `--dest`.
    pub code_bundle_dest: String,
    /// The bundle's version (used by the content version).
    pub code_bundle_version: Option<String>,
    pub default_module: Option<String>,
    /// `_F_SYS_PATH` entries.
    pub sys_paths: Vec<String>,
}

impl BuildOptions {
    pub fn from_config(config: &Config) -> Self {
        let flyte = &config.flyte;
        BuildOptions {
            project: flyte.project.clone().unwrap_or_default(),
            domain: flyte.domain.clone().unwrap_or_default(),
            org: flyte.org.clone().unwrap_or_default(),
            version: if config.uses_content_version() {
                VersionPolicy::Content
            } else {
                VersionPolicy::Fixed(flyte.version.clone())
            },
            sdk_version: flyte.sdk_version.clone(),
            python: flyte.python.clone(),
            code_bundle: flyte.code_bundle.clone(),
            code_bundle_dest: flyte.code_bundle_dest.clone(),
            code_bundle_version: config.code_bundle_version(),
            default_module: flyte.default_module.clone(),
            sys_paths: flyte.sys_paths.clone(),
        }
    }
}

/// What one artifact carries to Flyte.
#[derive(Debug, Clone, PartialEq)]
pub enum Emitted {
    /// Sent with `DeployTask` (`flyte deploy`).
    Deploy(Box<DeployTaskRequest>),
    /// Sent inside `CreateRun` (`flyte run`), never deployed on its own.
    Submit(Box<TaskSpec>),
}

/// One output of a build.
#[derive(Debug, Clone, PartialEq)]
pub struct Artifact {
    /// Output file stem: a template's task id name (`<env>.<function>`, or
    /// `name` verbatim for query and container templates), or
    /// `<env>.<override name>` for an override.
    pub name: String,
    pub emitted: Emitted,
    /// The container's args, for inspection (`None` without a container).
    pub container_args: Option<Vec<String>>,
    /// The SQL statement of a query task.
    pub sql: Option<String>,
}

/// Every artifact (sorted by name) and every backend diagnostic.
#[derive(Debug, Clone, Default)]
pub struct BuildOutput {
    pub artifacts: Vec<Artifact>,
    pub diagnostics: Vec<Diagnostic>,
}

/// Build every template and override of `model` (the model should be free
/// of errors: `check` runs first). Deterministic: the same model and options
/// give the same artifacts, byte for byte.
pub fn build(model: &Model, options: &BuildOptions) -> BuildOutput {
    match &options.version {
        VersionPolicy::Fixed(version) => build_with_version(model, options, version),
        VersionPolicy::Content => {
            // The version is a hash of the specs, which name the version
            // (`id.version`, `--version`): hash them built without one.
            // The draft is dropped before the real build: holding both would
            // double the peak memory of a large workspace.
            let version = {
                let draft = build_with_version(model, options, "");
                let version = versions::content_version(
                    &draft.artifacts,
                    options.code_bundle_version.as_deref(),
                );
                // Freeing thousands of artifacts is a serial step worth
                // spreading over the workers too.
                draft.artifacts.into_par_iter().for_each(drop);
                version
            };
            build_with_version(model, options, &version)
        }
    }
}

/// Flyte's limit on `TaskIdentifier.version`.
const MAX_VERSION_LEN: usize = 63;

fn build_with_version(model: &Model, options: &BuildOptions, version: &str) -> BuildOutput {
    let mut cx = spec::Cx {
        model,
        options,
        version,
        image_cache: image::ImageCache::of(model, options).argument(),
        diagnostics: Vec::new(),
    };
    // Each task and override is built on its own (they share only the
    // model and the options), so they are built in parallel, each with its
    // own context; results keep declaration order.
    let own_cx = || spec::Cx {
        model,
        options,
        version,
        image_cache: cx.image_cache.clone(),
        diagnostics: Vec::new(),
    };
    let from_tasks: Vec<(Artifact, FileSpan, Vec<Diagnostic>)> = model
        .tasks()
        .par_iter()
        .map(|task| {
            let mut cx = own_cx();
            let artifact = spec::template_artifact(&mut cx, task);
            (artifact, task.name_at, cx.diagnostics)
        })
        .collect();
    let from_overrides: Vec<(Artifact, FileSpan, Vec<Diagnostic>)> = model
        .overrides()
        .par_iter()
        .filter_map(|over| {
            let task = model.template(&over.template)?;
            let mut cx = own_cx();
            let artifact = spec::override_artifact(&mut cx, task, over);
            Some((artifact, over.name_at, cx.diagnostics))
        })
        .collect();
    let mut artifacts = Vec::with_capacity(from_tasks.len() + from_overrides.len());
    let mut origins = Vec::with_capacity(artifacts.capacity());
    for (artifact, origin, diagnostics) in from_tasks.into_iter().chain(from_overrides) {
        artifacts.push(artifact);
        origins.push(origin);
        cx.diagnostics.extend(diagnostics);
    }
    if matches!(options.version, VersionPolicy::Fixed(_))
        && (version.is_empty() || version.chars().count() > MAX_VERSION_LEN)
        && let Some(&at) = origins.first()
    {
        cx.diagnostics.push(
            Diagnostic::error(
                codes::BAD_VERSION,
                at,
                format!(
                    "the deploy version `{version}` is not accepted by Flyte (1 to {MAX_VERSION_LEN} characters)"
                ),
            )
            .with_help("set `[flyte] version` to a shorter string, or to \"content\""),
        );
    }
    let mut order: Vec<usize> = (0..artifacts.len()).collect();
    order.sort_by(|&a, &b| artifacts[a].name.cmp(&artifacts[b].name));
    for pair in order.windows(2) {
        if artifacts[pair[0]].name == artifacts[pair[1]].name {
            let name = &artifacts[pair[1]].name;
            cx.diagnostics.push(
                Diagnostic::error(
                    codes::DUPLICATE_OUTPUT,
                    origins[pair[1]],
                    format!("two declarations would both be written to `{name}`"),
                )
                .with_label(origins[pair[0]], "the other one")
                .with_help(
                    "rename the override or the template's function so their outputs differ",
                ),
            );
        }
    }
    let mut slots: Vec<Option<Artifact>> = artifacts.into_iter().map(Some).collect();
    let artifacts = order.iter().filter_map(|&i| slots[i].take()).collect();
    crate::diagnostics::sort_diagnostics(&mut cx.diagnostics);
    BuildOutput {
        artifacts,
        diagnostics: cx.diagnostics,
    }
}
