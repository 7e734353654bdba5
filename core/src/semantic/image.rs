//! `image = auto | none | "ref"` or `image { … }` (docs/language.md §3.1).

use super::attr_values::{Image, ImageLayer, ImageSpec, PipOptions, RecipePath};
use super::attrs::{IMAGE_ATTRS, known_attrs};
use super::cx::Cx;
use super::provenance::Setting;
use super::value_readers::{self, WRONG_VALUE, mismatch};
use crate::diagnostics::Diagnostic;
use crate::source::Span;
use crate::syntax::ast::AssignOp;
use crate::syntax::ast::{Body, Value, ValueKind};

pub(crate) fn lower_image(cx: &mut Cx, v: &Value) -> Option<Image> {
    match &v.kind {
        ValueKind::Ident(w) if w == "auto" => Some(Image::Auto),
        ValueKind::None => Some(Image::None),
        ValueKind::Str(s) => {
            let text = image_ref(cx, v, &s.value, "image")?;
            if text == "auto" {
                return Some(Image::Auto);
            }
            Some(Image::Uri(text))
        }
        ValueKind::Map(body) => image_spec(cx, body),
        _ => {
            mismatch(
                cx,
                v,
                "image",
                "an image reference string, `auto`, `none` or an `image { … }` block",
            );
            None
        }
    }
}

/// A non-empty image reference without whitespace.
fn image_ref(cx: &mut Cx, v: &Value, text: &str, what: &str) -> Option<String> {
    let trimmed = text.trim();
    if trimmed.is_empty() || trimmed.chars().any(char::is_whitespace) {
        cx.error(
            WRONG_VALUE,
            v.span,
            format!("`{text}` is not an image reference"),
            format!("write `{what}` as an image such as \"python:3.12-slim\""),
        );
        return None;
    }
    Some(trimmed.to_string())
}

fn image_spec(cx: &mut Cx, body: &Body) -> Option<Image> {
    let mut spec = ImageSpec::default();
    let mut ok = true;
    // Where `base`, the Debian-only keys and the pip options are written,
    // for the combination checks below.
    let mut base_at = None;
    let mut debian_at = None;
    let mut pip_option_at = None;
    let mut dockerfile_at = None;
    let mut uv_script_at = None;
    let mut platform_at = None;
    // The pip options of the block, given to each of its pip layers.
    let mut pip = PipOptions::default();
    for attr in known_attrs(cx, body, "image", IMAGE_ATTRS) {
        let v = &attr.value;
        let key = attr.key.name.as_str();
        let read = match key {
            "pip_packages" | "apt_packages" | "commands" => {
                strings(cx, v, key).map(|list| match key {
                    "pip_packages" => spec
                        .layers
                        .push(ImageLayer::Pip(list, PipOptions::default())),
                    "apt_packages" => spec.layers.push(ImageLayer::Apt(list)),
                    _ => spec.layers.push(ImageLayer::Commands(list)),
                })
            }
            "env_vars" => value_readers::string_map(cx, v, "image.env_vars").map(|pairs| {
                let pairs = pairs.into_iter().map(|(k, v, _)| (k, v)).collect();
                spec.layers.push(ImageLayer::EnvVars(pairs));
            }),
            "workdir" => non_empty(cx, v, key).map(|w| spec.layers.push(ImageLayer::Workdir(w))),
            "uv_script" => recipe_path(cx, v, key, Some(".py")).map(|p| {
                uv_script_at = Some(attr.key.span);
                spec.layers
                    .insert(0, ImageLayer::UvScript(p, PipOptions::default()));
            }),
            "requirements" => recipe_path(cx, v, key, Some(".txt")).map(|p| {
                spec.layers
                    .push(ImageLayer::Requirements(p, PipOptions::default()))
            }),
            "poetry_project" => recipe_path(cx, v, key, None)
                .map(|p| spec.layers.push(ImageLayer::PoetryProject(p))),
            "uv_project" => recipe_path(cx, v, key, None).map(|p| {
                spec.layers
                    .push(ImageLayer::UvProject(p, PipOptions::default()))
            }),
            "source_folder" => {
                recipe_path(cx, v, key, None).map(|p| spec.layers.push(ImageLayer::SourceFolder(p)))
            }
            "source_files" => source_files(cx, v).map(|files| {
                spec.layers
                    .extend(files.into_iter().map(ImageLayer::SourceFile))
            }),
            "dockerfile" => recipe_path(cx, v, key, None).map(|p| {
                spec.dockerfile = Some(p);
                dockerfile_at = Some(attr.key.span);
            }),
            "python" => match value_readers::string(cx, v, "image.python") {
                Some(p) if is_python_version(&p) => {
                    spec.python = Some(p);
                    Some(())
                }
                Some(p) => {
                    cx.error(
                        WRONG_VALUE,
                        v.span,
                        format!("`{p}` is not a Python version"),
                        "write the major.minor version, e.g. \"3.12\"",
                    );
                    None
                }
                None => None,
            },
            "base" => value_readers::string(cx, v, "image.base")
                .and_then(|b| image_ref(cx, v, &b, "image.base"))
                .map(|b| {
                    spec.base = Some(b);
                    base_at = Some(attr.key.span);
                }),
            "flyte_version" => non_empty(cx, v, key).map(|f| {
                spec.flyte_version = Some(f);
                debian_at = Some(attr.key.span);
            }),
            "install_flyte" => value_readers::boolean(cx, v, "image.install_flyte").map(|b| {
                spec.install_flyte = b;
                debian_at = Some(attr.key.span);
            }),
            "pip_index_url" => non_empty(cx, v, key).map(|u| pip.index_url = Some(u)),
            "pip_extra_index_urls" => strings(cx, v, key).map(|u| pip.extra_index_urls = u),
            "pip_pre" => value_readers::boolean(cx, v, "image.pip_pre").map(|b| pip.pre = b),
            "pip_extra_args" => non_empty(cx, v, key).map(|a| pip.extra_args = Some(a)),
            "registry" => non_empty(cx, v, key).map(|r| spec.registry = Some(r)),
            "platform" => platforms(cx, v).map(|p| {
                spec.platform = p;
                platform_at = Some(attr.key.span);
            }),
            _ => non_empty(cx, v, key).map(|n| spec.name = Some(n)),
        };
        if key.starts_with("pip_") && key != "pip_packages" {
            pip_option_at = Some(attr.key.span);
        }
        ok &= read.is_some();
    }
    if !ok {
        return None;
    }
    for layer in &mut spec.layers {
        if let ImageLayer::Pip(_, options)
        | ImageLayer::Requirements(_, options)
        | ImageLayer::UvProject(_, options)
        | ImageLayer::UvScript(_, options) = layer
        {
            *options = pip.clone();
        }
    }
    combinations(cx, body, &spec, base_at, debian_at, pip_option_at)?;
    if let Some(at) = dockerfile_at {
        dockerfile_alone(cx, body, &spec, at)?;
    }
    if let Some(at) = uv_script_at {
        uv_script_base(cx, body, &spec, at, debian_at)?;
        spec.install_flyte = false;
    }
    if let (Some(at), Some(_), false) = (platform_at, &spec.base, spec.is_layered()) {
        cx.error(
            WRONG_VALUE,
            at,
            "`platform` is for an image taskc builds, and `base` alone names an image that exists",
            "add `name = \"my-image\"` to build on the base, or remove `platform`",
        );
        return None;
    }
    if spec == ImageSpec::default() {
        return Some(Image::Auto);
    }
    Some(Image::Spec(spec))
}

