//! Container images: the URI a task runs (`container.image`) and the
//! `--image-cache` argument listing every env image the SDK would look up
//! (WIRE.md §3, docs/language.md §3.1).

use std::io::Write;

use base64::Engine;
use flate2::Compression;
use flate2::GzBuilder;

use super::BuildOptions;
use super::image_tag::{check_files, debian_image, spec_uri};
use crate::diagnostics::Diagnostic;
use crate::semantic::model::{Env, Image, ImageSpec, Model, Settings, TaskKind};

/// `ghcr.io/flyteorg/flyte:py<python>-v<sdk>`: the SDK's default image.
pub(crate) fn auto_image(python: &str, sdk_version: &str) -> String {
    debian_image(python, sdk_version)
}

/// The URIs of a build's images. Those whose recipe names files are
/// computed once, up front (their tags read the files); the others are
/// cheap and computed where they are needed.
#[derive(Debug, Default)]
pub(crate) struct ImageUris {
    from_files: Vec<(ImageSpec, String)>,
}

impl ImageUris {
    /// Reads the files of every image recipe of `model`; the diagnostics
    /// are the files that cannot be read (one per recipe).
    pub(crate) fn read(model: &Model, options: &BuildOptions) -> (Self, Vec<Diagnostic>) {
        let mut uris = ImageUris::default();
        let mut failed: Vec<&ImageSpec> = Vec::new();
        let mut diagnostics = Vec::new();
        for spec in model.images_with_files() {
            let known = |s: &&ImageSpec| *s == spec;
            if uris.from_files.iter().map(|(s, _)| s).any(|s| known(&s)) || failed.iter().any(known)
            {
                continue;
            }
            match spec_uri(spec, options) {
                Ok(uri) => uris.from_files.push((spec.clone(), uri)),
                Err(diagnostic) => {
                    failed.push(spec);
                    diagnostics.push(*diagnostic);
                }
            }
        }
        (uris, diagnostics)
    }

    /// What [`ImageUris::read`] would report, found without reading
    /// copied folders or hashing (`check` and editors run it on every
    /// analysis).
    pub(crate) fn check(model: &Model, options: &BuildOptions) -> Vec<Diagnostic> {
        let mut seen: Vec<&ImageSpec> = Vec::new();
        let mut diagnostics = Vec::new();
        for spec in model.images_with_files() {
            if seen.contains(&spec) {
                continue;
            }
            seen.push(spec);
            if let Err(diagnostic) = check_files(spec, options) {
                diagnostics.push(*diagnostic);
            }
        }
        diagnostics
    }

    /// The image URI of resolved settings; `None` for `image = none`.
    pub(crate) fn uri(&self, settings: &Settings, options: &BuildOptions) -> Option<String> {
        match settings.image.as_ref().map(|s| &s.value) {
            None | Some(Image::Auto) => Some(auto_image(&options.python, &options.sdk_version)),
            Some(Image::None) => None,
            Some(Image::Uri(uri)) => Some(uri.clone()),
            Some(Image::Spec(spec)) if spec.recipe_paths().next().is_some() => {
                // A recipe whose files could not be read has no URI; its
                // diagnostic fails the build.
                let found = self.from_files.iter().find(|(s, _)| s == spec);
                Some(found.map(|(_, uri)| uri.clone()).unwrap_or_default())
            }
            Some(Image::Spec(spec)) => Some(spec_uri(spec, options).unwrap_or_default()),
        }
    }
}

/// Whether the SDK lists this image in `--image-cache`: `auto` and `Image`
/// objects are, plain strings and `None` are not.
fn is_cached(settings: &Settings) -> bool {
    matches!(
        settings.image.as_ref().map(|s| &s.value),
        None | Some(Image::Auto) | Some(Image::Spec(_))
    )
}

/// An env whose templates are all query tasks stands for the SDK's
/// `TaskEnvironment.from_task(…)` around plugin tasks, whose image is
/// `None`: it has no image to look up.
fn holds_only_queries(model: &Model, env: &str) -> bool {
    let mut tasks = model.tasks_in_env(env).peekable();
    tasks.peek().is_some() && tasks.all(|t| matches!(t.kind, TaskKind::Query(_)))
}

/// The envs in the order `flyte deploy` plans them (`plan_deploy`): in the
/// order they are created (workspace order, each after the env it
/// extends), each followed by the envs it depends on, depth first in
/// written order; every env at its first place.
fn deploy_order(model: &Model) -> Vec<&Env> {
    fn visit<'a>(model: &'a Model, env: &'a Env, out: &mut Vec<&'a Env>) {
        if out.iter().any(|e| e.name == env.name) {
            return;
        }
        out.push(env);
        let deps = env.settings.depends_on.as_ref().map(|d| &d.value);
        for dep in deps.into_iter().flatten() {
            if let Some(dep) = model.env(&dep.value) {
                visit(model, dep, out);
            }
        }
    }
    let mut out = Vec::new();
    for env in super::python::envs::ordered(model) {
        visit(model, env, &mut out);
    }
    out
}

