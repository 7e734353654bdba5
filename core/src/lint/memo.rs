//! Findings of the last lint run, kept per shared unit (a task, an
//! override, a file's syntax tree) for the next run of the same workspace.
//!
//! Semantic analysis hands out the very same task (an `Arc`) when nothing
//! it was resolved from changed — its file, its env, the types, the
//! options ([`AnalysisMemo`](crate::semantic::AnalysisMemo)) — and the
//! check's cache the very same tree when a file's text did not change. A
//! rule whose findings for a unit read only that unit (and so what it was
//! made from) can then take them from the last run instead of computing
//! them: on a workspace of thousands of templates an edit changes a few.
//! The memo holds the units it keys, so an address is never reused while
//! it is kept.

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};
use std::sync::{Arc, Mutex, PoisonError};

use crate::diagnostics::{Code, Diagnostic};
use crate::semantic::model::{Override, Task};
use crate::syntax::ast;

/// What the last lint run found, per rule and unit. Empty at first.
#[derive(Debug, Default)]
pub struct LintMemo {
    rules: HashMap<Code, UnitFindings>,
}

/// One rule's findings per unit, by the unit's address.
#[derive(Debug, Default)]
pub(crate) struct UnitFindings {
    by_unit: HashMap<usize, (Unit, Vec<Diagnostic>), BuildHasherDefault<AddressHasher>>,
}

/// A unit a rule checks on its own, kept alive by the memo.
#[derive(Debug, Clone)]
pub(crate) enum Unit {
    Task(Arc<Task>),
    Override(Arc<Override>),
    File(Arc<ast::File>),
}

impl Unit {
    fn address(&self) -> usize {
        match self {
            Unit::Task(t) => Arc::as_ptr(t) as usize,
            Unit::Override(o) => Arc::as_ptr(o) as usize,
            Unit::File(f) => Arc::as_ptr(f) as usize,
        }
    }
}

/// Addresses are already spread; hashing them again is wasted work on a
/// path that runs once per unit and rule.
#[derive(Debug, Default)]
pub(crate) struct AddressHasher(u64);

impl Hasher for AddressHasher {
    fn finish(&self) -> u64 {
        self.0
    }

    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = self.0.rotate_left(8) ^ u64::from(b);
        }
    }

    fn write_usize(&mut self, n: usize) {
        // Allocations are aligned: the low bits carry nothing.
        self.0 = (n as u64 >> 4).wrapping_mul(0x9E37_79B9_7F4A_7C15);
    }
}

/// The memo side of a lint run: the last run's findings to read, and this
/// run's to collect (rules run in parallel, each hands in its own).
#[derive(Debug, Default)]
pub(crate) struct MemoRun<'a> {
    previous: Option<&'a LintMemo>,
    next: Mutex<Vec<(Code, UnitFindings)>>,
}

impl<'a> MemoRun<'a> {
    pub fn new(previous: &'a LintMemo) -> Self {
        MemoRun {
            previous: Some(previous),
            next: Mutex::default(),
        }
    }

    /// The findings collected in this run, as the memo for the next.
    pub fn into_memo(self) -> LintMemo {
        let next = self
            .next
            .into_inner()
            .unwrap_or_else(PoisonError::into_inner);
        LintMemo {
            rules: next.into_iter().collect(),
        }
    }
}

/// One rule's view of the memo during a run: [`Units::task`] and the like
/// run the rule's check for a unit, or take its findings from the last run.
/// Without a memo, every check runs and nothing is kept.
pub(crate) struct Units<'r, 'a> {
    run: Option<&'r MemoRun<'a>>,
    code: Code,
    previous: Option<&'r UnitFindings>,
    next: UnitFindings,
}

impl<'r, 'a> Units<'r, 'a> {
    pub fn new(run: Option<&'r MemoRun<'a>>, code: Code) -> Self {
        let previous = run.and_then(|r| r.previous?.rules.get(&code));
        // About as many units as last time: no rehashing while collecting.
        let capacity = previous.map_or(0, |p| p.by_unit.len());
        Units {
            run,
            code,
            previous,
            next: UnitFindings {
                by_unit: HashMap::with_capacity_and_hasher(capacity, Default::default()),
            },
        }
    }

    pub fn task(
        &mut self,
        task: &Arc<Task>,
        out: &mut Vec<Diagnostic>,
        check: impl FnOnce(&mut Vec<Diagnostic>),
    ) {
        self.unit(
            || Unit::Task(Arc::clone(task)),
            Arc::as_ptr(task) as usize,
            out,
            check,
        );
    }

    pub fn override_(
        &mut self,
        o: &Arc<Override>,
        out: &mut Vec<Diagnostic>,
        check: impl FnOnce(&mut Vec<Diagnostic>),
    ) {
        self.unit(
            || Unit::Override(Arc::clone(o)),
            Arc::as_ptr(o) as usize,
            out,
            check,
        );
    }

    /// A file's tree, when the run knows the shared trees.
    pub fn file(
        &mut self,
        tree: Option<&Arc<ast::File>>,
        out: &mut Vec<Diagnostic>,
        check: impl FnOnce(&mut Vec<Diagnostic>),
    ) {
        match tree {
            Some(tree) => self.unit(
                || Unit::File(Arc::clone(tree)),
                Arc::as_ptr(tree) as usize,
                out,
                check,
            ),
            None => check(out),
        }
    }

    fn unit(
        &mut self,
        unit: impl FnOnce() -> Unit,
        address: usize,
        out: &mut Vec<Diagnostic>,
        check: impl FnOnce(&mut Vec<Diagnostic>),
    ) {
        if self.run.is_none() {
            check(out);
            return;
        }
        let found = match self.previous.and_then(|p| p.by_unit.get(&address)) {
            Some((kept, found)) if kept.address() == address => found.clone(),
            _ => {
                let mut found = Vec::new();
                check(&mut found);
                found
            }
        };
        out.extend(found.iter().cloned());
        self.next.by_unit.insert(address, (unit(), found));
    }
}

impl Drop for Units<'_, '_> {
    fn drop(&mut self) {
        if let Some(run) = self.run {
            let next = std::mem::take(&mut self.next);
            run.next
                .lock()
                .unwrap_or_else(PoisonError::into_inner)
                .push((self.code, next));
        }
    }
}
