//! The model's lookups by env and template (`tasks_in_env`, `children_of`,
//! `overrides_of`) are indexes built once; they must list exactly what a
//! scan of the model finds, in workspace order, for every example and
//! conformance workspace.

mod backend_support;

use std::path::Path;

use backend_support::{Compiled, compile_dir, conformance_cases, conformance_dir};

fn assert_indexes_match_scans(name: &str, compiled: &Compiled) {
    let m = &compiled.check.model;
    for env in m.envs() {
        let indexed: Vec<&str> = m.tasks_in_env(&env.name).map(|t| t.name.as_str()).collect();
        let scanned: Vec<&str> = m
            .tasks()
            .iter()
            .filter(|t| t.env == env.name)
            .map(|t| t.name.as_str())
            .collect();
        assert_eq!(indexed, scanned, "{name}: tasks in env `{}`", env.name);
        let indexed: Vec<&str> = m.children_of(&env.name).map(|e| e.name.as_str()).collect();
        let scanned: Vec<&str> = m
            .envs()
            .iter()
            .filter(|e| e.extends.as_ref().is_some_and(|p| p.value == env.name))
            .map(|e| e.name.as_str())
            .collect();
        assert_eq!(indexed, scanned, "{name}: children of env `{}`", env.name);
    }
    for task in m.tasks() {
        let indexed: Vec<&str> = m
            .overrides_of(&task.name)
            .map(|o| o.name.as_str())
            .collect();
        let scanned: Vec<&str> = m
            .overrides()
            .iter()
            .filter(|o| o.template == task.name)
            .map(|o| o.name.as_str())
            .collect();
        assert_eq!(indexed, scanned, "{name}: overrides of `{}`", task.name);
    }
    assert_eq!(m.tasks_in_env("no such env").count(), 0);
    assert_eq!(m.children_of("no such env").count(), 0);
}

#[test]
fn indexes_list_what_a_scan_finds() {
    let examples = Path::new(env!("CARGO_MANIFEST_DIR")).join("../examples");
    let compiled = compile_dir(&examples);
    assert!(
        compiled.check.model.envs().iter().any(|e| compiled
            .check
            .model
            .children_of(&e.name)
            .next()
            .is_some())
    );
    assert_indexes_match_scans("examples", &compiled);
    for case in conformance_cases() {
        assert_indexes_match_scans(&case, &compile_dir(&conformance_dir().join(&case)));
    }
}