/// The keys that exclude each other, and what a layered image needs.
fn combinations(
    cx: &mut Cx,
    body: &Body,
    spec: &ImageSpec,
    base_at: Option<Span>,
    debian_at: Option<Span>,
    pip_option_at: Option<Span>,
) -> Option<()> {
    if let (Some(base_span), Some(_)) = (base_at, &spec.python) {
        cx.error(
            WRONG_VALUE,
            base_span,
            "`base` and `python` cannot both be set in `image { … }`",
            "`base` names the whole base image; `python` picks the default Flyte image for that Python version",
        );
        return None;
    }
    if let (Some(_), Some(debian_span)) = (base_at, debian_at) {
        cx.error(
            WRONG_VALUE,
            debian_span,
            "`flyte_version` and `install_flyte` choose the Debian base; they cannot be set with `base`",
            "remove `base` to start from the Flyte Debian image, or remove this key",
        );
        return None;
    }
    if let (Some(at), false) = (pip_option_at, spec.has_pip_layer()) {
        cx.error(
            WRONG_VALUE,
            at,
            "pip options apply to `pip_packages`, `requirements` and `uv_project`, and this image has none of them",
            "add `pip_packages = [\"…\"]`, or remove the option",
        );
        return None;
    }
    if spec.base.is_some() && spec.is_layered() && spec.name.is_none() {
        cx.error(
            WRONG_VALUE,
            body.span,
            "an image layered on `base` needs a `name`",
            "add `name = \"my-image\"` (and `registry = \"ghcr.io/acme\"` to push it there)",
        );
        return None;
    }
    Some(())
}

