//! The URI of an `image { … }` block as the SDK computes it
//! (`flyte._image.Image.uri`): an image that is built before deploy is
//! `[<registry>/]<name>:<tag>`, where the tag is `Image._get_hash_digest()`,
//! an MD5 over the base image URI (or the Dockerfile) and then each layer's
//! `update_hash`, in layer order, including the content of the files a
//! layer names. Reproducing the SDK's bytes is what makes `taskc build`, the
//! bindings and `flyte deploy` name the same image (docs/versions.md).

use std::path::{Path, PathBuf};

use md5::{Digest, Md5};

use super::BuildOptions;
use super::codes;
use super::image::hex;
use super::uv_script;
use crate::diagnostics::Diagnostic;
use crate::semantic::model::{ImageLayer, ImageSpec, PipOptions, RecipePath};
use crate::workspace::dockerignore::DockerIgnore;
use crate::workspace::recipe_files::{self, Ignore, RecipeReadError};

/// The layers `Image.from_debian_base(install_flyte=False)` starts with
/// (`Image._get_default_image_for`), as their hash input: the labels, the
/// `flyte` user, its home as workdir, the venv variables and the build
/// packages.
const PLAIN_DEBIAN_LAYERS: [&str; 5] = [
    "LABEL org.opencontainers.image.authors='Union.AI <info@union.ai>'\
     LABEL org.opencontainers.image.source=https://github.com/flyteorg/flyte",
    "if ! id -u flyte >/dev/null 2>&1; then useradd --create-home --shell /bin/bash flyte; fi && \
     mkdir -p /home/flyte && chown -R flyte:flyte /home/flyte && chown -R flyte:flyte /root",
    "/home/flyte",
    "VIRTUAL_ENV=/opt/venv PATH=/opt/venv/bin:$PATH PYTHONPATH=/root UV_LINK_MODE=copy",
    "build-essentialca-certificates",
];

/// The image name `from_debian_base` gives when none is written.
const DEFAULT_NAME: &str = "flyte";

/// `ghcr.io/flyteorg/flyte:py<python>-v<version>`: the SDK's released
/// default image (a version already starting with `v` keeps it).
pub(crate) fn debian_image(python: &str, flyte_version: &str) -> String {
    let suffix = if flyte_version.starts_with('v') {
        flyte_version.to_string()
    } else {
        format!("v{flyte_version}")
    };
    format!("ghcr.io/flyteorg/flyte:py{python}-{suffix}")
}

/// The URI of an `image { … }` block; the error is a recipe file that
/// cannot be read.
pub(crate) fn spec_uri(
    spec: &ImageSpec,
    options: &BuildOptions,
) -> Result<String, Box<Diagnostic>> {
    let python = spec.python.as_deref().unwrap_or(&options.python);
    let flyte_version = spec
        .flyte_version
        .as_deref()
        .unwrap_or(&options.sdk_version);
    let base_image = match &spec.base {
        Some(base) => Some(base.clone()),
        None if spec.dockerfile.is_some() => None,
        None if spec.install_flyte => Some(debian_image(python, flyte_version)),
        None => Some(format!("python:{python}-slim-bookworm")),
    };
    if !spec.is_layered() {
        return Ok(base_image.unwrap_or_default());
    }
    let only_plain_base = spec.registry.is_none() && spec.name.is_none() && spec.layers.is_empty();
    if !spec.install_flyte && only_plain_base {
        // The SDK's default image keeps its preset tag until it is cloned.
        return Ok(format!("{DEFAULT_NAME}:py{python}"));
    }
    let files = Files::new(options.root.as_deref());
    let mut hasher = Md5::new();
    if let Some(base_image) = &base_image {
        hasher.update(base_image.as_bytes());
    }
    if let Some(dockerfile) = &spec.dockerfile {
        hasher.update(files.bytes(dockerfile)?);
    }
    if spec.base.is_none() && spec.dockerfile.is_none() && !spec.install_flyte {
        for layer in PLAIN_DEBIAN_LAYERS {
            hasher.update(layer.as_bytes());
        }
    }
    for layer in &spec.layers {
        hash_layer(&mut hasher, layer, &files)?;
    }
    let tag = hex(&hasher.finalize());
    let name = spec.name.as_deref().unwrap_or(DEFAULT_NAME);
    Ok(match &spec.registry {
        Some(registry) => format!("{registry}/{name}:{tag}"),
        None => format!("{name}:{tag}"),
    })
}

