//! `plugin <name> { … }` on an env: a plugin config that picks the task
//! type (WIRE.md §5.10), one module per plugin of the SDK's registry.

mod dask;
mod pytorch;
mod spark;

use super::cx::Cx;
use super::model::Plugin;
use super::suggest_name;
use super::value_readers;
use crate::diagnostics::Code;
use crate::syntax::ast::LabeledBlock;

pub(crate) const BAD_PLUGIN: Code = Code::E0314;

pub(crate) const PLUGINS: &[&str] = &["dask", "spark", "databricks", "pytorch"];

pub(crate) fn lower_plugin(cx: &mut Cx, block: &LabeledBlock) -> Option<Plugin> {
    match block.label.name.as_str() {
        "dask" => dask::dask(cx, block).map(|c| Plugin::Dask(Box::new(c))),
        "spark" => spark::spark(cx, block).map(Plugin::Spark),
        "databricks" => spark::databricks(cx, block).map(Plugin::Databricks),
        "pytorch" => pytorch::elastic(cx, block).map(Plugin::PyTorch),
        other => {
            cx.error(
                BAD_PLUGIN,
                block.label.span,
                format!("unknown plugin `{other}`"),
                match suggest_name(other, PLUGINS) {
                    Some(s) => format!("did you mean `{s}`?"),
                    None => format!(
                        "taskc knows these plugins: {}",
                        value_readers::list_words(PLUGINS)
                    ),
                },
            );
            None
        }
    }
}

/// A whole number in proto's `int32` (the plugins' job messages count with
/// it; the SDK fails on a larger one).
fn int32(cx: &mut Cx, v: &crate::syntax::ast::Value, what: &str, min: u32) -> Option<u32> {
    let n = value_readers::count(cx, v, what, min, BAD_PLUGIN)?;
    if n > i32::MAX as u32 {
        cx.error(
            BAD_PLUGIN,
            v.span,
            format!("`{what}` is too large: {n}"),
            format!(
                "the job message holds a 32-bit number; use at most {}",
                i32::MAX
            ),
        );
        return None;
    }
    Some(n)
}