/// `dockerfile` is a whole image: `Image.from_dockerfile(file, registry,
/// name)` takes no base and no layers, and needs both names.
fn dockerfile_alone(cx: &mut Cx, body: &Body, spec: &ImageSpec, at: Span) -> Option<()> {
    let other = spec.base.is_some()
        || spec.python.is_some()
        || spec.flyte_version.is_some()
        || !spec.install_flyte
        || !spec.layers.is_empty();
    if other {
        cx.error(
            WRONG_VALUE,
            at,
            "an image built from a `dockerfile` takes no base and no recipe steps",
            "write the steps in the Dockerfile, or remove `dockerfile` and build the image from a base",
        );
        return None;
    }
    if spec.registry.is_none() || spec.name.is_none() {
        cx.error(
            WRONG_VALUE,
            body.span,
            "an image built from a `dockerfile` needs `registry` and `name`",
            "add `registry = \"ghcr.io/acme\"` and `name = \"my-image\"`",
        );
        return None;
    }
    Some(())
}

/// `uv_script` is the base of its image: `Image.from_uv_script(script,
/// name=…)` starts from the plain Python base, so it takes no other base,
/// and it needs a name.
fn uv_script_base(
    cx: &mut Cx,
    body: &Body,
    spec: &ImageSpec,
    at: Span,
    debian_at: Option<Span>,
) -> Option<()> {
    if spec.base.is_some() || spec.dockerfile.is_some() || debian_at.is_some() {
        cx.error(
            WRONG_VALUE,
            at,
            "a `uv_script` image starts from the plain Python base; it takes no `base`, `dockerfile`, `flyte_version` or `install_flyte`",
            "remove the other base keys (`python` picks the Python version)",
        );
        return None;
    }
    if spec.name.is_none() {
        cx.error(
            WRONG_VALUE,
            body.span,
            "a `uv_script` image needs a `name`",
            "add `name = \"my-job\"`, as `Image.from_uv_script(…, name=…)` requires",
        );
        return None;
    }
    Some(())
}

/// A path of the workspace (`requirements`, `dockerfile`, …): relative to
/// the workspace root, inside it, `/`-separated; `suffix` when the SDK
/// requires one.
fn recipe_path(cx: &mut Cx, v: &Value, key: &str, suffix: Option<&str>) -> Option<RecipePath> {
    let text = value_readers::string(cx, v, &format!("image.{key}"))?;
    let parts: Vec<&str> = text
        .split('/')
        .filter(|p| !p.is_empty() && *p != ".")
        .collect();
    let general = "write a path relative to the folder of taskc.toml, such as \"requirements.txt\" or \"src/app\"";
    let problem = if text.starts_with('/') || text.contains('\\') || text.contains(':') {
        Some(("is not a path relative to the workspace root", general))
    } else if parts.contains(&"..") {
        Some(("leaves the workspace (`..`)", general))
    } else if parts.is_empty() {
        Some(("names no file", general))
    } else if let Some(suffix) = suffix.filter(|s| !text.ends_with(s)) {
        let help = format!("the SDK takes only a `{suffix}` file here; rename the file");
        cx.error(
            WRONG_VALUE,
            v.span,
            format!("`image.{key}` `{text}` is not a `{suffix}` file"),
            help,
        );
        return None;
    } else {
        None
    };
    if let Some((problem, help)) = problem {
        cx.error(
            WRONG_VALUE,
            v.span,
            format!("`image.{key}` `{text}` {problem}"),
            help,
        );
        return None;
    }
    Some(RecipePath {
        path: parts.join("/"),
        at: cx.at(v.span),
    })
}

/// `source_files = [...]`: one layer per file; two files of one name would
/// overwrite each other in the image, which the SDK refuses.
fn source_files(cx: &mut Cx, v: &Value) -> Option<Vec<RecipePath>> {
    let items = value_readers::list(cx, v, "source_files")?;
    let mut files: Vec<RecipePath> = Vec::new();
    let mut ok = true;
    for item in items {
        let Some(path) = recipe_path(cx, item, "source_files", None) else {
            ok = false;
            continue;
        };
        if files.iter().any(|f| f.file_name() == path.file_name()) {
            cx.error(
                WRONG_VALUE,
                item.span,
                format!("two source files are named `{}`", path.file_name()),
                "files are copied into one folder of the image; rename one, or copy its folder with `source_folder`",
            );
            ok = false;
            continue;
        }
        files.push(path);
    }
    ok.then_some(files)
}

/// The architectures the SDK builds for (`Architecture`).
const PLATFORMS: &[&str] = &["linux/amd64", "linux/arm64"];

