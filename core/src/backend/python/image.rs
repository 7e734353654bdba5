//! An env's image as the SDK object the `.task` file describes: `auto` is
//! the pinned default image, an `image { … }` block is its `Image` builder
//! chain, one method call per layer in written order, so the object hashes
//! to the tag `taskc build` wrote (backend/image_tag.rs).

use super::expr::Py;
use crate::semantic::model::{Image, ImageLayer, ImageSpec, PipOptions, RecipePath};

/// The globals holding `[flyte] python` as a tuple and `sdk_version`, which
/// every Debian-based image is pinned to (not the importing interpreter's).
pub(crate) const PYTHON_VERSION: &str = "_PYTHON_VERSION";
pub(crate) const FLYTE_VERSION: &str = "_FLYTE_VERSION";
/// The global holding the workspace root, which recipe paths are relative
/// to: found from the module's own place, so the module works wherever the
/// workspace is checked out.
pub(crate) const ROOT: &str = "_ROOT";

/// `_ROOT = pathlib.Path(__file__).resolve().parents[n]` for a module at
/// `module_at` (relative to the workspace root); the current folder when
/// the module's place is unknown.
pub(crate) fn root_global(module_at: Option<&str>) -> String {
    let value = match module_at {
        Some(at) => {
            let depth = at
                .split('/')
                .filter(|p| !p.is_empty())
                .count()
                .saturating_sub(1);
            format!("pathlib.Path(__file__).resolve().parents[{depth}]")
        }
        None => "pathlib.Path.cwd()".to_string(),
    };
    format!("{ROOT} = {value}\n")
}

/// `_ROOT / "path"`.
fn recipe_path(path: &RecipePath) -> Py {
    Py::raw(format!("{ROOT} / {}", Py::str(&path.path).flat()))
}

pub(crate) fn image(image: &Image) -> Py {
    match image {
        Image::Auto => Py::raw(super::AUTO_IMAGE),
        Image::None => Py::raw("None"),
        Image::Uri(uri) => Py::str(uri),
        Image::Spec(spec) => image_spec(spec),
    }
}

/// `(3, 12)` for `"3.12"`.
pub(crate) fn python_version(text: &str) -> Py {
    Py::Tuple(text.split('.').map(|p| Py::raw(p.trim())).collect())
}

fn image_spec(spec: &ImageSpec) -> Py {
    let mut image = base(spec);
    for layer in spec
        .layers
        .iter()
        .filter(|l| !matches!(l, ImageLayer::UvScript(..)))
    {
        let (method, args) = layer_call(layer);
        image = Py::Method(Box::new(image), method.to_string(), args);
    }
    image
}

/// `Image.from_base(…)` (cloned with a name to take layers),
/// `Image.from_debian_base(…)`, `Image.from_uv_script(…)` or
/// `Image.from_dockerfile(…)`, with the registry, name and platform.
fn base(spec: &ImageSpec) -> Py {
    let named = |kwargs: &mut Vec<(&str, Py)>| {
        if let Some(registry) = &spec.registry {
            kwargs.push(("registry", Py::str(registry)));
        }
        if let Some(name) = &spec.name {
            kwargs.push(("name", Py::str(name)));
        }
        if !spec.platform.is_empty() {
            let platforms = spec.platform.iter().map(|p| Py::str(p)).collect();
            kwargs.push(("platform", Py::Tuple(platforms)));
        }
    };
    if let Some(dockerfile) = &spec.dockerfile {
        let mut kwargs = vec![(None, recipe_path(dockerfile))];
        let mut named_kwargs = Vec::new();
        named(&mut named_kwargs);
        kwargs.extend(keywords(named_kwargs));
        return Py::call("flyte.Image.from_dockerfile", kwargs);
    }
    if let Some(ImageLayer::UvScript(script, pip)) = spec.layers.first() {
        let mut kwargs = vec![(None, recipe_path(script))];
        let mut named_kwargs = Vec::new();
        named(&mut named_kwargs);
        named_kwargs.push((
            "python_version",
            spec.python
                .as_deref()
                .map_or(Py::raw(PYTHON_VERSION), python_version),
        ));
        kwargs.extend(keywords(named_kwargs));
        kwargs.extend(pip_kwargs(pip));
        return Py::call("flyte.Image.from_uv_script", kwargs);
    }
    if let Some(base) = &spec.base {
        let from_base = Py::call("flyte.Image.from_base", vec![(None, Py::str(base))]);
        if !spec.is_layered() {
            return from_base;
        }
        let mut kwargs = Vec::new();
        named(&mut kwargs);
        kwargs.push(("extendable", Py::bool(true)));
        return Py::Method(Box::new(from_base), "clone".into(), keywords(kwargs));
    }
    let mut kwargs = vec![
        (
            "python_version",
            spec.python
                .as_deref()
                .map_or(Py::raw(PYTHON_VERSION), python_version),
        ),
        (
            "flyte_version",
            spec.flyte_version
                .as_deref()
                .map_or(Py::raw(FLYTE_VERSION), Py::str),
        ),
    ];
    if !spec.install_flyte {
        kwargs.push(("install_flyte", Py::bool(false)));
    }
    named(&mut kwargs);
    Py::kwcall("flyte.Image.from_debian_base", kwargs)
}

