//! The args of a Python task's container (WIRE.md §3): the runtime's fixed
//! part, `--image-cache`, the code bundle and the resolver.

use super::BuildOptions;

/// The SDK's default task resolver.
pub(crate) const DEFAULT_RESOLVER: &str = "flyte._internal.resolvers.default.DefaultTaskResolver";

/// How the container finds the task's code.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Bundle<'a> {
    None,
    Tgz(&'a str),
    Pkl(&'a str),
}

impl<'a> Bundle<'a> {
    pub(crate) fn of(options: &'a BuildOptions) -> Self {
        match options.code_bundle.as_deref() {
            None => Bundle::None,
            Some(uri) if uri.ends_with(".pkl") || uri.ends_with(".pkl.gz") => Bundle::Pkl(uri),
            Some(uri) => Bundle::Tgz(uri),
        }
    }

    /// `metadata.code_bundle_uri`: only a tgz bundle is named there.
    pub(crate) fn tgz_uri(self) -> Option<&'a str> {
        match self {
            Bundle::Tgz(uri) => Some(uri),
            _ => None,
        }
    }
}

/// Where [`python_task_args`] puts the deploy version (after `--version`).
pub(crate) const VERSION_ARG: usize = 6;

/// `a0 --inputs … --run-start-time {{.runStartTime}} [--image-cache …]
/// [--tgz|--pkl … --dest …] [--resolver … mod <module> instance <function>]`.
pub(crate) fn python_task_args(
    options: &BuildOptions,
    version: &str,
    image_cache: &str,
    module: &str,
    function: &str,
) -> Vec<String> {
    let mut args: Vec<String> = [
        "a0",
        "--inputs",
        "{{.input}}",
        "--outputs-path",
        "{{.outputPrefix}}",
        "--version",
        version,
        "--raw-data-path",
        "{{.rawOutputDataPrefix}}",
        "--checkpoint-path",
        "{{.checkpointOutputPrefix}}",
        "--prev-checkpoint",
        "{{.prevCheckpointPrefix}}",
        "--run-name",
        "{{.runName}}",
        "--name",
        "{{.actionName}}",
        "--run-start-time",
        "{{.runStartTime}}",
        "--image-cache",
        image_cache,
    ]
    .iter()
    .map(|s| s.to_string())
    .collect();
    let bundle = Bundle::of(options);
    let (flag, uri) = match bundle {
        Bundle::None => ("", ""),
        Bundle::Tgz(uri) => ("--tgz", uri),
        Bundle::Pkl(uri) => ("--pkl", uri),
    };
    if !flag.is_empty() {
        let dest = if options.code_bundle_dest.is_empty() {
            "."
        } else {
            options.code_bundle_dest.as_str()
        };
        args.extend([flag, uri, "--dest", dest].map(String::from));
    }
    if !matches!(bundle, Bundle::Pkl(_)) {
        args.extend(
            [
                "--resolver",
                DEFAULT_RESOLVER,
                "mod",
                module,
                "instance",
                function,
            ]
            .map(String::from),
        );
    }
    args
}