/// An env that stands for the SDK's `TaskEnvironment.from_task` around
/// query tasks, which has no image: one holding only query templates that
/// is a root, or the clone of such an env that keeps its image setting.
fn without_image(model: &Model, env: &Env) -> bool {
    without_image_within(model, env, model.envs().len())
}

/// `without_image`, following at most `steps` parents (an `extends` cycle
/// is an error already; it must not loop here).
fn without_image_within(model: &Model, env: &Env, steps: usize) -> bool {
    if !holds_only_queries(model, &env.name) {
        return false;
    }
    let parent = env
        .extends
        .as_ref()
        .and_then(|p| model.env(&p.value))
        .filter(|p| p.name != env.name);
    match parent {
        None => true,
        Some(parent) => {
            let image = |e: &Env| e.settings.image.as_ref().map(|s| s.value.clone());
            steps > 0
                && image(env) == image(parent)
                && without_image_within(model, parent, steps - 1)
        }
    }
}

/// `{"image_lookup": {env: uri, …}, "build_run_ids": {}}` over every env of
/// the workspace whose image is `auto` or a block, in the order `flyte
/// deploy` plans the envs (`deploy_order`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct ImageCache {
    pub(crate) lookup: Vec<(String, String)>,
}

impl ImageCache {
    pub(crate) fn of(model: &Model, options: &BuildOptions, images: &ImageUris) -> Self {
        let lookup = deploy_order(model)
            .into_iter()
            .filter(|env| is_cached(&env.settings) && !without_image(model, env))
            .filter_map(|env| Some((env.name.clone(), images.uri(&env.settings, options)?)))
            .collect();
        ImageCache { lookup }
    }

    /// The compact JSON pydantic writes (keys in this order, no spaces).
    pub(crate) fn json(&self) -> String {
        let mut out = String::from("{\"image_lookup\":{");
        for (i, (env, uri)) in self.lookup.iter().enumerate() {
            if i > 0 {
                out.push(',');
            }
            out.push_str(&serde_json::Value::from(env.as_str()).to_string());
            out.push(':');
            out.push_str(&serde_json::Value::from(uri.as_str()).to_string());
        }
        out.push_str("},\"build_run_ids\":{}}");
        out
    }

    /// The `--image-cache` value: base64(gzip(json)), gzip with mtime 0 and
    /// level 9 as the SDK writes it.
    pub(crate) fn argument(&self) -> String {
        let mut encoder = GzBuilder::new()
            .mtime(0)
            .operating_system(255)
            .write(Vec::new(), Compression::best());
        // Writing into a Vec cannot fail.
        let _ = encoder.write_all(self.json().as_bytes());
        let bytes = encoder.finish().unwrap_or_default();
        base64::engine::general_purpose::STANDARD.encode(bytes)
    }
}

/// Lowercase hex, two digits per byte. Hashes feed on the hex of whole
/// encoded interfaces, so this avoids a `format!` per byte (which made it
/// a sixth of a large build).
pub(crate) fn hex(bytes: &[u8]) -> String {
    let mut text = String::with_capacity(bytes.len() * 2);
    for &b in bytes {
        text.extend(hex_pair(b).map(char::from));
    }
    text
}

/// The two lowercase hex digits of `b`.
pub(crate) fn hex_pair(b: u8) -> [u8; 2] {
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    [DIGITS[usize::from(b >> 4)], DIGITS[usize::from(b & 0x0f)]]
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Read;

    fn decode(arg: &str) -> String {
        let bytes = base64::engine::general_purpose::STANDARD
            .decode(arg)
            .unwrap_or_default();
        let mut text = String::new();
        let _ = flate2::read::GzDecoder::new(&bytes[..]).read_to_string(&mut text);
        text
    }

    #[test]
    fn image_cache_is_gzipped_compact_json_with_the_sdk_header() {
        let cache = ImageCache {
            lookup: vec![("a".into(), "x:1".into()), ("b".into(), "y:2".into())],
        };
        let arg = cache.argument();
        assert_eq!(
            decode(&arg),
            r#"{"image_lookup":{"a":"x:1","b":"y:2"},"build_run_ids":{}}"#
        );
        let raw = base64::engine::general_purpose::STANDARD
            .decode(&arg)
            .unwrap_or_default();
        assert_eq!(&raw[..10], &[0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 2, 0xff]);
    }

    #[test]
    fn empty_image_cache_matches_the_sdk_bytes() {
        let cache = ImageCache { lookup: vec![] };
        assert_eq!(
            cache.argument(),
            "H4sIAAAAAAAC/6tWysxNTE+Nz8nPzy4tULKqrtVRSirNzEmJLyrNi89MKQYJ1QIA+H81hyYAAAA="
        );
    }
}
