//! `plugin dask { scheduler { … }, workers { … } }`: `flyteplugins.dask.Dask`.

use super::super::attrs::{DASK_ATTRS, DASK_SCHEDULER_ATTRS, DASK_WORKERS_ATTRS, known_attrs};
use super::super::cx::Cx;
use super::super::model::{DaskConfig, Gpu, Resources, Shm};
use super::super::resources::lower_resources;
use super::super::value_readers;
use super::BAD_PLUGIN;
use crate::diagnostics::Diagnostic;
use crate::syntax::ast::LabeledBlock;

pub(super) fn dask(cx: &mut Cx, block: &LabeledBlock) -> Option<DaskConfig> {
    let mut out = DaskConfig::default();
    let mut ok = true;
    for attr in known_attrs(cx, &block.body, "plugin dask", DASK_ATTRS) {
        let section = attr.key.name.as_str();
        let Some(body) = value_readers::block(cx, &attr.value, section) else {
            ok = false;
            continue;
        };
        let known = if section == "scheduler" {
            DASK_SCHEDULER_ATTRS
        } else {
            DASK_WORKERS_ATTRS
        };
        for field in known_attrs(cx, body, section, known) {
            let v = &field.value;
            let what = format!("{section}.{}", field.key.name);
            match field.key.name.as_str() {
                "image" => match value_readers::string(cx, v, &what) {
                    Some(s) if section == "scheduler" => out.scheduler.image = Some(s),
                    Some(s) => out.workers.image = Some(s),
                    None => ok = false,
                },
                "resources" => match lower_resources(cx, v).and_then(|r| dask_resources(cx, r)) {
                    Some(r) if section == "scheduler" => out.scheduler.resources = Some(r),
                    Some(r) => out.workers.resources = Some(r),
                    None => ok = false,
                },
                "number_of_workers" => match value_readers::count(cx, v, &what, 1, BAD_PLUGIN) {
                    Some(n) => out.workers.number_of_workers = Some(n),
                    None => ok = false,
                },
                _ => {}
            }
        }
    }
    ok.then_some(out)
}

/// Dask's resources take cpu, memory, disk and a GPU count: no accelerator
/// strings and no shared memory (docs/language.md §3.7).
fn dask_resources(cx: &mut Cx, r: Resources) -> Option<Resources> {
    let mut ok = true;
    if let Some(Gpu::Device(d)) = &r.gpu {
        cx.push(
            Diagnostic::error(BAD_PLUGIN, d.at, "a Dask resource `gpu` is a count")
                .with_help("write `gpu = 1`; accelerator types are not supported for Dask pods"),
        );
        ok = false;
    }
    if let Some(shm) = &r.shm {
        let at = match shm {
            Shm::Auto { at } => *at,
            Shm::Size(q) => q.at,
        };
        cx.push(
            Diagnostic::error(BAD_PLUGIN, at, "Dask resources have no `shm`")
                .with_help("remove `shm`; Dask resources take cpu, memory, gpu and disk"),
        );
        ok = false;
    }
    ok.then_some(r)
}
