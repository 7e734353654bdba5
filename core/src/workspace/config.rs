//! `taskc.toml`: the workspace configuration (LANGUAGE.md §5).
//!
//! The file is parsed with `toml` into a spanned document, then every known
//! key is deserialized on its own with serde. Doing it key by key (instead of
//! one derived struct) means one run reports *every* problem in the file, each
//! with a span on the offending key or value, and an unknown key gets a
//! did-you-mean instead of stopping the whole parse.

use serde::Deserialize;
use toml::Spanned;
use toml::de::{DeTable, DeValue, ValueDeserializer};

use crate::diagnostics::Code;
use crate::diagnostics::suggest::did_you_mean_or_leading_word;
use crate::diagnostics::{Diagnostic, sort_diagnostics};
use crate::source::{FileId, FileSpan, Span};

/// The file name that marks a workspace root.
pub const CONFIG_FILE_NAME: &str = "taskc.toml";

/// The resolved configuration of a workspace: what `taskc.toml` says, with
/// defaults for everything it leaves out.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Config {
    /// `taskc.toml` in the [`SourceDb`](crate::source::SourceDb), when the
    /// workspace has one; spans in [`LintSetting`] point into it.
    pub source: Option<FileId>,
    pub flyte: FlyteConfig,
    pub build: BuildConfig,
    /// `[python]`.
    pub python: PythonConfig,
    /// `[lint]`: per-rule levels, in file order.
    pub lint: Vec<LintSetting>,
    /// The folder holding `taskc.toml` (absolute), set by whoever loads
    /// the workspace from disk: the files an image recipe names are read
    /// relative to it. `None` for a workspace given as text.
    pub root: Option<std::path::PathBuf>,
}

/// `[flyte]`: what a deploy needs to know about the Flyte side.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FlyteConfig {
    pub project: Option<String>,
    pub domain: Option<String>,
    pub org: Option<String>,
    /// Task version: [`CONTENT_VERSION`] (a hash of the resolved specs) or a
    /// fixed string.
    pub version: String,
    /// Flyte SDK version whose behaviour is reproduced (also used by
    /// `image = auto`).
    pub sdk_version: String,
    /// Python version of `image = auto`.
    pub python: String,
    /// URI of the code bundle (`--tgz`); none means no bundle.
    pub code_bundle: Option<String>,
    /// Where the bundle is unpacked in the container (`--dest`).
    pub code_bundle_dest: String,
    /// The bundle version as written; see [`Config::code_bundle_version`].
    pub code_bundle_version: Option<String>,
    /// Module of templates that name none.
    pub default_module: Option<String>,
    /// Paths for the `_F_SYS_PATH` env var, as `flyte deploy` sets them.
    pub sys_paths: Vec<String>,
}

/// `[build]`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BuildConfig {
    /// Where `taskc build` writes, relative to the workspace root.
    pub out_dir: String,
    /// Where `out_dir` is written in `taskc.toml`, when it is: a value
    /// leading outside the workspace is reported there.
    pub out_dir_span: Option<Span>,
}

/// `[python]`: the generated Python bindings.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct PythonConfig {
    /// `bindings = "pipelines/flyte_tasks.py"`: where `taskc build` writes
    /// the bindings module, relative to the workspace root, and where the
    /// value is written in `taskc.toml`.
    pub bindings: Option<(String, Span)>,
    /// `roots = ["src"]`: folders (relative to the workspace root) that
    /// Python module names are resolved under; empty means the workspace
    /// root itself.
    pub roots: Vec<(String, Span)>,
    /// The Python modules of function templates found under the roots,
    /// filled in by workspace loading (not written in `taskc.toml`).
    pub modules: Vec<super::python::PythonModule>,
}

/// One `rule = "level"` line of `[lint]`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LintSetting {
    /// The rule as written: a lint name (`override-no-effect`) or code.
    pub rule: String,
    /// One of [`LINT_LEVEL_WORDS`]; the lint layer turns it into a level.
    pub level: String,
    /// The key in `taskc.toml`, for reporting a rule that does not exist.
    pub span: Span,
}

/// The words `[lint]` accepts as a level. The workspace sits below the lint
/// layer, so it checks the word and keeps it; `lint::LintLevel` reads it.
pub const LINT_LEVEL_WORDS: &[&str] = &["allow", "warn", "deny"];

