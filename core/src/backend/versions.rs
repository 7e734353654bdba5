//! Versions taskc defines itself (LANGUAGE.md §6, WIRE.md §7,
//! docs/versions.md): the content deploy version and the discovery
//! version of function tasks without a cache `version`.

use rayon::prelude::*;
use sha2::{Digest, Sha256};
use taskc_wire::Message;
use taskc_wire::flyteidl2::core::TypedInterface;
use taskc_wire::flyteidl2::task::NamedParameter;

use super::image::{hex, hex_pair};
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
    // The canonical form is the compact JSON object below (keys in this
    // order), written straight into the hash: the interface's hex form is
    // most of it and is never held as a string.
    let mut hasher = Sha256::new();
    hasher.update(br#"{"scheme":"taskc-discovery-v1","task_id":"#);
    json_string(&mut hasher, decl.task_id);
    hasher.update(br#","module":"#);
    json_string(&mut hasher, decl.module);
    hasher.update(br#","function":"#);
    json_string(&mut hasher, decl.function);
    hasher.update(if decl.is_async {
        &br#","async":true"#[..]
    } else {
        &br#","async":false"#[..]
    });
    hasher.update(br#","interface":""#);
    hex_into(&mut hasher, &decl.interface.encode_to_vec());
    hasher.update(br#"","default_inputs":""#);
    hex_into(&mut hasher, &defaults);
    hasher.update(br#""}"#);
    hasher.update(salt.as_bytes());
    let inner = hex(&hasher.finalize());
    sha256_hex(inner.as_bytes())
}

/// `text` as a JSON string, quoted and escaped as serde_json writes it.
fn json_string(hasher: &mut Sha256, text: &str) {
    match serde_json::to_vec(text) {
        Ok(bytes) => hasher.update(bytes),
        // Serialising a string cannot fail; hash the text itself if it did.
        Err(_) => hasher.update(text.as_bytes()),
    }
}

/// The lowercase hex form of `bytes`, a buffer at a time.
fn hex_into(hasher: &mut Sha256, bytes: &[u8]) {
    let mut buffer = [0u8; 256];
    for chunk in bytes.chunks(buffer.len() / 2) {
        for (pair, &b) in buffer.chunks_exact_mut(2).zip(chunk) {
            pair.copy_from_slice(&hex_pair(b));
        }
        hasher.update(&buffer[..chunk.len() * 2]);
    }
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

#[cfg(test)]
mod tests {
    use super::*;
    use taskc_wire::flyteidl2::core::{LiteralType, Variable, VariableEntry, VariableMap};

    /// The canonical form as a JSON value, as docs/versions.md defines it.
    fn reference(decl: &Declaration<'_>, salt: &str) -> String {
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
        sha256_hex(sha256_hex(format!("{canonical}{salt}").as_bytes()).as_bytes())
    }

    #[test]
    fn the_streamed_canonical_form_is_the_json_one() {
        let variable = |name: &str| VariableEntry {
            key: name.to_string(),
            value: Some(Variable {
                r#type: Some(LiteralType::default()),
                description: "d \"q\" \u{7f}\u{1}é".repeat(40),
                ..Variable::default()
            }),
        };
        let interface = TypedInterface {
            inputs: Some(VariableMap {
                variables: (0..20).map(|i| variable(&format!("in{i}"))).collect(),
            }),
            outputs: None,
        };
        let defaults = [NamedParameter::default()];
        for (task_id, is_async, default_inputs) in [
            ("env.f", false, &defaults[..0]),
            ("q \"x\"\\ \n\t\u{0}\u{1f} ü 🎉", true, &defaults[..]),
        ] {
            let decl = Declaration {
                task_id,
                module: "pkg.mod",
                function: "f\u{2028}",
                is_async,
                interface: &interface,
                default_inputs,
            };
            for salt in ["", "s0"] {
                assert_eq!(discovery_version(&decl, salt), reference(&decl, salt));
            }
        }
    }
}
