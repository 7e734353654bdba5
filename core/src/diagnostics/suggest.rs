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
    let wanted = normalize(name);
    let mut best: Option<(usize, &'a str)> = None;
    for candidate in candidates {
        if candidate == name {
            // The name exists; whoever asked has a different problem.
            continue;
        }
        let have = normalize(candidate);
        let score = if have == wanted {
            0
        } else {
            let distance = strsim::damerau_levenshtein(&wanted, &have);
            if distance <= max_distance(wanted.chars().count()) {
                distance
            } else if is_prefix_match(&wanted, &have, prefixes) {
                // Worse than any real typo match, better than nothing.
                usize::MAX - 1
            } else {
                continue;
            }
        };
        if best.is_none_or(|(s, _)| score < s) {
            best = Some((score, candidate));
        }
    }
    best.map(|(_, candidate)| candidate)
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
    fn help_line_quotes_the_suggestion() {
        assert_eq!(
            help_did_you_mean("strr", ["str"]).as_deref(),
            Some("did you mean `str`?")
        );
        assert_eq!(help_did_you_mean("zzzz", ["str"]), None);
    }
}