/// `version = "content"`: derive the version from the resolved specs.
pub const CONTENT_VERSION: &str = "content";
pub const DEFAULT_SDK_VERSION: &str = "2.12.1";
pub const DEFAULT_PYTHON: &str = "3.11";
pub const DEFAULT_OUT_DIR: &str = "build";
/// `flyte deploy` unpacks the bundle into the working directory.
pub const DEFAULT_CODE_BUNDLE_DEST: &str = ".";

impl Default for FlyteConfig {
    fn default() -> Self {
        FlyteConfig {
            project: None,
            domain: None,
            org: None,
            version: CONTENT_VERSION.to_string(),
            sdk_version: DEFAULT_SDK_VERSION.to_string(),
            python: DEFAULT_PYTHON.to_string(),
            code_bundle: None,
            code_bundle_dest: DEFAULT_CODE_BUNDLE_DEST.to_string(),
            code_bundle_version: None,
            default_module: None,
            sys_paths: Vec::new(),
        }
    }
}

impl Default for BuildConfig {
    fn default() -> Self {
        BuildConfig {
            out_dir: DEFAULT_OUT_DIR.to_string(),
            out_dir_span: None,
        }
    }
}

impl Config {
    /// Whether the task version is derived from content.
    pub fn uses_content_version(&self) -> bool {
        self.flyte.version == CONTENT_VERSION
    }

    /// The code bundle's version (the SDK's `computed_version`): as written,
    /// else the bundle's file name without `.tgz` / `.tar.gz`
    /// (`s3://b/code/fixedbundle.tgz` → `fixedbundle`). `None` without a
    /// bundle.
    pub fn code_bundle_version(&self) -> Option<String> {
        let bundle = self.flyte.code_bundle.as_deref()?;
        if let Some(version) = &self.flyte.code_bundle_version {
            return Some(version.clone());
        }
        let file_name = bundle.rsplit('/').next().unwrap_or(bundle);
        let stem = file_name
            .strip_suffix(".tar.gz")
            .or_else(|| file_name.strip_suffix(".tgz"))
            .unwrap_or(file_name);
        Some(stem.to_string())
    }

    /// The level `taskc.toml` sets for `rule`, if any (the last line wins).
    pub fn lint_level(&self, rule: &str) -> Option<&str> {
        self.lint
            .iter()
            .rev()
            .find(|setting| setting.rule.eq_ignore_ascii_case(rule))
            .map(|setting| setting.level.as_str())
    }
}

/// Diagnostic codes of this module (registered in `diagnostics/codes.rs`).
const SYNTAX: Code = Code::E0910;
const UNKNOWN_KEY: Code = Code::E0911;
const BAD_VALUE: Code = Code::E0912;

/// What a key accepts, shown as the help line when its value is wrong.
struct KeyInfo {
    name: &'static str,
    help: &'static str,
}

const SECTIONS: &[KeyInfo] = &[
    KeyInfo {
        name: "flyte",
        help: "`[flyte]` is a table of settings, e.g. `[flyte]` followed by `project = \"acme\"`",
    },
    KeyInfo {
        name: "build",
        help: "`[build]` is a table, e.g. `[build]` followed by `out_dir = \"build\"`",
    },
    KeyInfo {
        name: "lint",
        help: "`[lint]` is a table of rule = level, e.g. `override-no-effect = \"deny\"`",
    },
    KeyInfo {
        name: "python",
        help: "`[python]` is a table, e.g. `[python]` followed by `bindings = \"pipelines/flyte_tasks.py\"`",
    },
];

const FLYTE_KEYS: &[KeyInfo] = &[
    KeyInfo {
        name: "project",
        help: "the Flyte project as a string, e.g. `project = \"acme\"`",
    },
    KeyInfo {
        name: "domain",
        help: "the Flyte domain as a string, e.g. `domain = \"development\"`",
    },
    KeyInfo {
        name: "org",
        help: "the Flyte organisation as a string, e.g. `org = \"acme\"`",
    },
    KeyInfo {
        name: "version",
        help: "`version = \"content\"` (a hash of the resolved specs) or a fixed string such as `\"v1\"`",
    },
    KeyInfo {
        name: "sdk_version",
        help: "the Flyte SDK version as a string, e.g. `sdk_version = \"2.12.1\"`",
    },
    KeyInfo {
        name: "python",
        help: "the Python version as a quoted string, e.g. `python = \"3.11\"`",
    },
    KeyInfo {
        name: "code_bundle",
        help: "the code bundle URI as a string, e.g. `code_bundle = \"s3://bucket/code/bundle.tgz\"`",
    },
    KeyInfo {
        name: "code_bundle_dest",
        help: "the folder the bundle is unpacked into, as a string, e.g. `code_bundle_dest = \".\"`",
    },
    KeyInfo {
        name: "code_bundle_version",
        help: "the bundle's version as a string, e.g. `code_bundle_version = \"recsys\"`",
    },
    KeyInfo {
        name: "default_module",
        help: "a dotted Python module as a string, e.g. `default_module = \"tasks\"`",
    },
    KeyInfo {
        name: "sys_paths",
        help: "a list of paths, e.g. `sys_paths = [\".\"]`",
    },
];

