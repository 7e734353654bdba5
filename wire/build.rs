//! Generates the flyteidl2 message types from the bundled descriptor set.
//!
//! Why a build script and not committed generated code: `prost-build` and `pbjson-build` both
//! read a `FileDescriptorSet` directly (no `protoc`), so the only input is
//! `proto/flyteidl2.fds.bin`, and the script reruns only when that file changes. `pbjson-types`
//! already builds `prost-build` for its own build script, so generating here adds only
//! `pbjson-build` (a few seconds, clean builds only). In exchange there is one source of truth:
//! the types can never drift from the descriptors, and no generated code needs review.
//!
//! Only the files reachable from `flyteidl2/task/task_service.proto` are generated (the
//! `DeployTaskRequest` closure: packages `flyteidl2.common`, `flyteidl2.core`,
//! `flyteidl2.notification`, `flyteidl2.task`). `google.protobuf` types come from `src/wkt.rs`
//! (`pbjson-types` with a few replacements); `buf.validate` is only referenced through options, which are ignored here.

use std::collections::BTreeSet;
use std::error::Error;
use std::path::PathBuf;

use prost::Message;
use prost_types::{FileDescriptorProto, FileDescriptorSet};

const DESCRIPTORS: &str = "proto/flyteidl2.fds.bin";
const ROOT_FILE: &str = "flyteidl2/task/task_service.proto";

fn main() -> Result<(), Box<dyn Error>> {
    println!("cargo:rerun-if-changed={DESCRIPTORS}");
    println!("cargo:rerun-if-changed=build.rs");

    let bytes = std::fs::read(DESCRIPTORS)?;
    let fds = FileDescriptorSet::decode(bytes.as_slice())?;
    let closure = reachable_files(&fds, ROOT_FILE)?;

    // prost-build needs every message in its graph (it checks `Eq` derivability through
    // extern types too), so it gets the whole closure; `google.protobuf` is extern and yields no
    // code, and the `buf.validate` module it writes is never included.
    let files: Vec<FileDescriptorProto> = fds
        .file
        .iter()
        .filter(|f| closure.contains(f.name()))
        .cloned()
        .collect();
    let packages: BTreeSet<String> = files
        .iter()
        .filter(|f| f.package().starts_with("flyteidl2."))
        .map(|f| format!(".{}", f.package()))
        .collect();

    let out_dir = PathBuf::from(std::env::var("OUT_DIR")?);

    prost_build::Config::new()
        .out_dir(&out_dir)
        // Well-known types: pbjson-types, with the ones that differ from Python replaced
        // (src/wkt.rs).
        .compile_well_known_types()
        .extern_path(".google.protobuf", "crate::wkt")
        // Maps become BTreeMaps so that emitted JSON and bytes are deterministic.
        .btree_map(["."])
        .compile_fds(FileDescriptorSet {
            file: files.clone(),
        })?;

    let mut json = pbjson_build::Builder::new();
    for file in files {
        json.register_file_descriptor(file);
    }
    json.out_dir(&out_dir)
        .btree_map(["."])
        .build(&packages.iter().collect::<Vec<_>>())?;

    Ok(())
}

/// Names of `root` and every file it imports, transitively.
fn reachable_files(
    fds: &FileDescriptorSet,
    root: &str,
) -> Result<BTreeSet<String>, Box<dyn Error>> {
    let mut seen = BTreeSet::new();
    let mut stack = vec![root.to_string()];
    while let Some(name) = stack.pop() {
        if !seen.insert(name.clone()) {
            continue;
        }
        let file = fds
            .file
            .iter()
            .find(|f| f.name() == name)
            .ok_or_else(|| format!("{DESCRIPTORS} does not contain {name}"))?;
        stack.extend(file.dependency.iter().cloned());
    }
    Ok(seen)
}
