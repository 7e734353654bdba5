//! Where a build may write: a repository's own settings never send the
//! output outside the repository.
//!
//! `[build] out_dir` of taskc.toml (and the default `build`) must resolve,
//! symbolic links followed, to a folder inside the workspace root, so
//! building a repository someone else wrote cannot overwrite files
//! elsewhere. Only the command line can name another place (`-o DIR`).
//! `[python] bindings` follows the same rule ([`super::bindings`]).

use std::path::{Component, Path, PathBuf};

use taskc_core::diagnostics::{Code, Diagnostic};
use taskc_core::source::FileSpan;
use taskc_core::workspace::Workspace;

/// Registered in `diagnostics/codes.rs`.
pub const OUT_DIR_OUTSIDE: Code = Code::E0928;

/// Why the out dir is refused: a diagnostic on `out_dir` in taskc.toml, or
/// a message when the folder is not written there (the default `build`
/// is a symbolic link leading out).
#[derive(Debug)]
pub enum Refused {
    Diagnostic(Box<Diagnostic>),
    Message { message: String, help: String },
}

/// Check the out dir a build would use; `from_command_line` when `-o`
/// named it (then any place is allowed).
pub fn check_out_dir(
    from_command_line: bool,
    workspace: &Workspace,
    out_dir: &Path,
    cwd: &Path,
) -> Result<(), Refused> {
    if from_command_line {
        return Ok(());
    }
    let root = workspace.root.as_deref().unwrap_or(cwd);
    let Some(leads_to) = outside(root, out_dir) else {
        return Ok(());
    };
    let written = &workspace.config.build.out_dir;
    let help = format!(
        "name a folder inside the workspace, or give this one on the command line, which may \
         name any folder: `taskc build -o {}`",
        leads_to.display()
    );
    let span = workspace.config.build.out_dir_span;
    match (workspace.config.source, span) {
        (Some(file), Some(span)) => Err(Refused::Diagnostic(Box::new(
            Diagnostic::error(
                OUT_DIR_OUTSIDE,
                FileSpan::new(file, span),
                format!(
                    "the out dir `{written}` leads outside the workspace, to `{}`",
                    leads_to.display()
                ),
            )
            .with_primary_label("outside the workspace")
            .with_help(help),
        ))),
        _ => Err(Refused::Message {
            message: format!(
                "the out dir `{written}` leads outside the workspace, to `{}`",
                leads_to.display()
            ),
            help,
        }),
    }
}

/// Where `path` really leads, when that is not inside `root`.
pub fn outside(root: &Path, path: &Path) -> Option<PathBuf> {
    let root = resolve(root);
    let resolved = resolve(path);
    (!resolved.starts_with(&root)).then_some(resolved)
}

/// `path` with every symbolic link of the part that exists followed, and
/// `.` and `..` of the rest applied by name.
pub fn resolve(path: &Path) -> PathBuf {
    let components: Vec<Component<'_>> = path.components().collect();
    for existing in (0..=components.len()).rev() {
        let head: PathBuf = components[..existing].iter().collect();
        let base = if head.as_os_str().is_empty() {
            std::env::current_dir().ok()
        } else {
            std::fs::canonicalize(&head).ok()
        };
        let Some(mut resolved) = base else {
            continue;
        };
        for component in &components[existing..] {
            match component {
                Component::ParentDir => {
                    resolved.pop();
                }
                Component::CurDir => {}
                other => resolved.push(other),
            }
        }
        return resolved;
    }
    path.to_path_buf()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_below_the_root_stay_inside() -> Result<(), std::io::Error> {
        let dir = tempfile::tempdir()?;
        let root = dir.path().join("repo");
        std::fs::create_dir_all(root.join("src"))?;
        assert_eq!(outside(&root, &root.join("build")), None);
        assert_eq!(outside(&root, &root.join("src/../gen/wire")), None);
        assert!(outside(&root, &root.join("../x")).is_some());
        assert!(outside(&root, &root.join("gen/../../x")).is_some());
        assert!(outside(&root, Path::new("/tmp/elsewhere")).is_some());
        Ok(())
    }

    #[cfg(unix)]
    #[test]
    fn a_symbolic_link_leading_out_is_outside() -> Result<(), std::io::Error> {
        let dir = tempfile::tempdir()?;
        let root = dir.path().join("repo");
        let elsewhere = dir.path().join("elsewhere");
        std::fs::create_dir_all(&root)?;
        std::fs::create_dir_all(&elsewhere)?;
        std::os::unix::fs::symlink(&elsewhere, root.join("build"))?;
        let leads_to = outside(&root, &root.join("build/sub"));
        assert_eq!(
            leads_to,
            Some(std::fs::canonicalize(&elsewhere)?.join("sub"))
        );
        Ok(())
    }
}