const BUILD_KEYS: &[KeyInfo] = &[KeyInfo {
    name: "out_dir",
    help: "a folder relative to the workspace root, e.g. `out_dir = \"build\"`",
}];

const PYTHON_KEYS: &[KeyInfo] = &[
    KeyInfo {
        name: "bindings",
        help: "a `.py` file relative to the workspace root, e.g. `bindings = \"pipelines/flyte_tasks.py\"`",
    },
    KeyInfo {
        name: "roots",
        help: "a list of folders relative to the workspace root, e.g. `roots = [\"src\"]`",
    },
];

const LINT_LEVEL_HELP: &str = "a lint level is one of \"allow\", \"warn\" or \"deny\"";

/// Parse the text of `taskc.toml` (already added to the database as
/// `file`). Never fails: problems are diagnostics, and a key that could not
/// be read keeps its default.
pub fn parse_config(file: FileId, text: &str) -> (Config, Vec<Diagnostic>) {
    let mut reader = ConfigReader {
        file,
        config: Config {
            source: Some(file),
            ..Config::default()
        },
        diagnostics: Vec::new(),
    };
    let (document, errors) = DeTable::parse_recoverable(text);
    if !errors.is_empty() {
        for error in errors {
            let span = error.span().unwrap_or(0..0);
            reader.diagnostics.push(
                Diagnostic::error(
                    SYNTAX,
                    reader.at(span),
                    format!(
                        "taskc.toml is not valid TOML: {}",
                        first_line(error.message())
                    ),
                )
                .with_help(
                    "until this is fixed, the rest of taskc.toml is ignored and defaults apply",
                ),
            );
        }
        // A half-parsed document would give misleading follow-up errors.
        return (reader.config, reader.diagnostics);
    }
    reader.read_document(document.get_ref());
    sort_diagnostics(&mut reader.diagnostics);
    (reader.config, reader.diagnostics)
}

struct ConfigReader {
    file: FileId,
    config: Config,
    diagnostics: Vec<Diagnostic>,
}

impl ConfigReader {
    fn at(&self, range: std::ops::Range<usize>) -> FileSpan {
        FileSpan::new(self.file, Span::new(range.start, range.end))
    }

    fn read_document(&mut self, document: &DeTable<'_>) {
        for (key, value) in document {
            match key.get_ref().as_ref() {
                "flyte" => {
                    if let Some(table) = self.section(key, value) {
                        self.read_flyte(table);
                    }
                }
                "build" => {
                    if let Some(table) = self.section(key, value) {
                        self.read_build(table);
                    }
                }
                "lint" => {
                    if let Some(table) = self.section(key, value) {
                        self.read_lint(table);
                    }
                }
                "python" => {
                    if let Some(table) = self.section(key, value) {
                        self.read_python(table);
                    }
                }
                _ => self.unknown_key(key, "", SECTIONS),
            }
        }
    }

    /// The table under a top-level key, or a diagnostic if it is not one.
    fn section<'v, 'i>(
        &mut self,
        key: &Spanned<std::borrow::Cow<'i, str>>,
        value: &'v Spanned<DeValue<'i>>,
    ) -> Option<&'v DeTable<'i>> {
        if let DeValue::Table(table) = value.get_ref() {
            return Some(table);
        }
        let name = key.get_ref();
        let help = SECTIONS
            .iter()
            .find(|info| info.name == name.as_ref())
            .map_or("", |info| info.help);
        self.diagnostics.push(
            Diagnostic::error(
                BAD_VALUE,
                self.at(value.span()),
                format!(
                    "`{name}` must be a table, found {}",
                    value.get_ref().type_str()
                ),
            )
            .with_primary_label("expected a table")
            .with_help(help),
        );
        None
    }

