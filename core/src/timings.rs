//! Phase timers behind `taskc build --timings`: how long loading, parsing,
//! resolving, linting, building the specs, rendering and writing take.
//!
//! Off unless [`enable`]d, so the check and the language server pay one
//! relaxed atomic load per phase and nothing else. Phases are recorded in
//! the order they end; a phase that runs twice is listed twice.

use std::sync::Mutex;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

static ENABLED: AtomicBool = AtomicBool::new(false);
static PHASES: Mutex<Vec<(&'static str, Duration)>> = Mutex::new(Vec::new());

/// Start recording phases (for the rest of the process).
pub fn enable() {
    ENABLED.store(true, Ordering::Relaxed);
}

/// Run `work`, recording its wall time under `phase` when enabled.
pub fn time<T>(phase: &'static str, work: impl FnOnce() -> T) -> T {
    if !ENABLED.load(Ordering::Relaxed) {
        return work();
    }
    let start = Instant::now();
    let result = work();
    record(phase, start.elapsed());
    result
}

/// Record `elapsed` under `phase` when enabled.
pub fn record(phase: &'static str, elapsed: Duration) {
    if !ENABLED.load(Ordering::Relaxed) {
        return;
    }
    // A poisoned lock only means a panic elsewhere; the list is still fine.
    let mut phases = PHASES.lock().unwrap_or_else(|e| e.into_inner());
    phases.push((phase, elapsed));
}

/// The phases recorded so far, in the order they ended; clears the list.
pub fn take() -> Vec<(&'static str, Duration)> {
    let mut phases = PHASES.lock().unwrap_or_else(|e| e.into_inner());
    std::mem::take(&mut *phases)
}