/// The recipe's files as `spec_uri` reads them, without reading folders
/// or hashing: each path is there and of its kind, and a uv script's
/// header can be read. What `check` (and an editor, on every change)
/// reports, cheaply; the build then reads everything.
pub(crate) fn check_files(spec: &ImageSpec, options: &BuildOptions) -> Result<(), Box<Diagnostic>> {
    let files = Files::new(options.root.as_deref());
    for layer in &spec.layers {
        match layer {
            ImageLayer::SourceFolder(folder) => files.kind(folder, true)?,
            ImageLayer::UvScript(script, _) => uv_script_header(&files, script).map(|_| ())?,
            ImageLayer::Requirements(file, _)
            | ImageLayer::UvProject(file, _)
            | ImageLayer::SourceFile(file) => files.kind(file, false)?,
            ImageLayer::PoetryProject(file) => {
                files.kind(file, false)?;
                files.kind(&sibling(file, "poetry.lock"), false)?;
            }
            _ => {}
        }
    }
    if let Some(dockerfile) = &spec.dockerfile {
        files.kind(dockerfile, false)?;
    }
    Ok(())
}

/// The hash input of a uv script's header.
fn uv_script_header(files: &Files, script: &RecipePath) -> Result<String, Box<Diagnostic>> {
    let bytes = files.bytes(script)?;
    let text = String::from_utf8(bytes).map_err(|_| {
        files.error(
            script,
            &RecipeReadError::Unreadable("it is not UTF-8 text".into()),
        )
    })?;
    uv_script::header_input(&text)
        .map_err(|reason| files.error(script, &RecipeReadError::Unreadable(reason)))
}

/// One layer's `update_hash` (its updates concatenated, which MD5 cannot
/// tell apart from one update).
fn hash_layer(hasher: &mut Md5, layer: &ImageLayer, files: &Files) -> Result<(), Box<Diagnostic>> {
    match layer {
        ImageLayer::Pip(packages, pip) => {
            hasher.update(pip_option_input(pip));
            hasher.update(packages.concat());
        }
        ImageLayer::Apt(items) | ImageLayer::Commands(items) => hasher.update(items.concat()),
        ImageLayer::EnvVars(pairs) => {
            let pairs: Vec<String> = pairs.iter().map(|(k, v)| format!("{k}={v}")).collect();
            hasher.update(pairs.join(" "));
        }
        ImageLayer::Workdir(dir) => hasher.update(dir),
        ImageLayer::Requirements(file, pip) => {
            hasher.update(pip_option_input(pip));
            hasher.update(files.bytes(file)?);
        }
        ImageLayer::UvProject(pyproject, pip) => {
            hasher.update(pip_option_input(pip));
            // `with_uv_project` takes the `uv.lock` beside the project
            // file when there is one.
            let lock = sibling(pyproject, "uv.lock");
            if let Some(path) = files.path(&lock.path).filter(|p| p.is_file()) {
                let bytes =
                    recipe_files::file_bytes(&path).map_err(|e| files.error(pyproject, &e))?;
                hasher.update(bytes);
            }
            hasher.update(files.bytes(pyproject)?);
        }
        ImageLayer::PoetryProject(pyproject) => {
            // No extra args or secret mounts to hash, then the lock beside
            // the project file, then the project file.
            hasher.update(files.bytes(&sibling(pyproject, "poetry.lock"))?);
            hasher.update(files.bytes(pyproject)?);
        }
        ImageLayer::UvScript(script, pip) => {
            hasher.update(uv_script_header(files, script)?);
            hasher.update(pip_option_input(pip));
        }
        ImageLayer::SourceFile(file) => {
            files.source(file, false, &mut |b| hasher.update(b))?;
            hasher.update(".");
        }
        ImageLayer::SourceFolder(folder) => {
            files.source(folder, true, &mut |b| hasher.update(b))?;
            hasher.update(format!("./{}", folder.file_name()));
        }
    }
    Ok(())
}

