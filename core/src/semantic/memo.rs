//! What one analysis resolved, kept for the next one of the same
//! workspace: the language server analyses after every keystroke, and on a
//! workspace of thousands of templates almost all of them resolve to what
//! they resolved to a keystroke ago.
//!
//! A template is resolved again only when one of the inputs its
//! resolution reads changed (`templates::resolve_template` reads nothing
//! else):
//!
//! - its file: the syntax tree (shared, so an unchanged file is the very
//!   same tree) and so its text and every span in it;
//! - its env, resolved: settings, chain, provenance — an edit anywhere up
//!   the `extends` chain changes it;
//! - when its env is unknown, the env names (the did-you-mean help);
//! - the named types and the analysis options (any change: everything).
//!
//! An override is resolved again when its file changed or the task it
//! overrides was resolved again (or, for an unknown template, when the
//! template names changed). A kept task or override is the same shared
//! value, so what is computed from it (lints) can be kept by identity too.
//!
//! The property test `semantic_incremental` checks that an analysis with
//! the memo equals one from scratch after any sequence of edits.

use std::sync::{Arc, OnceLock};

// Looked up for every template on every keystroke of the language server.
use foldhash::HashMap;

use super::model::{Env, Override, Task};
use super::namespace::Namespace;
use super::options::SemanticOptions;
use super::template_checks::IgnoredMiss;
use super::types::TypeTable;
use crate::diagnostics::Diagnostic;
use crate::source::FileId;
use crate::syntax::ast;

/// The resolved templates of the last analysis and what they were
/// resolved against. Empty at first; an analysis with an empty memo
/// resolves everything.
#[derive(Debug, Default)]
pub struct AnalysisMemo {
    files: HashMap<FileId, Arc<ast::File>>,
    envs: HashMap<String, Env>,
    env_names: Vec<String>,
    types: Option<TypeTable>,
    options: Option<SemanticOptions>,
    templates: HashMap<DeclKey, Resolved>,
    template_names: Vec<String>,
    overrides: HashMap<DeclKey, ResolvedOverride>,
    /// Templates and overrides the last analysis took from the memo (for tests and the
    /// benchmark).
    reused: usize,
}

/// A declaration by the file it is in and where it starts: in an
/// unchanged file, the same declaration.
type DeclKey = (FileId, usize);

/// What resolving one template gave.
#[derive(Debug, Clone)]
pub(crate) struct Resolved {
    pub task: Arc<Task>,
    pub misses: Vec<IgnoredMiss>,
    pub diags: Vec<Diagnostic>,
}

impl AnalysisMemo {
    pub fn new() -> Self {
        AnalysisMemo::default()
    }

    /// How many templates and overrides the last analysis took from the
    /// memo instead of resolving them.
    pub fn reused(&self) -> usize {
        self.reused
    }

    /// How many resolved templates are kept.
    pub fn len(&self) -> usize {
        self.templates.len()
    }

    pub fn is_empty(&self) -> bool {
        self.templates.is_empty()
    }
}

/// What resolving one override gave, and the task it was resolved over.
#[derive(Debug, Clone)]
pub(crate) struct ResolvedOverride {
    pub target: Option<Arc<Task>>,
    pub resolved: Option<Arc<Override>>,
    pub diags: Vec<Diagnostic>,
}

/// One analysis' view of the memo: which kept results are still valid.
pub(crate) struct MemoRound<'m> {
    memo: &'m AnalysisMemo,
    /// Files whose tree is the one the memo's results were resolved from.
    unchanged_files: Vec<FileId>,
    /// Env names whose resolved env equals the memo's.
    unchanged_envs: HashMap<&'m str, bool>,
    env_names_unchanged: bool,
    /// Whether the template names are the memo's (the did-you-mean of an
    /// override of an unknown template), found on first need.
    template_names_unchanged: OnceLock<bool>,
    everything_changed: bool,
}

impl<'m> MemoRound<'m> {
    pub fn new(
        memo: &'m AnalysisMemo,
        files: &[(FileId, &Arc<ast::File>)],
        ns: &Namespace,
        envs: &[Env],
        types: &TypeTable,
        options: &SemanticOptions,
    ) -> Self {
        let mut unchanged_files: Vec<FileId> = files
            .iter()
            .filter(|(id, tree)| {
                memo.files
                    .get(id)
                    .is_some_and(|kept| Arc::ptr_eq(kept, tree))
            })
            .map(|(id, _)| *id)
            .collect();
        unchanged_files.sort_unstable();
        let unchanged_envs = memo
            .envs
            .iter()
            .map(|(name, kept)| {
                let now = ns.env(name).and_then(|i| envs.get(i));
                (name.as_str(), now == Some(kept))
            })
            .collect();
        let env_names_unchanged = ns
            .envs
            .iter()
            .map(|e| e.decl.name.name.as_str())
            .eq(memo.env_names.iter().map(String::as_str));
        MemoRound {
            memo,
            unchanged_files,
            unchanged_envs,
            env_names_unchanged,
            template_names_unchanged: OnceLock::new(),
            everything_changed: memo.types.as_ref() != Some(types)
                || memo.options.as_ref() != Some(options),
        }
    }

