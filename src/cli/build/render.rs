//! What `taskc build` writes for each artifact: the output kinds
//! (`--emit` × `--format`), their file names, and the bytes of each file.
//!
//! Everything here is pure: artifacts in, named byte buffers out. Writing
//! them is [`super::out_dir`]'s job.

use clap::ValueEnum;
use serde::{Deserialize, Serialize};
use taskc_core::backend::{Emitted, EncodedArtifact};
use taskc_core::diagnostics::Diagnostic;
use taskc_core::semantic::Model;
use taskc_wire::Message;

use super::names::{self, ARTIFACT_NOT_RENDERED};

/// `--emit`: which form of each artifact is written.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, ValueEnum, Serialize, Deserialize,
)]
#[serde(rename_all = "lowercase")]
pub enum Emit {
    /// What Flyte receives: the `DeployTaskRequest` of a deployed task, the
    /// submit-path `TaskSpec` of an override or a `deploy = false` task.
    Request,
    /// The `TaskSpec` alone, for every task and override.
    Spec,
    /// The container args as a JSON array (tasks with a container only).
    Args,
    /// The SQL statement (query tasks only).
    Sql,
    /// The Python bindings module of the workspace: one file, written to
    /// `[python] bindings` of taskc.toml, else `flyte_tasks.py` in the out dir.
    Python,
}

/// `--format`: how the messages of `request` and `spec` are encoded.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, ValueEnum, Serialize, Deserialize,
)]
#[serde(rename_all = "lowercase")]
pub enum Encoding {
    /// The proto3 JSON mapping, exactly as the SDK's `MessageToDict` prints it.
    Json,
    /// The protobuf binary encoding.
    Pb,
}

/// One kind of output file: what it holds and how it is encoded. The
/// manifest records it for every file, so that a later build of the same
/// kind knows which files it owns.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct OutputKind {
    pub emit: Emit,
    pub encoding: Encoding,
}

impl OutputKind {
    /// The kind of files `--emit emit --format encoding` writes. Args (a
    /// JSON array) and SQL (text) have no protobuf form: both are recorded
    /// as `json` whatever the encoding.
    pub fn new(emit: Emit, encoding: Encoding) -> Self {
        let encoding = match emit {
            Emit::Request | Emit::Spec => encoding,
            Emit::Args | Emit::Sql | Emit::Python => Encoding::Json,
        };
        OutputKind { emit, encoding }
    }

    /// The file name of `artifact`'s output of this kind:
    ///
    /// | kind | file |
    /// | --- | --- |
    /// | request, json / pb | `<name>.json` / `<name>.pb` |
    /// | spec, json / pb | `<name>.taskspec.json` / `<name>.taskspec.pb` |
    /// | args | `<name>.args.json` |
    /// | sql | `<name>.sql` |
    pub fn file_name(self, artifact: &str) -> String {
        let suffix = match (self.emit, self.encoding) {
            (Emit::Request, Encoding::Json) => ".json",
            (Emit::Request, Encoding::Pb) => ".pb",
            (Emit::Spec, Encoding::Json) => ".taskspec.json",
            (Emit::Spec, Encoding::Pb) => ".taskspec.pb",
            (Emit::Args, _) => ".args.json",
            (Emit::Sql, _) => ".sql",
            (Emit::Python, _) => ".py",
        };
        format!("{artifact}{suffix}")
    }
}

/// The protobuf message a file holds, by full name (what the manifest and
/// `tools/wirecheck/check.py` use to parse it).
pub const DEPLOY_TASK_REQUEST: &str = "flyteidl2.task.DeployTaskRequest";
pub const TASK_SPEC: &str = "flyteidl2.task.TaskSpec";

/// One file `taskc build` produces, before its bytes exist: the build
/// checks every name first and renders each file only when it compares or
/// writes it, so the whole output never sits in memory at once.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PlannedFile {
    /// Index of its artifact in the build output.
    pub artifact: usize,
    /// File name inside the out dir (never a path).
    pub name: String,
    pub kind: OutputKind,
    /// Full protobuf name of the message it holds; `None` for args and SQL.
    pub message: Option<&'static str>,
}

