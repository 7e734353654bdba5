//! "Did you mean …?" for unknown names: attributes, types, enum members,
//! record fields, inputs, time zones, declaration keywords, `taskc.toml` keys,
//! lint rules. Every stage asks this one policy so suggestions agree.
//!
//! A suggestion is only worth showing when it is almost certainly what was
//! meant, so the rules are conservative: names that differ only in case or in
//! `-` versus `_` always match; otherwise the edit distance must be small for
//! the name's length, or one name must be a prefix of the other.

/// The candidate closest to `name`, if one is close enough to suggest.
/// Ties go to the earliest candidate, so callers control the preference by
/// the order they pass candidates in.
pub fn did_you_mean<'a>(
    name: &str,
    candidates: impl IntoIterator<Item = &'a str>,
) -> Option<&'a str> {
    closest(name, candidates, Prefixes::FourCharacters)
}

/// [`did_you_mean`], also accepting a name that is the whole leading word of
/// a snake_case candidate (`sdk` → `sdk_version`). For `taskc.toml` keys,
/// which are grouped by their leading word; elsewhere a three-letter prefix
/// (`run` for `run_name`) is too weak a hint.
pub fn did_you_mean_or_leading_word<'a>(
    name: &str,
    candidates: impl IntoIterator<Item = &'a str>,
) -> Option<&'a str> {
    closest(name, candidates, Prefixes::OrLeadingWord)
}

/// Which prefixes count as a (weak) match.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Prefixes {
    FourCharacters,
    OrLeadingWord,
}

fn closest<'a>(
    name: &str,
    candidates: impl IntoIterator<Item = &'a str>,
    prefixes: Prefixes,
) -> Option<&'a str> {
    let wanted = Prepared::new(name);
    let prepared = candidates.into_iter().map(Prepared::new);
    closest_prepared(&wanted, prepared, prefixes)
}

/// A name normalized once, with what rules a candidate out cheaply: its
/// length in characters and how often each character occurs.
struct Prepared<'a> {
    raw: &'a str,
    normalized: String,
    chars: usize,
    /// Occurrences per character, characters folded into 64 buckets.
    counts: [u8; 64],
}

impl<'a> Prepared<'a> {
    fn new(raw: &'a str) -> Self {
        let normalized = normalize(raw);
        let mut counts = [0u8; 64];
        let mut chars = 0;
        for c in normalized.chars() {
            chars += 1;
            let bucket = &mut counts[(u32::from(c) % 64) as usize];
            *bucket = bucket.saturating_add(1);
        }
        Prepared {
            raw,
            normalized,
            chars,
            counts,
        }
    }

    /// A lower bound of the edit distance to `other`, without computing it:
    /// each edit changes the length by at most one, and the character counts
    /// by at most two (a substitution; a transposition changes none).
    /// Folding characters into buckets and capping counts only lowers the
    /// counts' difference, so the bound holds.
    fn distance_at_least(&self, other: &Prepared<'_>) -> usize {
        let counts: usize = self
            .counts
            .iter()
            .zip(&other.counts)
            .map(|(a, b)| usize::from(a.abs_diff(*b)))
            .sum();
        self.chars.abs_diff(other.chars).max(counts.div_ceil(2))
    }
}

fn closest_prepared<'a>(
    wanted: &Prepared<'_>,
    candidates: impl IntoIterator<Item = impl std::borrow::Borrow<Prepared<'a>>>,
    prefixes: Prefixes,
) -> Option<&'a str> {
    let limit = max_distance(wanted.chars);
    let mut best: Option<(usize, &'a str)> = None;
    for candidate in candidates {
        let candidate = candidate.borrow();
        if candidate.raw == wanted.raw {
            // The name exists; whoever asked has a different problem.
            continue;
        }
        let have = &candidate.normalized;
        let score = if *have == wanted.normalized {
            0
        } else {
            // Most candidates of a large set are ruled out by the bound; the
            // distance is computed for the few that may be close.
            let distance = if wanted.distance_at_least(candidate) <= limit {
                strsim::damerau_levenshtein(&wanted.normalized, have)
            } else {
                usize::MAX
            };
            if distance <= limit {
                distance
            } else if is_prefix_match(&wanted.normalized, have, prefixes) {
                // Worse than any real typo match, better than nothing.
                usize::MAX - 1
            } else {
                continue;
            }
        };
        if best.is_none_or(|(s, _)| score < s) {
            best = Some((score, candidate.raw));
        }
    }
    best.map(|(_, candidate)| candidate)
}

/// [`did_you_mean`] over one large set of names asked about many times:
/// every env or template of a workspace, once per reference to an unknown
/// one. The names are prepared once and each answer is remembered (a
/// renamed env leaves thousands of references to the same old name), so
/// the errors of a large workspace do not each cost a fresh pass with an
/// allocation per name. Safe to share between threads; the answer for a
/// name does not depend on what was asked before.
pub struct NameSuggester<'a> {
    names: Vec<Prepared<'a>>,
    answers: std::sync::Mutex<std::collections::HashMap<String, Option<&'a str>>>,
}

impl<'a> NameSuggester<'a> {
    /// Ties go to the earliest name, as with [`did_you_mean`].
    pub fn new(names: impl IntoIterator<Item = &'a str>) -> Self {
        NameSuggester {
            names: names.into_iter().map(Prepared::new).collect(),
            answers: Default::default(),
        }
    }

    pub fn is_empty(&self) -> bool {
        self.names.is_empty()
    }

