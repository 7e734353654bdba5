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
/// order, plus the code bundle's version.
pub(crate) fn content_version(artifacts: &[Artifact], bundle_version: Option<&str>) -> String {
    let mut hasher = Sha256::new();
    hasher.update(b"taskc-content-v1\n");
    hasher.update(bundle_version.unwrap_or_default().as_bytes());
    hasher.update(b"\n");
    // Encoding is most of the work and each artifact's is independent, so
    // it runs in parallel, a bounded chunk at a time; the hash itself is
    // fed in name order as before.
    for chunk in artifacts.chunks(512) {
        let encoded: Vec<Vec<u8>> = chunk
            .par_iter()
            .map(|artifact| match &artifact.emitted {
                Emitted::Deploy(request) => request.encode_to_vec(),
                Emitted::Submit(spec) => spec.encode_to_vec(),
            })
            .collect();
        for (artifact, bytes) in chunk.iter().zip(encoded) {
            hasher.update(artifact.name.as_bytes());
            hasher.update(b"\n");
            hasher.update((bytes.len() as u64).to_be_bytes());
            hasher.update(&bytes);
        }
    }
    hex(&hasher.finalize())[..32].to_string()
}
