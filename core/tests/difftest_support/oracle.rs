//! The differential check of one generated workspace: compile it in
//! process, write the bindings and starter modules, serialize them with
//! the real SDK (one batch process for the whole run), compare under the
//! conformance masks; and the shrinker that makes a failing workspace small.

use std::path::{Path, PathBuf};

use serde_json::Value;

use super::assets;
use super::ws::Workspace;
use crate::backend_support::{Compiled, compile_files_at};
use crate::python_support::batch::{BatchOracle, Outcome};
use crate::python_support::{sdk_differences, write_workspace};

/// What one workspace gave.
pub enum Verdict {
    Same,
    /// taskc reports errors: `(codes, rendered diagnostics)`.
    TaskcRejects(Vec<String>, String),
    /// The SDK rejected what taskc accepted.
    SdkRejects(Value),
    /// Both accept, and the JSON differs at these paths.
    Differs(Vec<String>),
}

impl Verdict {
    pub fn is_same(&self) -> bool {
        matches!(self, Verdict::Same)
    }

    pub fn describe(&self) -> String {
        match self {
            Verdict::Same => "same".into(),
            Verdict::TaskcRejects(codes, text) => {
                format!("taskc rejects ({}):\n{text}", codes.join(", "))
            }
            Verdict::SdkRejects(error) => format!(
                "the SDK rejects ({} at {}): {}",
                error["type"].as_str().unwrap_or_default(),
                error["stage"].as_str().unwrap_or_default(),
                error["message"].as_str().unwrap_or_default()
            ),
            Verdict::Differs(paths) => {
                let shown: Vec<&String> = paths.iter().take(12).collect();
                let more = paths.len().saturating_sub(shown.len());
                let mut text = format!(
                    "differs:\n  {}",
                    shown
                        .iter()
                        .map(|s| s.as_str())
                        .collect::<Vec<_>>()
                        .join("\n  ")
                );
                if more > 0 {
                    text.push_str(&format!("\n  … {more} more"));
                }
                text
            }
        }
    }
}

pub fn compile(ws: &Workspace) -> Compiled {
    let files = ws.files();
    let refs: Vec<(&str, &str)> = files
        .iter()
        .map(|(p, t)| (p.as_str(), t.as_str()))
        .collect();
    compile_files_at(&ws.toml, &refs, Some(assets::folder()))
}

/// The error codes of a compiled workspace (check and build).
pub fn error_codes(compiled: &Compiled) -> Vec<String> {
    let mut codes: Vec<String> = compiled
        .check
        .diagnostics
        .iter()
        .chain(&compiled.build.diagnostics)
        .filter(|d| d.is_error())
        .map(|d| d.code.to_string())
        .collect();
    codes.sort();
    codes.dedup();
    codes
}

pub struct Differ {
    oracle: BatchOracle,
    scratch: tempfile::TempDir,
    count: usize,
}

impl Differ {
    pub fn start(python: &Path) -> Differ {
        Differ {
            oracle: BatchOracle::start(python).unwrap_or_else(|e| panic!("{e}")),
            scratch: tempfile::tempdir().unwrap_or_else(|e| panic!("{e}")),
            count: 0,
        }
    }

    fn folder(&mut self) -> PathBuf {
        self.count += 1;
        self.scratch.path().join(format!("w{}", self.count))
    }

    pub fn check(&mut self, ws: &Workspace) -> Verdict {
        let compiled = compile(ws);
        let codes = error_codes(&compiled);
        if !codes.is_empty() {
            return Verdict::TaskcRejects(codes, compiled.render_diagnostics());
        }
        self.check_compiled(&compiled)
    }

    pub fn check_compiled(&mut self, compiled: &Compiled) -> Verdict {
        let root = self.folder();
        write_workspace(compiled, assets::folder(), &root);
        let outcome = self.oracle.serialize(&root);
        let _ = std::fs::remove_dir_all(&root);
        match outcome {
            Ok(Outcome::Entries(entries)) => {
                let differences = sdk_differences(compiled, &entries);
                if differences.is_empty() {
                    Verdict::Same
                } else {
                    Verdict::Differs(differences)
                }
            }
            Ok(Outcome::Rejected(error)) => Verdict::SdkRejects(error),
            Err(e) => panic!("the oracle failed: {e}"),
        }
    }
}

/// The kind of a verdict, which shrinking keeps: a smaller workspace
/// counts only when it fails the same way (same first path, or the same
/// SDK error type).
fn signature(v: &Verdict) -> Option<String> {
    match v {
        Verdict::Same => None,
        Verdict::TaskcRejects(..) => None,
        Verdict::SdkRejects(e) => Some(format!("sdk:{}", e["type"])),
        Verdict::Differs(paths) => paths.first().map(|p| {
            // `deploy env.t (t): task_spec.x.y: …` → the field path.
            let field = p.split(": ").nth(1).unwrap_or(p);
            format!("diff:{field}")
        }),
    }
}

/// Drop declarations, items, block lines and doc comments while the
/// workspace still fails the same way.
pub fn shrink(differ: &mut Differ, ws: &Workspace, verdict: &Verdict) -> Workspace {
    let Some(goal) = signature(verdict) else {
        return ws.clone();
    };
    let mut best = ws.clone();
    let mut tries = 0;
    loop {
        let mut progressed = false;
        for candidate in candidates(&best) {
            tries += 1;
            if tries > 2000 {
                return best;
            }
            let v = differ.check(&candidate);
            if signature(&v).as_deref() == Some(goal.as_str()) {
                best = candidate;
                progressed = true;
                break;
            }
        }
        if !progressed {
            return best;
        }
    }
}

fn candidates(ws: &Workspace) -> Vec<Workspace> {
    let mut out = Vec::new();
    for d in (0..ws.decls.len()).rev() {
        let mut c = ws.clone();
        c.decls.remove(d);
        out.push(c);
    }
    for d in 0..ws.decls.len() {
        if !ws.decls[d].doc.is_empty() {
            let mut c = ws.clone();
            c.decls[d].doc.clear();
            out.push(c);
        }
        for i in 0..ws.decls[d].items.len() {
            let mut c = ws.clone();
            c.decls[d].items.remove(i);
            out.push(c);
            for k in 0..ws.decls[d].items[i].children.len() {
                let mut c = ws.clone();
                c.decls[d].items[i].children.remove(k);
                out.push(c);
            }
        }
    }
    for file in 1..4 {
        if ws.decls.iter().any(|d| d.file == file) {
            let mut c = ws.clone();
            c.decls.iter_mut().for_each(|d| d.file = 0);
            out.push(c);
            break;
        }
    }
    out
}
