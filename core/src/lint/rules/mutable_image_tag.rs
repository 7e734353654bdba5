use crate::diagnostics::Diagnostic;
use crate::lint::LintContext;
use crate::lint::context::finding;
use crate::lint::registry::declare_rule;
use crate::semantic::model::Image;

declare_rule! {
    /// ## What it does
    /// Reports an env `image` (or an `image { base = … }`) that names no
    /// tag, or the `latest` tag, and no digest.
    ///
    /// ## Why is this bad?
    /// A task's cache version and its task version do not change when a
    /// moving tag is pushed again, so two runs of "the same" task version
    /// can execute different code, and cached results computed with the old
    /// image are reused with the new one. Pinned tags or digests make a
    /// deployed version reproducible.
    ///
    /// ## Example
    /// ```task
    /// env etl { image = "ghcr.io/acme/etl:latest" }
    /// env ml { image = "ghcr.io/acme/ml" }
    /// ```
    ///
    /// ## How to fix
    /// Pin a version tag or a digest:
    /// ```task
    /// env etl { image = "ghcr.io/acme/etl:1.4.2" }
    /// env ml { image = "ghcr.io/acme/ml@sha256:4f53cda18c2baa0c0354bb5f9a3ecbe5ed12ab4d8e11ba873c2f11161202b945" }
    /// ```
    pub static MUTABLE_IMAGE_TAG = {
        code: L0012,
        name: "mutable-image-tag",
        summary: "image is not pinned to a tag or digest",
        level: Warn,
        check: check,
    }
}

fn check(cx: &LintContext<'_>, out: &mut Vec<Diagnostic>) {
    for env in cx.model.envs() {
        let Some(image) = &env.settings.image else {
            continue;
        };
        if !image.provenance.is_declared_in(&env.decl()) {
            continue;
        }
        let reference = match &image.value {
            Image::Uri(uri) => uri.as_str(),
            Image::Spec(spec) => match &spec.base {
                Some(base) => base.as_str(),
                None => continue,
            },
            Image::Auto | Image::None => continue,
        };
        let Some(problem) = unpinned(reference) else {
            continue;
        };
        out.push(
            finding(
                MUTABLE_IMAGE_TAG.code,
                image.value_at(),
                format!("image `{reference}` {problem}, so what it runs can change without a new version"),
            )
            .with_primary_label("not pinned")
            .with_help("pin a version tag (`:1.4.2`) or a digest (`@sha256:…`)"),
        );
    }
}

/// Why `reference` is not pinned, if it is not.
pub(crate) fn unpinned(reference: &str) -> Option<&'static str> {
    if reference.contains('@') {
        return None; // a digest
    }
    // The tag follows the last `:` after the last `/` (a `:` before it is
    // a registry port).
    let last = reference.rsplit('/').next().unwrap_or(reference);
    match last.rsplit_once(':') {
        Some((_, "latest")) => Some("uses the `latest` tag"),
        Some((_, tag)) if !tag.is_empty() => None,
        _ => Some("has no tag (Docker uses `latest`)"),
    }
}

#[cfg(test)]
mod tests {
    use super::unpinned;

    #[test]
    fn tags_digests_and_ports() {
        assert_eq!(unpinned("ghcr.io/acme/etl:1.4"), None);
        assert_eq!(unpinned("localhost:5000/etl:2"), None);
        assert_eq!(unpinned("ghcr.io/acme/etl@sha256:abc"), None);
        assert!(unpinned("ghcr.io/acme/etl:latest").is_some());
        assert!(unpinned("localhost:5000/etl").is_some());
        assert!(unpinned("python").is_some());
    }
}