/// The `with_*` method and its arguments for one layer.
fn layer_call(layer: &ImageLayer) -> (&'static str, Vec<(Option<String>, Py)>) {
    let positional = |items: &[String]| -> Vec<(Option<String>, Py)> {
        items.iter().map(|p| (None, Py::str(p))).collect()
    };
    match layer {
        ImageLayer::Pip(packages, pip) => {
            let mut args = positional(packages);
            args.extend(pip_kwargs(pip));
            ("with_pip_packages", args)
        }
        ImageLayer::Apt(packages) => ("with_apt_packages", positional(packages)),
        ImageLayer::Commands(commands) => (
            "with_commands",
            vec![(
                None,
                Py::List(commands.iter().map(|c| Py::str(c)).collect()),
            )],
        ),
        ImageLayer::EnvVars(pairs) => (
            "with_env_vars",
            vec![(
                None,
                Py::Dict(
                    pairs
                        .iter()
                        .map(|(k, v)| (Py::str(k), Py::str(v)))
                        .collect(),
                ),
            )],
        ),
        ImageLayer::Workdir(dir) => ("with_workdir", vec![(None, Py::str(dir))]),
        ImageLayer::Requirements(file, pip) => {
            let mut args = vec![(None, recipe_path(file))];
            args.extend(pip_kwargs(pip));
            ("with_requirements", args)
        }
        ImageLayer::UvProject(file, pip) => {
            let mut args = vec![(None, recipe_path(file))];
            args.extend(pip_kwargs(pip));
            ("with_uv_project", args)
        }
        ImageLayer::PoetryProject(file) => ("with_poetry_project", vec![(None, recipe_path(file))]),
        ImageLayer::SourceFile(file) => ("with_source_file", vec![(None, recipe_path(file))]),
        // Written as the base (`from_uv_script`), not as a method.
        ImageLayer::UvScript(..) => ("", Vec::new()),
        ImageLayer::SourceFolder(folder) => {
            ("with_source_folder", vec![(None, recipe_path(folder))])
        }
    }
}

fn pip_kwargs(pip: &PipOptions) -> Vec<(Option<String>, Py)> {
    let mut kwargs = Vec::new();
    if let Some(url) = &pip.index_url {
        kwargs.push(("index_url", Py::str(url)));
    }
    if !pip.extra_index_urls.is_empty() {
        // A tuple: `with_uv_project` keeps the value in a layer, which
        // refuses lists.
        let urls = pip.extra_index_urls.iter().map(|u| Py::str(u)).collect();
        kwargs.push(("extra_index_urls", Py::Tuple(urls)));
    }
    if pip.pre {
        kwargs.push(("pre", Py::bool(true)));
    }
    if let Some(args) = &pip.extra_args {
        kwargs.push(("extra_args", Py::str(args)));
    }
    keywords(kwargs)
}

/// Keyword arguments as call arguments.
fn keywords(kwargs: Vec<(&str, Py)>) -> Vec<(Option<String>, Py)> {
    kwargs
        .into_iter()
        .map(|(k, v)| (Some(k.to_string()), v))
        .collect()
}