/// The file `name` in the folder of `path` (a lock beside its project).
fn sibling(path: &RecipePath, name: &str) -> RecipePath {
    let path_text = match path.path.rsplit_once('/') {
        Some((folder, _)) => format!("{folder}/{name}"),
        None => name.to_string(),
    };
    RecipePath {
        path: path_text,
        at: path.at,
    }
}

/// `PipOption.update_hash`: index URL, extra index URLs, `True` when
/// pre-releases are allowed, extra args.
fn pip_option_input(pip: &PipOptions) -> String {
    let mut input = pip.index_url.clone().unwrap_or_default();
    input.push_str(&pip.extra_index_urls.concat());
    if pip.pre {
        input.push_str("True");
    }
    input.push_str(pip.extra_args.as_deref().unwrap_or_default());
    input
}

/// The workspace's files as the recipe's layers read them, with the
/// workspace's `.dockerignore` (the SDK reads the one in its root folder).
struct Files<'a> {
    root: Option<&'a Path>,
    ignore: Option<DockerIgnore>,
}

impl<'a> Files<'a> {
    fn new(root: Option<&'a Path>) -> Self {
        Files {
            root,
            ignore: root.and_then(DockerIgnore::load),
        }
    }

    fn path(&self, relative: &str) -> Option<PathBuf> {
        recipe_files::resolve(self.root, relative).ok()
    }

    fn bytes(&self, file: &RecipePath) -> Result<Vec<u8>, Box<Diagnostic>> {
        recipe_files::resolve(self.root, &file.path)
            .and_then(|p| recipe_files::file_bytes(&p))
            .map_err(|e| self.error(file, &e))
    }

    /// That `path` is a folder (`folder`) or a file.
    fn kind(&self, path: &RecipePath, folder: bool) -> Result<(), Box<Diagnostic>> {
        let fail = |e: RecipeReadError| self.error(path, &e);
        let full = recipe_files::resolve(self.root, &path.path).map_err(fail)?;
        if recipe_files::is_folder(&full).map_err(fail)? != folder {
            let expected = if folder { "folder" } else { "file" };
            return Err(fail(RecipeReadError::WrongKind { expected }));
        }
        Ok(())
    }

    /// A file or folder copied into the image (`CopyConfig`): without a
    /// workspace `.dockerignore`, a folder's own one applies.
    fn source(
        &self,
        source: &RecipePath,
        folder: bool,
        sink: &mut dyn FnMut(&[u8]),
    ) -> Result<(), Box<Diagnostic>> {
        self.kind(source, folder)?;
        let fail = |e: RecipeReadError| self.error(source, &e);
        let path = recipe_files::resolve(self.root, &source.path).map_err(fail)?;
        let own = if folder && self.ignore.is_none() {
            DockerIgnore::load(&path)
        } else {
            None
        };
        let ignore = match (&self.ignore, &own, self.root) {
            (Some(patterns), _, Some(root)) => Some(Ignore {
                patterns,
                folder: root,
            }),
            (None, Some(patterns), _) => Some(Ignore {
                patterns,
                folder: &path,
            }),
            _ => None,
        };
        recipe_files::source_input(&path, ignore.as_ref(), sink).map_err(fail)
    }

    fn error(&self, file: &RecipePath, error: &RecipeReadError) -> Box<Diagnostic> {
        Box::new(
            Diagnostic::error(
                codes::RECIPE_FILE,
                file.at,
                format!("the image recipe names `{}`, but {error}", file.path),
            )
            .with_help("paths in `image { … }` are relative to the folder of taskc.toml"),
        )
    }
}
