//! `image = auto | none | "ref"` or `image { … }` (docs/language.md §3.1).

use super::attr_values::{Image, ImageSpec};
use super::attrs::{IMAGE_ATTRS, known_attrs};
use super::cx::Cx;
use super::value_readers::{self, WRONG_VALUE, mismatch};
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
    let mut base_at = None;
    for attr in known_attrs(cx, body, "image", IMAGE_ATTRS) {
        let v = &attr.value;
        let key = attr.key.name.as_str();
        match key {
            "pip_packages" | "apt_packages" => {
                let Some(items) = value_readers::list(cx, v, key) else {
                    ok = false;
                    continue;
                };
                let mut list = Vec::new();
                for item in items {
                    match value_readers::string(cx, item, key) {
                        Some(s) => list.push(s),
                        None => ok = false,
                    }
                }
                if key == "pip_packages" {
                    spec.pip_packages = list;
                } else {
                    spec.apt_packages = list;
                }
            }
            "python" => match value_readers::string(cx, v, "image.python") {
                Some(p) if is_python_version(&p) => spec.python = Some(p),
                Some(p) => {
                    cx.error(
                        WRONG_VALUE,
                        v.span,
                        format!("`{p}` is not a Python version"),
                        "write the major.minor version, e.g. \"3.12\"",
                    );
                    ok = false;
                }
                None => ok = false,
            },
            "base" => match value_readers::string(cx, v, "image.base") {
                Some(b) => match image_ref(cx, v, &b, "image.base") {
                    Some(b) => {
                        spec.base = Some(b);
                        base_at = Some(attr.key.span);
                    }
                    None => ok = false,
                },
                None => ok = false,
            },
            _ => match value_readers::string(cx, v, key) {
                Some(s) if !s.trim().is_empty() => {
                    if key == "registry" {
                        spec.registry = Some(s);
                    } else {
                        spec.name = Some(s);
                    }
                }
                Some(_) => {
                    cx.error(
                        WRONG_VALUE,
                        v.span,
                        format!("`image.{key}` cannot be empty"),
                        format!("write the image {key}"),
                    );
                    ok = false;
                }
                None => ok = false,
            },
        }
    }
    if !ok {
        return None;
    }
    if let (Some(base_span), Some(_)) = (base_at, &spec.python) {
        cx.error(
            WRONG_VALUE,
            base_span,
            "`base` and `python` cannot both be set in `image { … }`",
            "`base` names the whole base image; `python` picks the default Flyte image for that Python version",
        );
        return None;
    }
    if spec.is_layered() && (spec.registry.is_none() || spec.name.is_none()) {
        cx.error(
            WRONG_VALUE,
            body.span,
            "a layered image needs both `registry` and `name`",
            "add `registry = \"ghcr.io/acme\"` and `name = \"my-image\"`",
        );
        return None;
    }
    if spec == ImageSpec::default() {
        return Some(Image::Auto);
    }
    Some(Image::Spec(spec))
}

/// `3.12`: major.minor digits.
fn is_python_version(text: &str) -> bool {
    matches!(text.split_once('.'), Some((major, minor))
        if !major.is_empty() && !minor.is_empty()
            && major.chars().all(|c| c.is_ascii_digit())
            && minor.chars().all(|c| c.is_ascii_digit()))
}
