//! Artifacts kept as their protobuf encoding. A built `DeployTaskRequest`
//! or `TaskSpec` holds its strings, lists and JSON structs in many small
//! allocations, about ten times the size of its encoding; a large build
//! keeps the encodings and decodes each message again only to write it out.
//! Decoding gives back exactly the message that was encoded (every map is
//! ordered, and the messages carry no unknown fields).

use std::sync::Arc;

use sha2::{Digest, Sha256};

use taskc_wire::Message;
use taskc_wire::flyteidl2::task::{DeployTaskRequest, TaskSpec};

use super::{Artifact, Emitted, version_patch};
use crate::diagnostics::Diagnostic;

/// Every artifact of [`build_encoded`](super::build_encoded) (sorted by
/// name) and every backend diagnostic.
#[derive(Debug, Clone, Default)]
pub struct EncodedOutput {
    pub artifacts: Vec<EncodedArtifact>,
    pub diagnostics: Vec<Diagnostic>,
}

/// An [`Artifact`] with its message encoded.
#[derive(Debug, Clone, PartialEq)]
pub struct EncodedArtifact {
    /// As [`Artifact::name`].
    pub name: String,
    /// As [`Artifact::container_args`].
    pub container_args: Option<Vec<String>>,
    /// As [`Artifact::sql`].
    pub sql: Option<String>,
    deploy: bool,
    has_spec: bool,
    /// The `DeployTaskRequest` or `TaskSpec`, as built.
    bytes: Vec<u8>,
    /// Whether the container args are a Python task's (they name the
    /// deploy version).
    python_args: bool,
    /// The deploy version to give the message when it is decoded; `None`
    /// keeps the one it was built with.
    version: Option<Arc<str>>,
}

impl EncodedArtifact {
    /// `artifact`, encoded as it is.
    pub fn new(artifact: Artifact) -> Self {
        Self::unversioned(artifact, false)
    }

    /// `artifact`, built with an empty version that [`set_version`]
    /// replaces later; `python_args` as in [`version_patch::set_version`].
    ///
    /// [`set_version`]: EncodedArtifact::set_version
    pub(crate) fn unversioned(artifact: Artifact, python_args: bool) -> Self {
        let (deploy, has_spec, bytes) = match &artifact.emitted {
            Emitted::Deploy(request) => (true, request.spec.is_some(), request.encode_to_vec()),
            Emitted::Submit(spec) => (false, true, spec.encode_to_vec()),
        };
        EncodedArtifact {
            name: artifact.name,
            container_args: artifact.container_args,
            sql: artifact.sql,
            deploy,
            has_spec,
            bytes,
            python_args,
            version: None,
        }
    }

    /// The encoding of the message as built (before [`set_version`]).
    ///
    /// [`set_version`]: EncodedArtifact::set_version
    pub(crate) fn encoded(&self) -> &[u8] {
        &self.bytes
    }

    /// Gives the artifact its deploy version: at once in the container
    /// args, and in the message when it is decoded.
    pub(crate) fn set_version(&mut self, version: &Arc<str>) {
        if self.python_args
            && let Some(args) = self.container_args.as_mut()
        {
            version_patch::set_arg(args, version);
        }
        self.version = Some(version.clone());
    }

    /// Whether the message is a `DeployTaskRequest` (else a `TaskSpec`).
    pub fn is_deploy(&self) -> bool {
        self.deploy
    }

    /// Whether the message has a `TaskSpec` (a `DeployTaskRequest` always
    /// has one in practice).
    pub fn has_spec(&self) -> bool {
        self.has_spec
    }

    /// The message, decoded, with its deploy version.
    pub fn emitted(&self) -> Result<Emitted, String> {
        let mut emitted = if self.deploy {
            Emitted::Deploy(Box::new(
                DeployTaskRequest::decode(self.bytes.as_slice()).map_err(|e| e.to_string())?,
            ))
        } else {
            Emitted::Submit(Box::new(
                TaskSpec::decode(self.bytes.as_slice()).map_err(|e| e.to_string())?,
            ))
        };
        if let Some(version) = &self.version {
            version_patch::set_emitted_version(&mut emitted, version, self.python_args);
        }
        Ok(emitted)
    }

    /// A SHA-256 of everything the files of this artifact are made from:
    /// two artifacts with the same fingerprint render to the same bytes.
    /// `taskc build` keys its cache of unchanged outputs with it. Each part
    /// is length-prefixed (or tagged) so that no two artifacts hash the same
    /// bytes.
    pub fn fingerprint(&self) -> [u8; 32] {
        let mut hasher = Sha256::new();
        let mut part = |bytes: &[u8]| {
            hasher.update((bytes.len() as u64).to_be_bytes());
            hasher.update(bytes);
        };
        part(b"taskc-artifact-v1");
        part(self.name.as_bytes());
        part(&[
            u8::from(self.deploy),
            u8::from(self.has_spec),
            u8::from(self.python_args),
            u8::from(self.version.is_some()),
            u8::from(self.container_args.is_some()),
            u8::from(self.sql.is_some()),
        ]);
        part(self.version.as_deref().unwrap_or_default().as_bytes());
        let args = self.container_args.as_deref().unwrap_or_default();
        part(&(args.len() as u64).to_be_bytes());
        for arg in args {
            part(arg.as_bytes());
        }
        part(self.sql.as_deref().unwrap_or_default().as_bytes());
        part(&self.bytes);
        hasher.finalize().into()
    }

    /// The whole [`Artifact`], as [`build`](super::build) gives it.
    pub fn decode(&self) -> Result<Artifact, String> {
        Ok(Artifact {
            name: self.name.clone(),
            emitted: self.emitted()?,
            container_args: self.container_args.clone(),
            sql: self.sql.clone(),
        })
    }
}