/// Every file the artifacts produce in every kind, sorted by name, and the
/// error diagnostics that stop the build before anything is rendered:
/// artifact names that are not safe file names and files that would
/// overwrite each other.
pub fn plan_files(
    model: &Model,
    artifacts: &[EncodedArtifact],
    kinds: &[OutputKind],
) -> (Vec<PlannedFile>, Vec<Diagnostic>) {
    let mut diagnostics = Vec::new();
    for artifact in artifacts {
        if let Err(problem) = names::check_artifact_name(&artifact.name) {
            diagnostics.push(names::bad_name_diagnostic(model, &artifact.name, &problem));
        }
    }
    if !diagnostics.is_empty() {
        return (Vec::new(), diagnostics);
    }
    let mut files = Vec::new();
    for (index, artifact) in artifacts.iter().enumerate() {
        for &kind in kinds {
            let message = match (kind.emit, artifact.is_deploy()) {
                (Emit::Request, true) => Some(DEPLOY_TASK_REQUEST),
                (Emit::Request, false) => Some(TASK_SPEC),
                (Emit::Spec, _) if !artifact.has_spec() => continue,
                (Emit::Spec, _) => Some(TASK_SPEC),
                (Emit::Args, _) if artifact.container_args.is_none() => continue,
                (Emit::Sql, _) if artifact.sql.is_none() => continue,
                // One module for the whole workspace, not a file per task.
                (Emit::Python, _) => continue,
                (Emit::Args | Emit::Sql, _) => None,
            };
            files.push(PlannedFile {
                artifact: index,
                name: kind.file_name(&artifact.name),
                kind,
                message,
            });
        }
    }
    files.sort_by(|a, b| a.name.cmp(&b.name));
    for file in &files {
        if let Err(problem) = names::check_file_name(&file.name)
            && let Some(artifact) = artifacts.get(file.artifact)
        {
            diagnostics.push(names::bad_name_diagnostic(model, &artifact.name, &problem));
        }
    }
    diagnostics.extend(names::colliding_files(model, &files));
    (files, diagnostics)
}

/// The bytes of `file`, an output of `artifact`.
pub fn render(
    artifact: &EncodedArtifact,
    file: &PlannedFile,
) -> Result<Vec<u8>, serde_json::Error> {
    let encoding = file.kind.encoding;
    let emitted = || {
        artifact.emitted().map_err(|error| {
            serde::ser::Error::custom(format!("cannot decode the message: {error}"))
        })
    };
    match file.kind.emit {
        Emit::Request => match &emitted()? {
            Emitted::Deploy(request) => encode(request.as_ref(), encoding),
            Emitted::Submit(spec) => encode(spec.as_ref(), encoding),
        },
        Emit::Spec => match &emitted()? {
            Emitted::Deploy(request) => match &request.spec {
                Some(spec) => encode(spec, encoding),
                None => Ok(Vec::new()),
            },
            Emitted::Submit(spec) => encode(spec.as_ref(), encoding),
        },
        Emit::Args => pretty_json(artifact.container_args.as_deref().unwrap_or_default()),
        Emit::Sql => Ok(text_file(artifact.sql.as_deref().unwrap_or_default())),
        // Never planned per artifact (see `plan_files`).
        Emit::Python => Ok(Vec::new()),
    }
}

fn encode<M: Message + Serialize>(
    message: &M,
    encoding: Encoding,
) -> Result<Vec<u8>, serde_json::Error> {
    match encoding {
        Encoding::Json => message_json(message),
        Encoding::Pb => Ok(message.encode_to_vec()),
    }
}

/// What `to_message_dict_json(msg)` gives, pretty-printed (two-space
/// indent, keys in field-declaration order) with a trailing newline.
///
/// `to_message_dict_json` is `serde_json::to_value` of the message; the
/// message is serialized straight to text here, skipping the intermediate
/// `Value` tree, which gives the same bytes (keys keep their order, and no
/// message repeats a key) at half the cost. `tests::json_matches_to_message_dict_json`
/// holds the two together.
pub fn message_json<M: Serialize>(message: &M) -> Result<Vec<u8>, serde_json::Error> {
    pretty_json(message)
}