    /// The kept result for the template declared at `decl_start` in `file`
    /// in env `env`, if none of its inputs changed.
    pub fn get(&self, file: FileId, decl_start: usize, env: &str) -> Option<&'m Resolved> {
        if self.everything_changed || self.unchanged_files.binary_search(&file).is_err() {
            return None;
        }
        let env_unchanged = match self.unchanged_envs.get(env) {
            Some(&same) => same,
            // Unknown then: still unknown, among the same names.
            None => self.env_names_unchanged,
        };
        if !env_unchanged {
            return None;
        }
        self.memo.templates.get(&(file, decl_start))
    }

    /// The kept result for the override declared at `decl_start` in `file`
    /// over `target` (the task its template name finds now), if neither its
    /// declaration nor that task changed.
    pub fn get_override(
        &self,
        ns: &Namespace,
        file: FileId,
        decl_start: usize,
        target: Option<&Arc<Task>>,
    ) -> Option<&'m ResolvedOverride> {
        if self.everything_changed || self.unchanged_files.binary_search(&file).is_err() {
            return None;
        }
        let kept = self.memo.overrides.get(&(file, decl_start))?;
        let same_target = match (target, &kept.target) {
            (Some(now), Some(then)) => Arc::ptr_eq(now, then),
            (None, None) => *self.template_names_unchanged.get_or_init(|| {
                ns.templates
                    .iter()
                    .map(|t| t.decl.name.name.as_str())
                    .eq(self.memo.template_names.iter().map(String::as_str))
            }),
            _ => false,
        };
        same_target.then_some(kept)
    }
}

/// What an analysis leaves for the next one.
pub(crate) struct MemoUpdate<'a> {
    pub files: &'a [(FileId, &'a Arc<ast::File>)],
    pub ns: &'a Namespace<'a>,
    pub envs: &'a [Env],
    pub types: &'a TypeTable,
    pub options: &'a SemanticOptions,
}

impl AnalysisMemo {
    /// Replace the memo's contents with this analysis' (templates no longer
    /// declared are forgotten, so the memo never outgrows the workspace).
    pub(crate) fn store(
        &mut self,
        update: MemoUpdate<'_>,
        templates: impl Iterator<Item = (DeclKey, Resolved)>,
        overrides: impl Iterator<Item = (DeclKey, ResolvedOverride)>,
        reused: usize,
    ) {
        let MemoUpdate {
            files,
            ns,
            envs,
            types,
            options,
        } = update;
        self.files = files
            .iter()
            .map(|(id, tree)| (*id, Arc::clone(tree)))
            .collect();
        // Each name once: the env a lookup by that name finds. An edit
        // changes few envs: the others stay as they are (comparing costs
        // less than copying their settings again).
        let mut kept_envs = std::mem::take(&mut self.envs);
        self.envs = ns
            .env_index
            .iter()
            .filter_map(|(name, &i)| {
                let env = envs.get(i)?;
                let env = match kept_envs.remove(*name) {
                    Some(kept) if kept == *env => kept,
                    _ => env.clone(),
                };
                Some((name.to_string(), env))
            })
            .collect();
        let env_names = ns.envs.iter().map(|e| e.decl.name.name.as_str());
        if !env_names
            .clone()
            .eq(self.env_names.iter().map(String::as_str))
        {
            self.env_names = env_names.map(str::to_string).collect();
        }
        if self.types.as_ref() != Some(types) {
            self.types = Some(types.clone());
        }
        if self.options.as_ref() != Some(options) {
            self.options = Some(options.clone());
        }
        self.templates = templates.collect();
        let template_names = ns.templates.iter().map(|t| t.decl.name.name.as_str());
        if !template_names
            .clone()
            .eq(self.template_names.iter().map(String::as_str))
        {
            self.template_names = template_names.map(str::to_string).collect();
        }
        self.overrides = overrides.collect();
        self.reused = reused;
    }
}