    /// The same answer as [`did_you_mean`] over the names.
    pub fn did_you_mean(&self, name: &str) -> Option<&'a str> {
        if let Some(answer) = self.answers.lock().ok().and_then(|a| a.get(name).copied()) {
            return answer;
        }
        let answer = closest_prepared(&Prepared::new(name), &self.names, Prefixes::FourCharacters);
        if let Ok(mut answers) = self.answers.lock() {
            answers.insert(name.to_string(), answer);
        }
        answer
    }
}

/// `did you mean `x`?` for a diagnostic's help line.
pub fn help_did_you_mean<'a>(
    name: &str,
    candidates: impl IntoIterator<Item = &'a str>,
) -> Option<String> {
    did_you_mean(name, candidates).map(|found| format!("did you mean `{found}`?"))
}

/// Case and the kebab/snake spelling never make two names different to a reader.
fn normalize(name: &str) -> String {
    name.to_lowercase().replace('-', "_")
}

/// How many edits a name of this length may be away from a suggestion. Very
/// short names get none: `x` → `y` would be noise.
fn max_distance(len: usize) -> usize {
    match len {
        0..=2 => 0,
        3..=5 => 1,
        6..=8 => 2,
        _ => 3,
    }
}

/// `desc` → `description`, `timezones` → `timezone`; with
/// [`Prefixes::OrLeadingWord`] also `sdk` → `sdk_version`.
fn is_prefix_match(a: &str, b: &str, prefixes: Prefixes) -> bool {
    let (short, long) = if a.len() <= b.len() { (a, b) } else { (b, a) };
    let Some(rest) = long.strip_prefix(short) else {
        return false;
    };
    let len = short.chars().count();
    len >= 4 || (prefixes == Prefixes::OrLeadingWord && len >= 3 && rest.starts_with('_'))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn case_and_dash_differences_always_match() {
        assert_eq!(did_you_mean("Int", ["str", "int"]), Some("int"));
        assert_eq!(
            did_you_mean("overwrite-cache", ["queue", "overwrite_cache"]),
            Some("overwrite_cache")
        );
    }

    #[test]
    fn small_typos_match_and_far_names_do_not() {
        let attrs = ["cron", "timezone", "rate", "description", "active"];
        assert_eq!(did_you_mean("timzone", attrs), Some("timezone"));
        assert_eq!(did_you_mean("crn", attrs), Some("cron"));
        assert_eq!(did_you_mean("nope", attrs), None);
        assert_eq!(did_you_mean("x", ["y", "z"]), None);
    }

    #[test]
    fn prefixes_of_four_or_more_characters_match() {
        assert_eq!(
            did_you_mean("desc", ["active", "description"]),
            Some("description")
        );
        assert_eq!(did_you_mean("act", ["active"]), None);
        assert_eq!(did_you_mean("run", ["run_name"]), None);
    }

    #[test]
    fn leading_words_match_only_when_asked() {
        let keys = ["python", "sdk_version"];
        assert_eq!(did_you_mean("sdk", keys), None);
        assert_eq!(
            did_you_mean_or_leading_word("sdk", keys),
            Some("sdk_version")
        );
        assert_eq!(did_you_mean_or_leading_word("db", ["db_name"]), None);
        assert_eq!(
            did_you_mean_or_leading_word("projet", ["project"]),
            Some("project")
        );
    }

    #[test]
    fn closest_wins_and_ties_go_to_the_first_candidate() {
        assert_eq!(did_you_mean("flot", ["float", "flat"]), Some("float"));
        assert_eq!(did_you_mean("dat", ["date", "data"]), Some("date"));
    }

    #[test]
    fn the_name_itself_is_never_suggested() {
        assert_eq!(did_you_mean("int", ["int"]), None);
    }

    #[test]
    fn the_bound_never_exceeds_the_distance() {
        let names = [
            "timezone",
            "tmiezone",
            "zone",
            "",
            "ab",
            "ba",
            "café",
            "cafe",
            "runtime-000123",
            "runtme-000132",
            "ééé",
            "e",
        ];
        for a in names {
            for b in names {
                let (pa, pb) = (Prepared::new(a), Prepared::new(b));
                let distance = strsim::damerau_levenshtein(&pa.normalized, &pb.normalized);
                assert!(pa.distance_at_least(&pb) <= distance, "{a} / {b}");
            }
        }
    }

    #[test]
    fn the_suggester_answers_as_did_you_mean_does() {
        let names: Vec<String> = (0..300).map(|i| format!("runtime-{i:04}")).collect();
        let mut names: Vec<&str> = names.iter().map(String::as_str).collect();
        names.extend(["Gpu", "gpu-large", "desc", "description", "flat", "float"]);
        let suggester = NameSuggester::new(names.iter().copied());
        for asked in [
            "runtme-0042",
            "runtime-0042",
            "Runtime-0042",
            "runtime_0299",
            "gpu",
            "gpu-larg",
            "descr",
            "flot",
            "zzzz",
            "runtime-9",
            "x",
            "",
        ] {
            let expected = did_you_mean(asked, names.iter().copied());
            assert_eq!(suggester.did_you_mean(asked), expected, "{asked}");
            // Asked again: the remembered answer.
            assert_eq!(suggester.did_you_mean(asked), expected, "{asked}");
        }
    }

    #[test]
    fn help_line_quotes_the_suggestion() {
        assert_eq!(
            help_did_you_mean("strr", ["str"]).as_deref(),
            Some("did you mean `str`?")
        );
        assert_eq!(help_did_you_mean("zzzz", ["str"]), None);
    }
}
