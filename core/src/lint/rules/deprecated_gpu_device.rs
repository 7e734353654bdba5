use std::collections::BTreeSet;

use crate::diagnostics::Diagnostic;
use crate::lint::LintContext;
use crate::lint::context::finding;
use crate::lint::registry::declare_rule;
use crate::semantic::current_gpu_spelling;
use crate::semantic::model::{Gpu, Settings, Spanned};

declare_rule! {
    /// ## What it does
    /// Reports a GPU device written with a name the Flyte SDK deprecated:
    /// `"A100 80G"` (now `A100_80G`) or `"RTX PRO 6000"` (now
    /// `RTX_PRO_6000`), in an accelerator string (`gpu = "A100 80G:8"`) or
    /// a `gpu { device = … }` block.
    ///
    /// ## Why is this bad?
    /// The SDK still accepts the old names, logs a deprecation warning and
    /// sends the current device, so the task is the same; taskc does too.
    /// But the old names are kept only so that old code keeps working, and
    /// a later SDK may drop them. The current names are the ones the SDK
    /// documents.
    ///
    /// ## Example
    /// ```task
    /// env train { resources { gpu = "A100 80G:8" } }
    /// template fit in train {}
    /// ```
    ///
    /// ## How to fix
    /// Write the current name (the editor's quick fix does it):
    /// ```task
    /// env train { resources { gpu = "A100_80G:8" } }
    /// template fit in train {}
    /// ```
    pub static DEPRECATED_GPU_DEVICE = {
        code: L0016,
        name: "deprecated-gpu-device",
        summary: "GPU device written with a deprecated name",
        level: Warn,
        check: check,
    }
}

fn check(cx: &LintContext<'_>, out: &mut Vec<Diagnostic>) {
    let m = cx.model;
    let settings = m.declared_settings().map(|(_, _, settings)| settings);
    // An inherited value is the one written in the parent: report each
    // written string once.
    let mut reported = BTreeSet::new();
    for settings in settings {
        let Some(written) = deprecated(settings) else {
            continue;
        };
        if !reported.insert(written.at) {
            continue;
        }
        let Some(current) = current_gpu_spelling(&written.value) else {
            continue;
        };
        out.push(
            finding(
                DEPRECATED_GPU_DEVICE.code,
                written.at,
                format!(
                    "`{}` is a deprecated spelling of the GPU `{current}`",
                    written.value
                ),
            )
            .with_primary_label(format!("the SDK sends `{current}`"))
            // The `did you mean "…"?` form is what the editor's quick fix reads.
            .with_help(format!(
                "did you mean \"{current}\"? The SDK accepts the old name with a deprecation warning"
            )),
        );
    }
}

fn deprecated(settings: &Settings) -> Option<&Spanned<String>> {
    match &settings.resources.as_ref()?.value.gpu {
        Some(Gpu::Device(device)) => device.deprecated.as_ref(),
        _ => None,
    }
}