    fn read_flyte(&mut self, table: &DeTable<'_>) {
        let mut has_bundle = false;
        // Keys that only make sense with `code_bundle`, where written.
        let mut bundle_only = Vec::new();
        for (key, value) in table {
            let name = key.get_ref().as_ref();
            let path = format!("flyte.{name}");
            let keys = FLYTE_KEYS;
            match name {
                "project" => self.config.flyte.project = self.value(&path, value, keys),
                "domain" => self.config.flyte.domain = self.value(&path, value, keys),
                "org" => self.config.flyte.org = self.value(&path, value, keys),
                "version" => {
                    if let Some(v) = self.non_empty(&path, value, keys) {
                        self.config.flyte.version = v;
                    }
                }
                "sdk_version" => {
                    if let Some(v) = self.non_empty(&path, value, keys) {
                        self.config.flyte.sdk_version = v;
                    }
                }
                "python" => {
                    if let Some(v) = self.python(value) {
                        self.config.flyte.python = v;
                    }
                }
                "code_bundle" => {
                    has_bundle = true;
                    self.config.flyte.code_bundle = self.non_empty(&path, value, keys);
                }
                "code_bundle_dest" => {
                    bundle_only.push((name, key.span()));
                    if let Some(v) = self.non_empty(&path, value, keys) {
                        self.config.flyte.code_bundle_dest = v;
                    }
                }
                "code_bundle_version" => {
                    bundle_only.push((name, key.span()));
                    self.config.flyte.code_bundle_version = self.non_empty(&path, value, keys);
                }
                "default_module" => {
                    self.config.flyte.default_module = self.non_empty(&path, value, keys);
                }
                "sys_paths" => {
                    if let Some(v) = self.value(&path, value, keys) {
                        self.config.flyte.sys_paths = v;
                    }
                }
                _ => self.unknown_key(key, "flyte", keys),
            }
        }
        if !has_bundle {
            for (name, span) in bundle_only {
                self.diagnostics.push(
                    Diagnostic::error(
                        BAD_VALUE,
                        self.at(span),
                        format!("`flyte.{name}` is set but there is no `code_bundle`"),
                    )
                    .with_primary_label("only used with a code bundle")
                    .with_help(format!(
                        "add `code_bundle = \"s3://…/bundle.tgz\"` or remove `{name}`"
                    )),
                );
            }
        }
    }

    fn read_build(&mut self, table: &DeTable<'_>) {
        for (key, value) in table {
            match key.get_ref().as_ref() {
                "out_dir" => {
                    if let Some(v) = self.non_empty("build.out_dir", value, BUILD_KEYS) {
                        let span = value.span();
                        self.config.build.out_dir = v;
                        self.config.build.out_dir_span = Some(Span::new(span.start, span.end));
                    }
                }
                _ => self.unknown_key(key, "build", BUILD_KEYS),
            }
        }
    }

    /// `[lint]` keys are rule names or codes; which rules exist is the lint
    /// registry's business, so only the levels are checked here.
    fn read_lint(&mut self, table: &DeTable<'_>) {
        for (key, value) in table {
            let rule = key.get_ref().as_ref();
            let level = deserialize::<String>(value)
                .and_then(|word| {
                    if LINT_LEVEL_WORDS.contains(&word.as_str()) {
                        Ok(word)
                    } else {
                        Err(<toml::de::Error as serde::de::Error>::unknown_variant(
                            &word,
                            LINT_LEVEL_WORDS,
                        ))
                    }
                })
                .map_err(|error| {
                    let message = format!("`lint.{rule}`: {}", describe(&error));
                    (error, message)
                });
            match level {
                Ok(level) => self.config.lint.push(LintSetting {
                    rule: rule.to_string(),
                    level,
                    span: Span::new(key.span().start, key.span().end),
                }),
                Err((error, message)) => {
                    let span = error.span().unwrap_or_else(|| value.span());
                    self.diagnostics.push(
                        Diagnostic::error(BAD_VALUE, self.at(span), message)
                            .with_primary_label("not a lint level")
                            .with_help(LINT_LEVEL_HELP),
                    );
                }
            }
        }
        // The parsed table is ordered by key; keep the file's order.
        self.config.lint.sort_by_key(|setting| setting.span.start);
    }

    /// Deserialize one value with serde; on failure report it and keep the
    /// default.
    fn value<T: for<'de> Deserialize<'de>>(
        &mut self,
        path: &str,
        value: &Spanned<DeValue<'_>>,
        keys: &[KeyInfo],
    ) -> Option<T> {
        match deserialize::<T>(value) {
            Ok(v) => Some(v),
            Err(error) => {
                let span = error.span().unwrap_or_else(|| value.span());
                self.bad_value(path, span, &format!("`{path}`: {}", describe(&error)), keys);
                None
            }
        }
    }

