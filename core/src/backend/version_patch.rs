//! Gives an artifact built with an empty deploy version its real one, in
//! place. With `version = "content"` the version is a hash of the artifacts
//! built without it (docs/versions.md); setting it afterwards gives exactly
//! the messages a second build with that version would, without building
//! everything twice.
//!
//! The deploy version appears in `DeployTaskRequest.task_id.version`,
//! `TaskTemplate.id.version`, and the `--version` argument of Python tasks:
//! in the container's args, in the copy of them in the primary container
//! of an inline pod template, and in [`Artifact::container_args`]. Nothing
//! else a build emits depends on it (the actor version hashes the container
//! with its args cleared).

use taskc_wire::flyteidl2::core::task_template::Target;
use taskc_wire::flyteidl2::task::TaskSpec;
use taskc_wire::wkt::Value;
use taskc_wire::wkt::value::Kind;

use super::args::VERSION_ARG;
use super::{Artifact, Emitted};

/// Sets every deploy version of `artifact` to `version`. `python_args`
/// says whether its container args are a Python task's (`a0 … --version
/// <version> …`); other containers' args are the user's and stay as
/// written.
pub(crate) fn set_version(artifact: &mut Artifact, version: &str, python_args: bool) {
    set_emitted_version(&mut artifact.emitted, version, python_args);
    if python_args && let Some(args) = artifact.container_args.as_mut() {
        set_arg(args, version);
    }
}

/// [`set_version`] of the message alone.
pub(crate) fn set_emitted_version(emitted: &mut Emitted, version: &str, python_args: bool) {
    let spec = match emitted {
        Emitted::Deploy(request) => {
            if let Some(id) = request.task_id.as_mut() {
                id.version = version.to_string();
            }
            request.spec.as_mut()
        }
        Emitted::Submit(spec) => Some(spec.as_mut()),
    };
    if let Some(spec) = spec {
        set_spec_version(spec, version, python_args);
    }
}

fn set_spec_version(spec: &mut TaskSpec, version: &str, python_args: bool) {
    let Some(template) = spec.task_template.as_mut() else {
        return;
    };
    if let Some(id) = template.id.as_mut() {
        id.version = version.to_string();
    }
    if !python_args {
        return;
    }
    match template.target.as_mut() {
        Some(Target::Container(container)) => set_arg(&mut container.args, version),
        Some(Target::K8sPod(pod)) => {
            let primary = template
                .config
                .get("primary_container_name")
                .map(String::as_str)
                .unwrap_or_default();
            if let Some(args) = pod
                .pod_spec
                .as_mut()
                .and_then(|spec| spec.fields.get_mut("containers"))
                .and_then(|containers| primary_container_args(containers, primary))
            {
                set_value_arg(args, version);
            }
        }
        _ => {}
    }
}

pub(crate) fn set_arg(args: &mut [String], version: &str) {
    if let Some(arg) = args.get_mut(VERSION_ARG) {
        *arg = version.to_string();
    }
}

/// The `args` list of the first container named `primary`, as the pod
/// template merge picks it (pod.rs).
fn primary_container_args<'a>(
    containers: &'a mut Value,
    primary: &str,
) -> Option<&'a mut Vec<Value>> {
    let Some(Kind::ListValue(list)) = containers.kind.as_mut() else {
        return None;
    };
    let container = list.values.iter_mut().find(|container| {
        matches!(&container.kind, Some(Kind::StructValue(s))
            if matches!(s.fields.get("name").and_then(|n| n.kind.as_ref()),
                Some(Kind::StringValue(name)) if name == primary))
    })?;
    let Some(Kind::StructValue(container)) = container.kind.as_mut() else {
        return None;
    };
    match container.fields.get_mut("args")?.kind.as_mut() {
        Some(Kind::ListValue(args)) => Some(&mut args.values),
        _ => None,
    }
}

fn set_value_arg(args: &mut [Value], version: &str) {
    if let Some(arg) = args.get_mut(VERSION_ARG) {
        arg.kind = Some(Kind::StringValue(version.to_string()));
    }
}
