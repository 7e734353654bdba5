//! Whether taskc lets a generated value through its rules about values the
//! SDK cannot send as written (mashumaro's union packing, pydantic's
//! validators of files, trigger conversion by the Python type, a dict a
//! record member of its union takes too). Those rules
//! depend on member order and value shapes in ways a second model in the
//! generator would only copy; the generator asks taskc instead and writes
//! another value (or none) where a rule refuses it. mutate.rs writes the
//! refused shapes on purpose, each with what the SDK does.

use super::oracle::{compile, error_codes};
use super::ws::{Decl, Item, Workspace};

/// The codes of those rules.
pub const SDK_VALUE_RULES: &[&str] = &["E0216", "E0222", "E0223", "E0224", "E0225"];

const TOML: &str = "[flyte]\nproject = \"p\"\ndomain = \"development\"\nversion = \"v1\"\n\
                    sdk_version = \"2.12.1\"\npython = \"3.11\"\ndefault_module = \"tasks\"\n";

/// Whether `probe` (declarations using `types`) passes those rules.
fn passes(types: &[Decl], probe: Vec<Decl>) -> bool {
    let mut decls: Vec<Decl> = types
        .iter()
        .cloned()
        .map(|mut d| {
            d.file = 0;
            d
        })
        .collect();
    decls.push(Decl::new("probe-env", "env probe-env".into(), 0));
    decls.extend(probe);
    let ws = Workspace {
        seed: 0,
        toml: TOML.into(),
        decls,
    };
    !error_codes(&compile(&ws))
        .iter()
        .any(|c| SDK_VALUE_RULES.contains(&c.as_str()))
}

fn template(items: Vec<Item>) -> Decl {
    let mut decl = Decl::new("probe", "template probe in probe-env".into(), 0);
    decl.items = items;
    decl
}

/// A record declaration (being built, with the field to try last).
pub fn record_passes(types: &[Decl], record: &Decl) -> bool {
    passes(types, vec![record.clone()])
}

/// `input: ty = value` as a task input default.
pub fn default_passes(types: &[Decl], ty: &str, value: &str) -> bool {
    passes(
        types,
        vec![template(vec![Item::block(
            "inputs",
            vec![format!("x: {ty} = {value}")],
        )])],
    )
}

/// `value` as a trigger's value of an input of type `ty`.
pub fn trigger_value_passes(types: &[Decl], ty: &str, value: &str) -> bool {
    passes(
        types,
        vec![template(vec![
            Item::block("inputs", vec![format!("x: {ty}")]),
            Item::block("trigger t", vec![format!("inputs {{ x = {value} }}")]),
        ])],
    )
}