    /// A string that must not be empty (an empty one is never meant).
    fn read_python(&mut self, table: &DeTable<'_>) {
        for (key, value) in table {
            match key.get_ref().as_ref() {
                "bindings" => {
                    if let Some(v) = self.non_empty("python.bindings", value, PYTHON_KEYS) {
                        let span = value.span();
                        self.config.python.bindings = Some((v, Span::new(span.start, span.end)));
                    }
                }
                "roots" => {
                    let roots: Option<Vec<Spanned<String>>> =
                        self.value("python.roots", value, PYTHON_KEYS);
                    self.config.python.roots = roots
                        .unwrap_or_default()
                        .into_iter()
                        .map(|root| {
                            let span = root.span();
                            (root.into_inner(), Span::new(span.start, span.end))
                        })
                        .collect();
                }
                _ => self.unknown_key(key, "python", PYTHON_KEYS),
            }
        }
    }

    fn non_empty(
        &mut self,
        path: &str,
        value: &Spanned<DeValue<'_>>,
        keys: &[KeyInfo],
    ) -> Option<String> {
        let text: String = self.value(path, value, keys)?;
        if text.trim().is_empty() {
            self.bad_value(
                path,
                value.span(),
                &format!("`{path}` must not be empty"),
                keys,
            );
            return None;
        }
        Some(text)
    }

    /// `python = "3.11"`: a `major.minor` version, written as a string.
    fn python(&mut self, value: &Spanned<DeValue<'_>>) -> Option<String> {
        let text: String = self.value("flyte.python", value, FLYTE_KEYS)?;
        let is_version = text.split_once('.').is_some_and(|(major, minor)| {
            [major, minor]
                .iter()
                .all(|part| !part.is_empty() && part.bytes().all(|b| b.is_ascii_digit()))
        });
        if !is_version {
            self.bad_value(
                "flyte.python",
                value.span(),
                &format!("`flyte.python`: `{text}` is not a `major.minor` Python version"),
                FLYTE_KEYS,
            );
            return None;
        }
        Some(text)
    }

    fn bad_value(
        &mut self,
        path: &str,
        span: std::ops::Range<usize>,
        message: &str,
        keys: &[KeyInfo],
    ) {
        let key = path.rsplit('.').next().unwrap_or(path);
        let help = keys
            .iter()
            .find(|info| info.name == key)
            .map_or("", |info| info.help);
        let mut diagnostic = Diagnostic::error(BAD_VALUE, self.at(span), message)
            .with_primary_label("invalid value");
        if !help.is_empty() {
            diagnostic = diagnostic.with_help(format!("expected {help}"));
        }
        self.diagnostics.push(diagnostic);
    }

    fn unknown_key(
        &mut self,
        key: &Spanned<std::borrow::Cow<'_, str>>,
        section: &str,
        known: &[KeyInfo],
    ) {
        let name = key.get_ref().as_ref();
        let (message, place) = if section.is_empty() {
            (
                format!("unknown section `{name}` in taskc.toml"),
                "taskc.toml".to_string(),
            )
        } else {
            (
                format!("unknown key `{name}` in `[{section}]`"),
                format!("`[{section}]`"),
            )
        };
        let names: Vec<&str> = known.iter().map(|info| info.name).collect();
        let help = match did_you_mean_or_leading_word(name, names.iter().copied()) {
            Some(suggestion) => format!("did you mean `{suggestion}`?"),
            None => format!("{place} accepts: {}", names.join(", ")),
        };
        self.diagnostics.push(
            Diagnostic::error(UNKNOWN_KEY, self.at(key.span()), message)
                .with_primary_label("unknown key")
                .with_help(help),
        );
    }
}

fn deserialize<T: for<'de> Deserialize<'de>>(
    value: &Spanned<DeValue<'_>>,
) -> Result<T, toml::de::Error> {
    let mut owned = value.get_ref().clone();
    owned.make_owned();
    T::deserialize(ValueDeserializer::from(Spanned::new(value.span(), owned)))
}

/// serde's message ("invalid type: integer `3`, expected a string"), on one
/// line, without the snippet toml adds when it knows the input.
fn describe(error: &toml::de::Error) -> String {
    first_line(error.message()).to_string()
}

fn first_line(message: &str) -> &str {
    message.lines().next().unwrap_or(message).trim()
}

#[cfg(test)]
#[path = "config_tests.rs"]
mod tests;
