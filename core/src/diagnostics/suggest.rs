//! "Did you mean …?" for unknown names: attributes, types, enum members,
//! record fields, inputs, time zones, declaration keywords, `taskc.toml` keys,
//! lint rules. Every stage asks this one policy so suggestions agree.
//!
//! A suggestion is only worth showing when it is almost certainly what was
//! meant, so the rules are conservative: names that differ only in case or in
//! `-` versus `_` always match; otherwise the edit distance (typos and
//! swapped neighbours: the optimal string alignment distance) must be small
//! for the name's length, or one name must be a prefix of the other.

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
    candidates: impl IntoIterator<Item = Prepared<'a>>,
    prefixes: Prefixes,
) -> Option<&'a str> {
    let limit = max_distance(wanted.chars);
    let mut best: Option<(usize, &'a str)> = None;
    for candidate in candidates {
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
            let distance = if wanted.distance_at_least(&candidate) <= limit {
                strsim::osa_distance(&wanted.normalized, have)
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
/// one. Safe to share between threads; the answer for a name does not
/// depend on what was asked before.
///
/// Comparing an unknown name with every name costs the number of names per
/// error, quadratic when both are in the thousands. Instead the names are
/// sorted by their normalized spelling, and one walk over them computes the
/// edit distance a row per character, sharing the rows of a common prefix
/// (the walk of a trie) and skipping every name that starts with a prefix
/// already too far from the unknown name: only the names that may be close
/// cost anything. Each answer is also remembered: a renamed env leaves
/// thousands of references to the same old name.
pub struct NameSuggester<'a> {
    /// Every name with its position (ties go to the earliest), sorted by
    /// its normalized characters.
    sorted: Vec<SortedName<'a>>,
    answers: std::sync::Mutex<std::collections::HashMap<String, Option<&'a str>>>,
}

struct SortedName<'a> {
    raw: &'a str,
    index: usize,
    chars: Vec<char>,
}

impl<'a> NameSuggester<'a> {
    /// Ties go to the earliest name, as with [`did_you_mean`].
    pub fn new(names: impl IntoIterator<Item = &'a str>) -> Self {
        let mut sorted: Vec<SortedName<'a>> = names
            .into_iter()
            .enumerate()
            .map(|(index, raw)| SortedName {
                raw,
                index,
                chars: normalize(raw).chars().collect(),
            })
            .collect();
        sorted.sort_by(|a, b| a.chars.cmp(&b.chars).then(a.index.cmp(&b.index)));
        NameSuggester {
            sorted,
            answers: Default::default(),
        }
    }

    pub fn is_empty(&self) -> bool {
        self.sorted.is_empty()
    }

    /// The same answer as [`did_you_mean`] over the names.
    pub fn did_you_mean(&self, name: &str) -> Option<&'a str> {
        if let Some(answer) = self.answers.lock().ok().and_then(|a| a.get(name).copied()) {
            return answer;
        }
        let answer = self.search(name);
        if let Ok(mut answers) = self.answers.lock() {
            answers.insert(name.to_string(), answer);
        }
        answer
    }

    fn search(&self, name: &str) -> Option<&'a str> {
        let wanted: Vec<char> = normalize(name).chars().collect();
        let limit = max_distance(wanted.len());
        // (score, position) of the best name so far: the lowest score, then
        // the earliest name, as `closest` picks.
        let mut best: Option<(usize, usize, &'a str)> = None;
        let consider =
            |best: &mut Option<(usize, usize, &'a str)>, score, entry: &SortedName<'a>| {
                if entry.raw != name && best.is_none_or(|(s, i, _)| (score, entry.index) < (s, i)) {
                    *best = Some((score, entry.index, entry.raw));
                }
            };

        // `rows` holds one row of the edit-distance table per character of
        // `path`, the prefix shared with the previous name, after the row
        // of the empty prefix; each row has `width` cells.
        let width = wanted.len() + 1;
        let mut rows: Vec<usize> = (0..width).collect();
        let mut path: Vec<char> = Vec::new();
        let mut at = 0;
        while let Some(entry) = self.sorted.get(at) {
            let common = path
                .iter()
                .zip(&entry.chars)
                .take_while(|(a, b)| a == b)
                .count();
            path.truncate(common);
            rows.truncate((common + 1) * width);
            let mut too_far = false;
            for &c in &entry.chars[common..] {
                path.push(c);
                let depth = path.len();
                let row_min = push_row(&mut rows, &wanted, &path, depth, c);
                // A row's minimum never drops by more than one per row, and a
                // transposition reaches back only one row further: once a
                // row is past the limit, every longer name is too.
                if row_min > limit {
                    too_far = true;
                    break;
                }
            }
            if too_far {
                let prefix = path.as_slice();
                at += self.sorted[at..].partition_point(|e| e.chars.starts_with(prefix));
                continue;
            }
            let distance = rows[entry.chars.len() * width + wanted.len()];
            if distance <= limit {
                consider(&mut best, distance, entry);
            }
            at += 1;
        }
        if let Some((_, _, raw)) = best {
            return Some(raw);
        }

        // No name is close enough: a prefix match, the earliest one. Names
        // that start with the wanted one sit together in the sorted list;
        // names it starts with are looked up one prefix length at a time.
        if wanted.len() >= 4 {
            let from = self.sorted.partition_point(|e| e.chars < wanted);
            let count = self.sorted[from..].partition_point(|e| e.chars.starts_with(&wanted));
            for entry in &self.sorted[from..from + count] {
                consider(&mut best, usize::MAX - 1, entry);
            }
        }
        for len in 4..wanted.len() {
            let prefix = &wanted[..len];
            let from = self.sorted.partition_point(|e| e.chars.as_slice() < prefix);
            for entry in self.sorted[from..].iter().take_while(|e| e.chars == prefix) {
                consider(&mut best, usize::MAX - 1, entry);
            }
        }
        best.map(|(_, _, raw)| raw)
    }
}

/// Append the row of `path` (ending in `c`, `depth` characters) to `rows`:
/// the optimal-string-alignment distance from each prefix of `wanted`, as
/// `strsim::osa_distance` computes it. Returns the row's minimum.
fn push_row(rows: &mut Vec<usize>, wanted: &[char], path: &[char], depth: usize, c: char) -> usize {
    let width = wanted.len() + 1;
    let above = (depth - 1) * width;
    rows.push(depth);
    let mut row_min = depth;
    for j in 1..width {
        let cost = usize::from(wanted[j - 1] != c);
        let mut cell = (rows[above + j] + 1)
            .min(rows[above + width + j - 1] + 1)
            .min(rows[above + j - 1] + cost);
        if depth > 1
            && j > 1
            && wanted[j - 1] != c
            && wanted[j - 1] == path[depth - 2]
            && wanted[j - 2] == c
        {
            cell = cell.min(rows[above - width + j - 2] + 1);
        }
        rows.push(cell);
        row_min = row_min.min(cell);
    }
    row_min
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
                let distance = strsim::osa_distance(&pa.normalized, &pb.normalized);
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

    proptest::proptest! {
        /// The walk over sorted names finds what the plain scan finds:
        /// short names from a small alphabet, so that many are close, equal
        /// but for case or `-`, prefixes of each other or swapped around.
        #[test]
        fn the_suggester_agrees_with_the_plain_scan(
            names in proptest::collection::vec("[abAB_-]{0,7}", 0..40),
            asked in proptest::collection::vec("[abcAB_-]{0,8}", 1..10),
        ) {
            let names: Vec<&str> = names.iter().map(String::as_str).collect();
            let suggester = NameSuggester::new(names.iter().copied());
            for asked in &asked {
                let expected = did_you_mean(asked, names.iter().copied());
                proptest::prop_assert_eq!(suggester.did_you_mean(asked), expected, "{}", asked);
            }
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
