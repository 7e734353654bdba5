//! `.dockerignore` patterns as the Flyte SDK reads them when it hashes the
//! files an image copies (`flyte._internal.imagebuild.docker.PatternMatcher`,
//! adapted from docker-py): a path is ignored when the last pattern that
//! matches it, or one of its parent folders, is not a `!` exception.
//! Matching is case-insensitive; `.dockerignore` itself is never ignored.

use std::path::Path;

use regex::Regex;

/// One pattern: whether it is an exception (`!…`), its components and
/// its compiled form.
#[derive(Debug)]
struct Pattern {
    exclusion: bool,
    dirs: usize,
    regex: Regex,
}

/// The patterns of one `.dockerignore`.
#[derive(Debug)]
pub struct DockerIgnore {
    patterns: Vec<Pattern>,
}

impl DockerIgnore {
    /// The `.dockerignore` in `folder`, if there is one with patterns (an
    /// unreadable file counts as none, as in the SDK).
    pub fn load(folder: &Path) -> Option<DockerIgnore> {
        let text = std::fs::read_to_string(folder.join(".dockerignore")).ok()?;
        let lines: Vec<&str> = text
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty() && !l.starts_with('#'))
            .collect();
        if lines.is_empty() {
            return None;
        }
        Some(DockerIgnore::new(&lines))
    }

    pub fn new(lines: &[&str]) -> DockerIgnore {
        let mut patterns: Vec<Pattern> = lines.iter().filter_map(|l| Pattern::new(l)).collect();
        patterns.extend(Pattern::new("!.dockerignore"));
        DockerIgnore { patterns }
    }

    /// Whether `relative` (to the folder of the `.dockerignore`,
    /// `/`-separated) is ignored.
    pub fn matches(&self, relative: &str) -> bool {
        let parent: Vec<&str> = match relative.rsplit_once('/') {
            Some((parent, _)) => split(parent),
            None => Vec::new(),
        };
        let mut matched = false;
        for pattern in &self.patterns {
            let mut hit = pattern.is_match(relative);
            if !hit && !parent.is_empty() && pattern.dirs <= parent.len() {
                hit = pattern.is_match(&parent[..pattern.dirs].join("/"));
            }
            if hit {
                matched = !pattern.exclusion;
            }
        }
        matched
    }
}

impl Pattern {
    /// `None` for a pattern with no components (such as `/`).
    fn new(text: &str) -> Option<Pattern> {
        let (exclusion, body) = match text.strip_prefix('!') {
            Some(rest) => (true, rest),
            None => (false, text),
        };
        let dirs = normalize(body.trim());
        if dirs.is_empty() {
            return None;
        }
        let cleaned = dirs.join("/").to_lowercase();
        // A translation is always a valid expression; should one not be,
        // the pattern matches nothing rather than failing the build.
        let regex = Regex::new(&translate(&cleaned)).unwrap_or_else(|_| never());
        Some(Pattern {
            exclusion,
            dirs: dirs.len(),
            regex,
        })
    }

    fn is_match(&self, path: &str) -> bool {
        self.regex.is_match(&path.to_lowercase())
    }
}

/// A regex matching nothing.
fn never() -> Regex {
    Regex::new(r"[^\s\S]").unwrap_or_else(|_| unreachable!("a constant expression"))
}

/// The non-empty components other than `.`.
fn split(path: &str) -> Vec<&str> {
    path.split('/')
        .filter(|p| !p.is_empty() && *p != ".")
        .collect()
}

/// The components with each `..` removing itself and the one before.
fn normalize(pattern: &str) -> Vec<&str> {
    let mut out: Vec<&str> = Vec::new();
    for part in split(pattern) {
        if part == ".." {
            out.pop();
        } else {
            out.push(part);
        }
    }
    out
}

/// docker-py's `fnmatch._translate`: `**` crosses folders, `*` and `?` do
/// not, `[…]` is a class (`!` negates it); anchored at both ends.
fn translate(pattern: &str) -> String {
    let chars: Vec<char> = pattern.chars().collect();
    let n = chars.len();
    let mut out = String::from("^");
    let mut i = 0;
    while i < n {
        let c = chars[i];
        i += 1;
        match c {
            '*' if i < n && chars[i] == '*' => {
                i += 1;
                if i < n && chars[i] == '/' {
                    i += 1;
                }
                out.push_str(if i >= n { ".*" } else { "(.*/)?" });
            }
            '*' => out.push_str("[^/]*"),
            '?' => out.push_str("[^/]"),
            '[' => {
                let mut j = i;
                if j < n && chars[j] == '!' {
                    j += 1;
                }
                if j < n && chars[j] == ']' {
                    j += 1;
                }
                while j < n && chars[j] != ']' {
                    j += 1;
                }
                if j >= n {
                    out.push_str("\\[");
                } else {
                    let stuff: String =
                        chars[i..j].iter().collect::<String>().replace('\\', "\\\\");
                    i = j + 1;
                    let stuff = match stuff.strip_prefix('!') {
                        Some(rest) => format!("^{rest}"),
                        None if stuff.starts_with('^') => format!("\\{stuff}"),
                        None => stuff,
                    };
                    out.push_str(&format!("[{stuff}]"));
                }
            }
            c => out.push_str(&regex::escape(&c.to_string())),
        }
    }
    out.push('$');
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn patterns_match_as_docker_py_does() {
        let ignore =
            DockerIgnore::new(&["*.pyc", "build", "docs/**/*.md", "!docs/keep.md", "?.tmp"]);
        for (path, ignored) in [
            ("a.pyc", true),
            ("sub/a.pyc", false),
            ("build/x/y.txt", true),
            ("docs/a/b.md", true),
            ("docs/keep.md", false),
            ("docs/other.md", true),
            ("x.tmp", true),
            ("xy.tmp", false),
            ("A.PYC", true),
            (".dockerignore", false),
        ] {
            assert_eq!(ignore.matches(path), ignored, "{path}");
        }
    }

    #[test]
    fn classes_and_dot_dot_are_read_as_docker_py_does() {
        let ignore = DockerIgnore::new(&["[!a]*.log", "x/../y", "[unclosed"]);
        assert!(ignore.matches("b.log"));
        assert!(!ignore.matches("a.log"));
        assert!(ignore.matches("y"));
        assert!(ignore.matches("[unclosed"));
    }
}
