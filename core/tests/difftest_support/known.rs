//! Differences the differential check has found and that are not fixed
//! yet, each with what is known of it. A workspace whose every difference
//! matches one of these is counted under it instead of failing the run; a
//! difference that matches none fails it. Remove a row when its class is
//! fixed (the run then proves the fix on every seed).

use super::oracle::Verdict;

/// `(class, substring of a difference line or SDK message, explanation)`.
/// Empty: every class found so far is fixed, refused by a rule taskc states
/// (and the mutator writes), or a row of docs/language.md §11.
pub const KNOWN: &[(&str, &str, &str)] = &[];

/// The known class every difference of `verdict` belongs to, if one does.
pub fn classify(verdict: &Verdict) -> Option<&'static str> {
    let lines: Vec<String> = match verdict {
        Verdict::Differs(paths) => paths.clone(),
        Verdict::SdkRejects(error) => {
            vec![error["message"].as_str().unwrap_or_default().to_string()]
        }
        _ => return None,
    };
    let class_of = |line: &str| {
        KNOWN
            .iter()
            .find(|(_, pattern, _)| line.contains(pattern))
            .map(|(class, _, _)| *class)
    };
    let first = class_of(lines.first()?)?;
    lines.iter().all(|l| class_of(l).is_some()).then_some(first)
}
