//! Wire backends: the semantic [`Model`] turned into exactly what the Flyte
//! SDK (2.12.1) sends for each task: a `DeployTaskRequest` (the deploy path)
//! or a submit-path `TaskSpec` (overrides, query tasks with inputs), plus the
//! container args and the SQL statement for inspection (WIRE.md).

pub mod flyte_literals;
pub mod interface;
pub mod python;
pub mod triggers;

pub use preflight::preflight;

mod json_schema;
mod msgpack;
mod python_values;

mod actor;
mod args;
mod codes;
mod convert;
mod encoded;
mod image;
mod image_tag;
mod metadata;
mod notifications;
mod plugins;
mod pod;
mod preflight;
mod raw_container;
mod resources;
mod security;
mod spec;
mod sql;
mod uv_script;
mod version_patch;
mod versions;

use rayon::prelude::*;

pub use encoded::{EncodedArtifact, EncodedOutput};

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
    /// The workspace root, which image recipe paths are relative to.
    pub root: Option<std::path::PathBuf>,
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
            root: config.root.clone(),
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
    let keep = |artifact: Artifact, python_args: bool| (artifact, python_args);
    match &options.version {
        VersionPolicy::Fixed(version) => {
            let (built, diagnostics) = build_pass(model, options, version, keep);
            BuildOutput {
                artifacts: built.into_iter().map(|(artifact, _)| artifact).collect(),
                diagnostics,
            }
        }
        VersionPolicy::Content => {
            // The version is a hash of the specs built without one (they
            // name the version: `id.version`, `--version`). Building is most
            // of the backend's work, so the specs are built once, with an
            // empty version, hashed, and then given the version in place
            // (version_patch.rs): the same bytes as a second build.
            let (mut built, diagnostics) = build_pass(model, options, "", keep);
            let version = versions::content_version(&built, options.code_bundle_version.as_deref());
            built.par_iter_mut().for_each(|(artifact, python_args)| {
                version_patch::set_version(artifact, &version, *python_args);
            });
            BuildOutput {
                artifacts: built.into_iter().map(|(artifact, _)| artifact).collect(),
                diagnostics,
            }
        }
    }
}

/// [`build`], with each artifact kept as its protobuf encoding
/// ([`EncodedArtifact`]) from the moment it is built: a tenth of the
/// memory of the messages, so a large build never holds them all. Gives
/// the same artifacts as `build` ([`EncodedArtifact::decode`]) and the
/// same diagnostics.
pub fn build_encoded(model: &Model, options: &BuildOptions) -> EncodedOutput {
    match &options.version {
        VersionPolicy::Fixed(version) => {
            let (artifacts, diagnostics) = build_pass(model, options, version, |artifact, _| {
                EncodedArtifact::new(artifact)
            });
            EncodedOutput {
                artifacts,
                diagnostics,
            }
        }
        VersionPolicy::Content => {
            // The encoding with an empty version is what the content
            // version hashes; the version is set when each one is decoded.
            let (mut artifacts, diagnostics) =
                build_pass(model, options, "", |artifact, python| {
                    EncodedArtifact::unversioned(artifact, python)
                });
            let version = versions::content_version_of_encoded(
                artifacts.iter().map(|a| (a.name.as_str(), a.encoded())),
                options.code_bundle_version.as_deref(),
            );
            let version: std::sync::Arc<str> = version.into();
            artifacts
                .par_iter_mut()
                .for_each(|artifact| artifact.set_version(&version));
            EncodedOutput {
                artifacts,
                diagnostics,
            }
        }
    }
}

/// Builds every artifact with `version` and hands each one, with whether
/// its container args are a Python task's (which name the version at
/// [`args::VERSION_ARG`]), to `keep`. Returns what `keep` made, sorted by
/// artifact name, and the diagnostics of the build.
fn build_pass<T, F>(
    model: &Model,
    options: &BuildOptions,
    version: &str,
    keep: F,
) -> (Vec<T>, Vec<Diagnostic>)
where
    T: Send,
    F: Fn(Artifact, bool) -> T + Sync,
{
    let (images, image_diagnostics) = image::ImageUris::read(model, options);
    let mut cx = spec::Cx {
        model,
        options,
        version,
        images: &images,
        image_cache: image::ImageCache::of(model, options, &images).argument(),
        diagnostics: image_diagnostics,
    };
    // Each task and override is built on its own (they share only the
    // model and the options), so they are built in parallel, each with its
    // own context; results keep declaration order.
    let own_cx = || spec::Cx {
        model,
        options,
        version,
        images: &images,
        image_cache: cx.image_cache.clone(),
        diagnostics: Vec::new(),
    };
    let from_tasks: Vec<Built<T>> = model
        .tasks()
        .par_iter()
        .map(|task| {
            let mut cx = own_cx();
            let artifact = spec::template_artifact(&mut cx, task);
            let name = artifact.name.clone();
            let kept = keep(artifact, task.is_function());
            (name, kept, task.name_at, cx.diagnostics)
        })
        .collect();
    let from_overrides: Vec<Built<T>> = model
        .overrides()
        .par_iter()
        .filter_map(|over| {
            let task = model.template(&over.template)?;
            let mut cx = own_cx();
            let artifact = spec::override_artifact(&mut cx, task, over);
            let name = artifact.name.clone();
            let kept = keep(artifact, task.is_function());
            Some((name, kept, over.name_at, cx.diagnostics))
        })
        .collect();
    let mut names = Vec::with_capacity(from_tasks.len() + from_overrides.len());
    let mut artifacts = Vec::with_capacity(names.capacity());
    let mut origins = Vec::with_capacity(names.capacity());
    for (name, artifact, origin, diagnostics) in from_tasks.into_iter().chain(from_overrides) {
        names.push(name);
        artifacts.push(artifact);
        origins.push(origin);
        cx.diagnostics.extend(diagnostics);
    }
    if matches!(options.version, VersionPolicy::Fixed(_))
        && let Some(&at) = origins.first()
        && let Some(d) = preflight::bad_version(version, at)
    {
        cx.diagnostics.push(d);
    }
    let mut order: Vec<usize> = (0..artifacts.len()).collect();
    order.sort_by(|&a, &b| names[a].cmp(&names[b]));
    for pair in order.windows(2) {
        if names[pair[0]] == names[pair[1]] {
            let name = &names[pair[1]];
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
    let mut slots: Vec<Option<T>> = artifacts.into_iter().map(Some).collect();
    let artifacts = order.iter().filter_map(|&i| slots[i].take()).collect();
    crate::diagnostics::sort_diagnostics(&mut cx.diagnostics);
    (artifacts, cx.diagnostics)
}

/// One built artifact as `keep` made it, with its name, where it is
/// declared and its diagnostics.
type Built<T> = (String, T, FileSpan, Vec<Diagnostic>);
