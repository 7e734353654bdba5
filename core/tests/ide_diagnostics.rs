//! The diagnostics an editor shows are exactly those of `taskc check`.

mod ide_support;

use ide_support::fixture;
use taskc_core::check::check_workspace;

const WORKSPACE: &str = r#"//- a.task
env base {
  cache = enable
  resources { cpuu = 1 }
}
//- b.task
env child extends bsae {}
template t in base {
  image = "x"
}
"#;

#[test]
fn diagnostics_match_check_and_are_grouped_by_file() {
    let f = fixture(WORKSPACE);
    let checked = check_workspace(f.analysis.db(), f.analysis.config());
    assert_eq!(f.analysis.diagnostics(), checked.diagnostics.as_slice());
    let files: Vec<u32> = f
        .analysis
        .diagnostics()
        .iter()
        .map(|d| d.primary.file.0)
        .collect();
    let mut sorted = files.clone();
    sorted.sort();
    assert_eq!(files, sorted);
    let codes: Vec<&str> = f
        .analysis
        .diagnostics()
        .iter()
        .map(|d| d.code.as_str())
        .collect();
    insta::assert_snapshot!(codes.join(" "));
}
