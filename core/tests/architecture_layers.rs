//! The modules of `core/src` form layers that only point down
//! (docs/architecture.md): a module may import its own layer's module and
//! any lower layer, never a higher one or a sibling of its own layer. Test
//! code (`tests.rs` files and everything after `#[cfg(test)]`) is exempt: a
//! test may drive the whole pipeline.

use std::fs;
use std::path::{Path, PathBuf};

/// Each top-level module of `core/src` and its layer, lowest first.
const LAYERS: &[(&str, u32)] = &[
    ("source", 0),
    ("timings", 0),
    ("diagnostics", 1),
    ("workspace", 2),
    ("syntax", 3),
    ("semantic", 4),
    ("fmt", 4),
    ("backend", 5),
    ("lint", 5),
    ("query", 5),
    ("drift", 6),
    ("check", 7),
    ("ide", 8),
];

fn layer(module: &str) -> Option<u32> {
    LAYERS
        .iter()
        .find(|(name, _)| *name == module)
        .map(|(_, rank)| *rank)
}

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// The top-level module a file under `core/src` belongs to.
fn owner(src: &Path, file: &Path) -> Option<String> {
    let first = file.strip_prefix(src).ok()?.components().next()?;
    let name = first.as_os_str().to_str()?;
    Some(name.strip_suffix(".rs").unwrap_or(name).to_string())
}

/// Every `crate::x` a line names (in `use` lines and in paths alike).
fn crate_modules(line: &str) -> Vec<&str> {
    let mut found = Vec::new();
    let mut rest = line;
    while let Some(at) = rest.find("crate::") {
        let before = rest[..at].chars().next_back();
        let after = &rest[at + "crate::".len()..];
        let end = after
            .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
            .unwrap_or(after.len());
        // `$crate::` in macros and `taskc_crate::` are the same crate root
        // only for `$`; an identifier before `crate` is another path.
        let is_root = !before.is_some_and(|c| c.is_ascii_alphanumeric() || c == '_');
        if is_root && end > 0 {
            found.push(&after[..end]);
        }
        rest = &after[end..];
    }
    found
}

/// `file:line: `a` (layer n) imports `b` (layer m)` for every import that
/// points up or sideways.
fn violations(src: &Path) -> Vec<String> {
    let mut files = Vec::new();
    rust_files(src, &mut files);
    files.sort();
    let mut out = Vec::new();
    for file in files {
        let Some(module) = owner(src, &file) else {
            continue;
        };
        let Some(own) = layer(&module) else {
            continue;
        };
        if file.file_name().is_some_and(|n| n == "tests.rs") {
            continue;
        }
        let text = fs::read_to_string(&file).unwrap_or_default();
        for (index, line) in text.lines().enumerate() {
            if line.trim_start().starts_with("#[cfg(test)]") {
                break;
            }
            let code = line.split("//").next().unwrap_or("");
            for target in crate_modules(code) {
                if target == module {
                    continue;
                }
                if let Some(theirs) = layer(target)
                    && theirs >= own
                {
                    out.push(format!(
                        "{}:{}: `{module}` (layer {own}) imports `{target}` (layer {theirs})",
                        file.display(),
                        index + 1
                    ));
                }
            }
        }
    }
    out
}

fn core_src() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("src")
}

#[test]
fn lower_layers_never_import_higher_ones() {
    let found = violations(&core_src());
    assert!(
        found.is_empty(),
        "imports against the layer order (docs/architecture.md):\n{}",
        found.join("\n")
    );
}

#[test]
fn every_top_level_module_has_a_layer() {
    let mut missing = Vec::new();
    for entry in fs::read_dir(core_src()).into_iter().flatten().flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        let module = name.strip_suffix(".rs").unwrap_or(&name).to_string();
        if module != "lib" && layer(&module).is_none() {
            missing.push(module);
        }
    }
    assert!(missing.is_empty(), "modules without a layer: {missing:?}");
}

#[test]
fn an_upward_import_is_reported_with_its_file_and_line() {
    let dir = std::env::temp_dir().join(format!("taskc-layers-{}", std::process::id()));
    let semantic = dir.join("semantic");
    fs::create_dir_all(&semantic).unwrap_or_default();
    fs::write(
        semantic.join("bad.rs"),
        "use crate::syntax::ast;\nuse crate::lint::Rule;\nfn f() { crate::ide::x(); }\n#[cfg(test)]\nuse crate::check::y;\n",
    )
    .unwrap_or_default();
    fs::write(dir.join("fmt.rs"), "use crate::semantic::Model;\n").unwrap_or_default();
    let found = violations(&dir);
    let _ = fs::remove_dir_all(&dir);
    let short: Vec<String> = found
        .iter()
        .map(|v| v.rsplit(['/', '\\']).next().unwrap_or(v).to_string())
        .collect();
    assert_eq!(
        short,
        [
            "fmt.rs:1: `fmt` (layer 4) imports `semantic` (layer 4)",
            "bad.rs:2: `semantic` (layer 4) imports `lint` (layer 5)",
            "bad.rs:3: `semantic` (layer 4) imports `ide` (layer 8)",
        ]
    );
}
