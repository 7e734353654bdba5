//! Property tests: lints and suppression comments never panic on arbitrary
//! mixes of declarations, broken text and comments, every finding points
//! inside its file, and the output does not depend on the run.

mod lint_common;
mod proptest_cases;

use lint_common::lint_text;
use proptest::prelude::*;
use proptest_cases::cases_from_env;

/// Pieces that reach the lint rules' corners: suppression comments (well
/// and badly formed, file level), inheritance, overrides, caches, secrets,
/// triggers, types, and text that does not parse.
fn fragment() -> impl Strategy<Value = &'static str> {
    prop::sample::select(vec![
        "env a {",
        "env b extends a {",
        "env c extends zz {",
        "template t in a {",
        "template u in b {",
        "override o of t {",
        "override p of u {",
        "type T = enum { x, y }\n",
        "type R = record { n: int, r: R? }\n",
        "}\n",
        "\n",
        "  cache = enable\n",
        "  cache { behavior = off, version = \"v1\", ignored_inputs = [\"d\"] }\n",
        "  interruptible = true\n",
        "  interruptible = false\n",
        "  retries = 0\n",
        "  reusable = off\n",
        "  image = \"acme/x:latest\"\n",
        "  env_vars { API_TOKEN = \"abcdefgh12345678\", WH_KEY = \"q8Zr2LmN4vT7xK1pW9sD\" }\n",
        "  env_vars += { X = \"1\" }\n",
        "  secrets = [{ group = \"wh\", key = \"key\" }]\n",
        "  inputs { d: datetime, r: T, s: str }\n",
        "  trigger n { schedule = daily, inputs { d = trigger_time } }\n",
        "  short_name = \"ssssssssssssssssssssssssssssssssssssssssssssssssssssssssssssssssssss\"\n",
        "// taskc: allow(L0001, unused-env)\n",
        "// taskc: allow(\n",
        "// taskc: allow()\n",
        "// taskc: allow(É, , L9)\n",
        " // taskc: allow(secret-value-in-env-vars)\n",
        "//! taskc: allow(unused-type)\n",
        "/// doc é\n",
        "/* taskc: allow(L0002) */",
        "  retries = = 1\n",
        "\"",
        "é",
    ])
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(cases_from_env(300)))]

    #[test]
    fn lints_never_panic_and_point_inside_files(parts in prop::collection::vec(fragment(), 0..24)) {
        let text = parts.concat();
        let linted = lint_text(&text);
        for d in &linted.diagnostics {
            let file = linted.db.get(d.primary.file).expect("file of a diagnostic");
            prop_assert!(d.primary.span.start <= d.primary.span.end);
            prop_assert!(d.primary.span.end <= file.text.len(), "{} out of range", d.code);
            prop_assert!(file.text.is_char_boundary(d.primary.span.start));
            prop_assert!(file.text.is_char_boundary(d.primary.span.end));
        }
        prop_assert_eq!(&lint_text(&text).diagnostics, &linted.diagnostics);
    }
}