/// `platform = ["linux/amd64", …]`: known architectures, each once.
fn platforms(cx: &mut Cx, v: &Value) -> Option<Vec<String>> {
    let items = value_readers::list(cx, v, "platform")?;
    let mut out: Vec<String> = Vec::new();
    let mut ok = !items.is_empty();
    if items.is_empty() {
        cx.error(
            WRONG_VALUE,
            v.span,
            "`image.platform` lists no architecture",
            "write `platform = [\"linux/amd64\", \"linux/arm64\"]`, or remove it for the default",
        );
    }
    for item in items {
        let Some(word) = value_readers::string(cx, item, "platform") else {
            ok = false;
            continue;
        };
        if !PLATFORMS.contains(&word.as_str()) || out.contains(&word) {
            cx.error(
                WRONG_VALUE,
                item.span,
                format!("`{word}` is not an architecture the SDK builds for, or is listed twice"),
                format!(
                    "write each of {} at most once",
                    value_readers::list_words(PLATFORMS)
                ),
            );
            ok = false;
            continue;
        }
        out.push(word);
    }
    ok.then_some(out)
}

/// A list of strings (`pip_packages`, `commands`, …).
fn strings(cx: &mut Cx, v: &Value, key: &str) -> Option<Vec<String>> {
    let items = value_readers::list(cx, v, key)?;
    let mut list = Vec::new();
    let mut ok = true;
    for item in items {
        match value_readers::string(cx, item, key) {
            Some(s) => list.push(s),
            None => ok = false,
        }
    }
    ok.then_some(list)
}

/// A string that is not blank (`registry`, `name`, `workdir`, …).
fn non_empty(cx: &mut Cx, v: &Value, key: &str) -> Option<String> {
    let s = value_readers::string(cx, v, key)?;
    if s.trim().is_empty() {
        cx.error(
            WRONG_VALUE,
            v.span,
            format!("`image.{key}` cannot be empty"),
            format!("write the image's {key}"),
        );
        return None;
    }
    Some(s)
}

/// `3.12`: major.minor digits.
fn is_python_version(text: &str) -> bool {
    matches!(text.split_once('.'), Some((major, minor))
        if !major.is_empty() && !minor.is_empty()
            && major.chars().all(|c| c.is_ascii_digit())
            && minor.chars().all(|c| c.is_ascii_digit()))
}

/// `image += { … }`: the block's steps layered on the inherited image, as
/// the SDK's `parent_image.with_…(…)` (a `registry` or `name` of the block
/// is the SDK's `clone(registry=…, name=…)`). `auto` is the Debian base
/// image; what cannot take layers is reported by [`check_layering`] and
/// left to the block alone.
pub(crate) fn merge_image(parent: &Image, child: &Image) -> Image {
    let child = match child {
        Image::Spec(spec) => spec,
        Image::Auto => return parent.clone(),
        other => return other.clone(),
    };
    let mut merged = match parent {
        Image::Spec(spec) if spec.dockerfile.is_none() => spec.clone(),
        Image::Auto => ImageSpec::default(),
        _ => return Image::Spec(child.clone()),
    };
    if child.registry.is_some() {
        merged.registry.clone_from(&child.registry);
    }
    if child.name.is_some() {
        merged.name.clone_from(&child.name);
    }
    if !child.platform.is_empty() {
        merged.platform.clone_from(&child.platform);
    }
    merged.layers.extend(child.layers.iter().cloned());
    Image::Spec(merged)
}

/// E0302 for an `image += …` that cannot layer: a value other than a block
/// of steps, a base in the block, or an inherited image that takes no
/// layers (a reference string, `none`, a Dockerfile image, or one on `base`
/// left without a `name`).
pub(crate) fn check_layering(
    inherited: Option<&Image>,
    own: &Setting<Image>,
    merged: Option<&Image>,
    diags: &mut Vec<Diagnostic>,
) {
    if own.provenance.origin.op != AssignOp::Append {
        return;
    }
    let at = own.provenance.origin.entry;
    let mut report = |message: &str, help: &str| {
        diags.push(Diagnostic::error(WRONG_VALUE, at, message).with_help(help));
    };
    let step_block = match &own.value {
        Image::Auto => true,
        Image::Spec(spec) => {
            spec.base.is_none()
                && spec.dockerfile.is_none()
                && spec.python.is_none()
                && spec.flyte_version.is_none()
                && spec.install_flyte
        }
        _ => false,
    };
    if !step_block {
        report(
            "`image += …` takes a block of recipe steps, without a base",
            "write `image += { pip_packages = [\"…\"] }`, or `image = …` to replace the inherited image",
        );
        return;
    }
    let layerable = match inherited {
        None | Some(Image::Auto) => true,
        Some(Image::Spec(spec)) => spec.dockerfile.is_none(),
        Some(Image::Uri(_) | Image::None) => false,
    };
    if !layerable {
        report(
            "the inherited image cannot take more layers",
            "an image reference, `none` or a Dockerfile image is used as it is; write `image = { base = \"…\", … }` instead",
        );
        return;
    }
    if let Some(Image::Spec(spec)) = merged
        && spec.base.is_some()
        && spec.name.is_none()
    {
        report(
            "an image layered on `base` needs a `name`",
            "add `name = \"my-image\"` to the block",
        );
    }
}