fn pretty_json<T: Serialize + ?Sized>(value: &T) -> Result<Vec<u8>, serde_json::Error> {
    let mut bytes = Vec::with_capacity(4096);
    serde_json::to_writer_pretty(&mut bytes, value)?;
    bytes.push(b'\n');
    Ok(bytes)
}

/// A text file ends with a newline, like every file an editor saves.
fn text_file(text: &str) -> Vec<u8> {
    let mut bytes = text.as_bytes().to_vec();
    if !text.ends_with('\n') {
        bytes.push(b'\n');
    }
    bytes
}

/// A file whose message has no JSON form (E0922).
pub fn not_rendered(
    model: &Model,
    artifact: &EncodedArtifact,
    error: &serde_json::Error,
) -> Diagnostic {
    names::artifact_diagnostic(
        model,
        &artifact.name,
        ARTIFACT_NOT_RENDERED,
        format!("`{}` has no JSON form: {error}", artifact.name),
    )
    .with_help(
        "a value outside what protobuf JSON can hold (a timestamp outside years 1 to 9999 or a \
         number that is not finite) reached the output; report it with the declaration",
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_kind_has_its_own_file_name() {
        let names: Vec<String> = [
            (Emit::Request, Encoding::Json),
            (Emit::Request, Encoding::Pb),
            (Emit::Spec, Encoding::Json),
            (Emit::Spec, Encoding::Pb),
            (Emit::Args, Encoding::Json),
            (Emit::Args, Encoding::Pb),
            (Emit::Sql, Encoding::Pb),
        ]
        .into_iter()
        .map(|(emit, encoding)| OutputKind::new(emit, encoding).file_name("etl.load"))
        .collect();
        assert_eq!(
            names,
            [
                "etl.load.json",
                "etl.load.pb",
                "etl.load.taskspec.json",
                "etl.load.taskspec.pb",
                "etl.load.args.json",
                "etl.load.args.json",
                "etl.load.sql",
            ]
        );
    }

    #[test]
    fn json_is_pretty_with_a_trailing_newline() {
        let spec = taskc_wire::flyteidl2::task::TaskSpec {
            short_name: "noop".to_string(),
            ..Default::default()
        };
        let bytes = message_json(&spec).unwrap_or_default();
        assert_eq!(
            String::from_utf8_lossy(&bytes),
            "{\n  \"shortName\": \"noop\"\n}\n"
        );
    }

    #[test]
    fn json_matches_to_message_dict_json() {
        use taskc_core::workspace::load_workspace;
        let examples = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("examples");
        let Ok(workspace) = load_workspace(std::slice::from_ref(&examples), &examples) else {
            panic!("examples/ loads");
        };
        let checked = taskc_core::check::check_workspace(&workspace.db, &workspace.config);
        let options = taskc_core::backend::BuildOptions::from_config(&workspace.config);
        let built = taskc_core::backend::build(&checked.model, &options);
        assert!(built.artifacts.len() > 10);
        for artifact in &built.artifacts {
            let (ours, theirs) = match &artifact.emitted {
                Emitted::Deploy(request) => (
                    message_json(request.as_ref()),
                    taskc_wire::to_message_dict_json(request.as_ref()),
                ),
                Emitted::Submit(spec) => (
                    message_json(spec.as_ref()),
                    taskc_wire::to_message_dict_json(spec.as_ref()),
                ),
            };
            let theirs = theirs
                .and_then(|value| serde_json::to_string_pretty(&value))
                .map(|text| text + "\n");
            let ours = ours.map(|bytes| String::from_utf8_lossy(&bytes).into_owned());
            assert_eq!(ours.ok(), theirs.ok(), "{}", artifact.name);
        }
    }

    #[test]
    fn sql_text_ends_with_exactly_one_newline() {
        assert_eq!(text_file("SELECT 1"), b"SELECT 1\n");
        assert_eq!(text_file("SELECT 1\n"), b"SELECT 1\n");
    }
}
