//! Versions taskc defines itself (LANGUAGE.md §6, WIRE.md §7,
//! docs/versions.md): the content deploy version and the discovery
//! version of function tasks without a cache `version`.

use rayon::prelude::*;
use sha2::{Digest, Sha256};
use taskc_wire::Message;
use taskc_wire::flyteidl2::core::TypedInterface;
use taskc_wire::flyteidl2::task::NamedParameter;

use super::image::hex;
use super::{Artifact, Emitted};

/// SHA-256 of nothing: the SDK's discovery version of tasks without a
/// Python function (query tasks, container tasks with the cache disabled).
pub(crate) const EMPTY_SHA256: &str =
    "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

fn sha256_hex(bytes: &[u8]) -> String {
    hex(&Sha256::digest(bytes))
}

/// What a function task's discovery version is computed from: everything
/// its declaration resolves to that a Python function body would fix.
pub(crate) struct Declaration<'a> {
    pub task_id: &'a str,
    pub module: &'a str,
    pub function: &'a str,
    pub is_async: bool,
    pub interface: &'a TypedInterface,
    pub default_inputs: &'a [NamedParameter],
}

/// `sha256_hex(sha256_hex(canonical + salt))`, the shape of the SDK's
/// function-body policy with the canonical resolved declaration in place of
/// the function's source.
pub(crate) fn discovery_version(decl: &Declaration<'_>, salt: &str) -> String {
    let mut defaults = Vec::new();
    for parameter in decl.default_inputs {
        parameter.encode_length_delimited(&mut defaults).ok();
    }
    let canonical = serde_json::json!({
        "scheme": "taskc-discovery-v1",
        "task_id": decl.task_id,
        "module": decl.module,
        "function": decl.function,
        "async": decl.is_async,
        "interface": hex(&decl.interface.encode_to_vec()),
        "default_inputs": hex(&defaults),
    });
    let inner = sha256_hex(format!("{canonical}{salt}").as_bytes());
    sha256_hex(inner.as_bytes())
}

/// The deploy version of `version = "content"`: the first 32 hex digits of
/// a SHA-256 over every artifact (built with an empty version), in name
/// order, plus the code bundle's version. Each artifact comes with whether
/// its args are a Python task's, which the hash does not use.
pub(crate) fn content_version(
    artifacts: &[(Artifact, bool)],
    bundle_version: Option<&str>,
) -> String {
    let mut hasher = ContentHasher::new(bundle_version);
    // Encoding is most of the work and each artifact's is independent, so
    // it runs in parallel, a bounded chunk at a time; the hash itself is
    // fed in name order.
    for chunk in artifacts.chunks(512) {
        let encoded: Vec<Vec<u8>> = chunk
            .par_iter()
            .map(|(artifact, _)| match &artifact.emitted {
                Emitted::Deploy(request) => request.encode_to_vec(),
                Emitted::Submit(spec) => spec.encode_to_vec(),
            })
            .collect();
        for ((artifact, _), bytes) in chunk.iter().zip(encoded) {
            hasher.add(&artifact.name, &bytes);
        }
    }
    hasher.finish()
}

/// [`content_version`] of artifacts already encoded (with an empty
/// version): `(name, encoding)` in name order.
pub(crate) fn content_version_of_encoded<'a>(
    artifacts: impl Iterator<Item = (&'a str, &'a [u8])>,
    bundle_version: Option<&str>,
) -> String {
    let mut hasher = ContentHasher::new(bundle_version);
    for (name, bytes) in artifacts {
        hasher.add(name, bytes);
    }
    hasher.finish()
}

/// The hash input of the content version (docs/versions.md).
struct ContentHasher(Sha256);

impl ContentHasher {
    fn new(bundle_version: Option<&str>) -> Self {
        let mut hasher = Sha256::new();
        hasher.update(b"taskc-content-v1\n");
        hasher.update(bundle_version.unwrap_or_default().as_bytes());
        hasher.update(b"\n");
        ContentHasher(hasher)
    }

    fn add(&mut self, name: &str, encoded: &[u8]) {
        self.0.update(name.as_bytes());
        self.0.update(b"\n");
        self.0.update((encoded.len() as u64).to_be_bytes());
        self.0.update(encoded);
    }

    fn finish(self) -> String {
        hex(&self.0.finalize())[..32].to_string()
    }
}
