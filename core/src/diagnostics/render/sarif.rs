//! The SARIF renderer: one SARIF 2.1.0 log per run, for code-scanning
//! services (GitHub code scanning, Azure DevOps, IDE SARIF viewers).
//!
//! Every registered code (errors and lints alike live in
//! [`registry`](crate::diagnostics::registry)) becomes a rule of
//! `tool.driver.rules`, so a viewer can show a code's title and explanation
//! next to each result; lint rules also carry their name, Markdown
//! documentation and default level, which the caller passes in as
//! [`SarifLintRule`]s (the lint layer sits above diagnostics; see
//! `lint::docs::sarif_rules`). Artifact URIs are
//! relative to the workspace root and name it through the `%SRCROOT%` base
//! id, which is what code-scanning services expect when they map results
//! onto a repository.
//!
//! Columns count Unicode code points (`run.columnKind`), the same columns
//! the terminal and JSON renderers print; `endColumn` is exclusive, as in
//! SARIF. Help lines carry no fix, so they go in `result.properties.help`.

use std::path::{Component, Path, PathBuf};

use serde_json::{Map, Value, json};

use super::clamp_span;
use crate::diagnostics::{CodeInfo, Diagnostic, Label, Severity, registry};
use crate::source::SourceDb;

/// The SARIF version written in every log.
pub const SARIF_VERSION: &str = "2.1.0";

/// The `$schema` of every log: the OASIS SARIF 2.1.0 schema (errata 01).
pub const SARIF_SCHEMA_URI: &str =
    "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json";

/// The `uriBaseId` that relative artifact URIs are resolved against: the
/// workspace root.
pub const ROOT_BASE_ID: &str = "%SRCROOT%";

/// Where the files of the [`SourceDb`] live on disk. Both paths are
/// absolute; rendering never touches the file system.
#[derive(Debug, Clone, Copy, Default)]
pub struct SarifOptions<'a> {
    /// The workspace root: URIs of files below it are relative to it. When
    /// `None`, file paths are written as they are in the [`SourceDb`].
    pub root: Option<&'a Path>,
    /// The folder the [`SourceDb`]'s relative paths are relative to (the
    /// current folder when the workspace was loaded).
    pub base: Option<&'a Path>,
    /// What the log says about each lint rule beyond its registered code.
    pub lint_rules: &'a [SarifLintRule],
}

/// A lint rule as SARIF describes it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SarifLintRule {
    pub code: &'static str,
    /// The kebab-case name (`override-no-effect`).
    pub name: &'static str,
    /// One line: what the rule reports.
    pub summary: &'static str,
    /// The rule's documentation, as Markdown.
    pub docs_markdown: String,
    pub default_level: SarifDefaultLevel,
}

/// A rule's `defaultConfiguration`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SarifDefaultLevel {
    /// Off unless configured (`allow`).
    Disabled,
    Warning,
    Error,
}

impl SarifDefaultLevel {
    fn configuration(self) -> Value {
        match self {
            SarifDefaultLevel::Disabled => json!({ "enabled": false }),
            SarifDefaultLevel::Warning => json!({ "level": "warning" }),
            SarifDefaultLevel::Error => json!({ "level": "error" }),
        }
    }
}

/// The tool as SARIF names it. The version is the compiler library's, which
/// the whole cargo workspace shares.
fn driver(rules: Vec<Value>) -> Value {
    let mut driver = Map::new();
    driver.insert("name".into(), json!("taskc"));
    driver.insert("version".into(), json!(env!("CARGO_PKG_VERSION")));
    driver.insert("semanticVersion".into(), json!(env!("CARGO_PKG_VERSION")));
    // Set from the package's `homepage` (or `repository`) key once the
    // project publishes one; an empty URI would not be valid SARIF.
    let information_uri = [env!("CARGO_PKG_HOMEPAGE"), env!("CARGO_PKG_REPOSITORY")]
        .into_iter()
        .find(|uri| !uri.is_empty());
    if let Some(uri) = information_uri {
        driver.insert("informationUri".into(), json!(uri));
    }
    driver.insert("rules".into(), Value::Array(rules));
    Value::Object(driver)
}

/// A rule of `tool.driver.rules`: a registered code, with the lint
/// registry's entry for lint codes.
struct RuleSource<'a> {
    code: &'static str,
    title: &'static str,
    explanation: &'static str,
    lint: Option<&'a SarifLintRule>,
}

/// Every registered code in code order, then any lint rule the code
/// registry does not list (it should list every one; a rule must not go
/// missing from the log because of that).
fn rule_sources(lint_rules: &[SarifLintRule]) -> Vec<RuleSource<'_>> {
    let mut sources: Vec<RuleSource> = registry()
        .iter()
        .map(|info: &CodeInfo| RuleSource {
            code: info.code.as_str(),
            title: info.title,
            explanation: info.explanation,
            lint: lint_rules.iter().find(|r| r.code == info.code.as_str()),
        })
        .collect();
    for lint in lint_rules {
        if !sources.iter().any(|s| s.code == lint.code) {
            sources.push(RuleSource {
                code: lint.code,
                title: lint.summary,
                explanation: lint.summary,
                lint: Some(lint),
            });
        }
    }
    sources
}

/// One reporting descriptor. Lint rules add their kebab-case name, their
/// Markdown documentation and their default level (`allow` rules are
/// disabled by default).
fn rule(source: &RuleSource) -> Value {
    let mut rule = Map::new();
    rule.insert("id".into(), json!(source.code));
    if let Some(lint) = source.lint {
        rule.insert("name".into(), json!(lint.name));
    }
    rule.insert("shortDescription".into(), json!({ "text": source.title }));
    rule.insert(
        "fullDescription".into(),
        json!({ "text": source.explanation }),
    );
    let mut help = Map::new();
    help.insert("text".into(), json!(source.explanation));
    if let Some(lint) = source.lint {
        help.insert("markdown".into(), json!(lint.docs_markdown));
        rule.insert(
            "defaultConfiguration".into(),
            lint.default_level.configuration(),
        );
    }
    rule.insert("help".into(), Value::Object(help));
    let kind = if source.lint.is_some() || source.code.starts_with('L') {
        "lint"
    } else {
        "error"
    };
    rule.insert("properties".into(), json!({ "kind": kind }));
    Value::Object(rule)
}

fn level(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "note",
    }
}

/// Render all diagnostics (in the order given) as one pretty-printed SARIF
/// log followed by a newline.
pub fn render_sarif(db: &SourceDb, diagnostics: &[Diagnostic], options: SarifOptions) -> String {
    let rules = rule_sources(options.lint_rules);
    let results: Vec<Value> = diagnostics
        .iter()
        .map(|d| result(db, d, &rules, options))
        .collect();

    let mut run = Map::new();
    run.insert(
        "tool".into(),
        json!({ "driver": driver(rules.iter().map(rule).collect()) }),
    );
    if let Some(root) = options.root {
        run.insert(
            "originalUriBaseIds".into(),
            json!({ ROOT_BASE_ID: { "uri": folder_uri(root) } }),
        );
    }
    run.insert("columnKind".into(), json!("unicodeCodePoints"));
    run.insert("results".into(), Value::Array(results));

    let log = json!({
        "$schema": SARIF_SCHEMA_URI,
        "version": SARIF_VERSION,
        "runs": [Value::Object(run)],
    });
    // Serialising a `Value` cannot fail.
    let mut out = serde_json::to_string_pretty(&log).unwrap_or_default();
    out.push('\n');
    out
}

fn result(
    db: &SourceDb,
    diagnostic: &Diagnostic,
    rules: &[RuleSource],
    options: SarifOptions,
) -> Value {
    let mut result = Map::new();
    result.insert("ruleId".into(), json!(diagnostic.code));
    if let Some(index) = rules
        .iter()
        .position(|r| r.code == diagnostic.code.as_str())
    {
        result.insert("ruleIndex".into(), json!(index));
    }
    result.insert("level".into(), json!(level(diagnostic.severity)));
    result.insert("message".into(), json!({ "text": diagnostic.message }));
    if let Some(location) = location(db, &diagnostic.primary, options) {
        result.insert("locations".into(), json!([location]));
    }
    let related: Vec<Value> = diagnostic
        .labels
        .iter()
        .filter_map(|label| location(db, label, options))
        .enumerate()
        .map(|(id, location)| {
            let mut related = Map::new();
            related.insert("id".into(), json!(id));
            if let Value::Object(fields) = location {
                related.extend(fields);
            }
            Value::Object(related)
        })
        .collect();
    if !related.is_empty() {
        result.insert("relatedLocations".into(), Value::Array(related));
    }
    if let Some(help) = &diagnostic.help {
        result.insert("properties".into(), json!({ "help": help }));
    }
    Value::Object(result)
}

/// A SARIF location for a label, or `None` when its file is unknown (there
/// is nothing to point at).
fn location(db: &SourceDb, label: &Label, options: SarifOptions) -> Option<Value> {
    let file = db.get(label.file)?;
    let span = clamp_span(Some(file), label.span);
    let start = file.line_col(span.start);
    let end = file.line_col(span.end);
    let mut artifact = Map::new();
    let (uri, base_id) = artifact_uri(&file.path, options);
    artifact.insert("uri".into(), json!(uri));
    if let Some(base_id) = base_id {
        artifact.insert("uriBaseId".into(), json!(base_id));
    }
    let mut location = Map::new();
    location.insert(
        "physicalLocation".into(),
        json!({
            "artifactLocation": Value::Object(artifact),
            "region": {
                "startLine": start.line,
                "startColumn": start.column,
                "endLine": end.line,
                "endColumn": end.column,
            },
        }),
    );
    if let Some(message) = &label.message {
        location.insert("message".into(), json!({ "text": message }));
    }
    Some(Value::Object(location))
}

/// The URI of a file as the [`SourceDb`] names it: relative to the root
/// (with [`ROOT_BASE_ID`]) when it lies below the root, else an absolute
/// `file://` URI, else the relative path as is.
fn artifact_uri(path: &Path, options: SarifOptions) -> (String, Option<&'static str>) {
    let absolute = match options.base {
        Some(base) if path.is_relative() => normalize(&base.join(path)),
        _ => normalize(path),
    };
    if let Some(relative) = options
        .root
        .and_then(|root| absolute.strip_prefix(root).ok())
    {
        return (encode_path(relative), Some(ROOT_BASE_ID));
    }
    if absolute.is_absolute() {
        return (file_uri(&absolute), None);
    }
    (encode_path(&absolute), None)
}

/// Drop `.` components and resolve `..` lexically (without the file
/// system), so `base/../x` still lies below a root that holds `x`.
fn normalize(path: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for component in path.components() {
        match component {
            Component::CurDir => {}
            Component::ParentDir => {
                if !out.pop() {
                    out.push("..");
                }
            }
            other => out.push(other),
        }
    }
    out
}

fn file_uri(path: &Path) -> String {
    let encoded = encode_path(path);
    if encoded.starts_with('/') {
        format!("file://{encoded}")
    } else {
        // A Windows path such as `C:/x` needs the third slash.
        format!("file:///{encoded}")
    }
}

/// The root as a folder URI: SARIF requires base URIs to end in `/`.
fn folder_uri(path: &Path) -> String {
    let mut uri = file_uri(&normalize(path));
    if !uri.ends_with('/') {
        uri.push('/');
    }
    uri
}

/// Path components joined by `/`, each percent-encoded (RFC 3986: only
/// unreserved characters stay as they are).
fn encode_path(path: &Path) -> String {
    let mut out = String::new();
    for component in path.components() {
        // A drive prefix (`C:`) keeps its colon; anywhere else a colon in
        // the first segment would read as a URI scheme.
        let (part, keep_colon) = match component {
            Component::RootDir => {
                out.push('/');
                continue;
            }
            Component::Prefix(prefix) => (prefix.as_os_str().to_string_lossy(), true),
            other => (other.as_os_str().to_string_lossy(), false),
        };
        if !out.is_empty() && !out.ends_with('/') {
            out.push('/');
        }
        for byte in part.bytes() {
            if byte.is_ascii_alphanumeric()
                || matches!(byte, b'-' | b'.' | b'_' | b'~')
                || (keep_colon && byte == b':')
            {
                out.push(byte as char);
            } else {
                out.push_str(&format!("%{byte:02X}"));
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use std::sync::LazyLock;

    use super::*;
    use crate::diagnostics::Code;
    use crate::lint::LintLevel;
    use crate::source::{FileId, FileSpan, Span};

    /// The rules the CLI passes in (tests may reach above diagnostics).
    static LINT_RULES: LazyLock<Vec<SarifLintRule>> = LazyLock::new(crate::lint::docs::sarif_rules);

    fn at(file: FileId, start: usize, end: usize) -> FileSpan {
        FileSpan::new(file, Span::new(start, end))
    }

    const ROOT: &str = "/work/acme";

    fn options() -> SarifOptions<'static> {
        SarifOptions {
            root: Some(Path::new(ROOT)),
            base: Some(Path::new("/work/acme/pipelines")),
            lint_rules: &LINT_RULES,
        }
    }

    /// The log without the rule list and rule indexes, which every newly
    /// registered code changes (`result_points_at_its_rule_by_index`
    /// covers them).
    fn without_rules(sarif: &str) -> Value {
        let mut log: Value = serde_json::from_str(sarif).unwrap_or_default();
        if let Some(rules) = log.pointer_mut("/runs/0/tool/driver/rules") {
            *rules = json!(["…"]);
        }
        if let Some(results) = log
            .pointer_mut("/runs/0/results")
            .and_then(Value::as_array_mut)
        {
            for result in results {
                result["ruleIndex"] = json!("…");
            }
        }
        log
    }

    #[test]
    fn log_shape_with_related_locations_help_and_every_level() {
        let mut db = SourceDb::new();
        let child = db.add("child.task", "env gpu extends base {\n  image = 3\n}\n");
        let parent = db.add("../base.task", "env base {\n  image = \"x\"\n}\n");
        let mut info = Diagnostic::warning(Code::E0009, at(parent, 0, 3), "a note");
        info.severity = Severity::Info;
        let diagnostics = [
            Diagnostic::error(Code::E0201, at(child, 33, 34), "`image` must be a string")
                .with_primary_label("a number")
                .with_label(at(parent, 13, 18), "inherited from here")
                .with_label(at(FileId(7), 0, 1), "a label in no known file")
                .with_help("write the image as a string"),
            Diagnostic::warning(Code::E0009, at(parent, 0, 3), "a warning"),
            info,
        ];
        let sarif = render_sarif(&db, &diagnostics, options());
        insta::assert_json_snapshot!(without_rules(&sarif));
    }

    #[test]
    fn every_registered_code_is_a_rule_in_code_order() {
        let db = SourceDb::new();
        let log: Value =
            serde_json::from_str(&render_sarif(&db, &[], options())).unwrap_or_default();
        let rules = log
            .pointer("/runs/0/tool/driver/rules")
            .and_then(Value::as_array)
            .cloned()
            .unwrap_or_default();
        let ids: Vec<&str> = rules.iter().filter_map(|r| r["id"].as_str()).collect();
        let codes: Vec<&str> = registry().iter().map(|c| c.code.as_str()).collect();
        assert_eq!(ids, codes);
        let first = &rules[0];
        assert_eq!(first["shortDescription"]["text"], registry()[0].title);
        assert_eq!(first["fullDescription"]["text"], registry()[0].explanation);
        assert_eq!(log["runs"][0]["results"], json!([]));
    }

    #[test]
    fn lint_rules_carry_their_name_docs_and_default_level() {
        let db = SourceDb::new();
        let log: Value =
            serde_json::from_str(&render_sarif(&db, &[], options())).unwrap_or_default();
        let rules = log
            .pointer("/runs/0/tool/driver/rules")
            .and_then(Value::as_array)
            .cloned()
            .unwrap_or_default();
        for lint in crate::lint::all_rules() {
            let rule = rules
                .iter()
                .find(|r| r["id"] == lint.code.as_str())
                .unwrap_or_else(|| panic!("{} is not a SARIF rule", lint.code));
            assert_eq!(rule["name"], lint.name);
            assert_eq!(rule["help"]["markdown"], lint.docs_markdown());
            let expected = match lint.default_level {
                LintLevel::Allow => json!({ "enabled": false }),
                LintLevel::Warn => json!({ "level": "warning" }),
                LintLevel::Deny => json!({ "level": "error" }),
            };
            assert_eq!(rule["defaultConfiguration"], expected, "{}", lint.code);
        }
        let error = rules
            .iter()
            .find(|r| r["id"] == Code::E0001.as_str())
            .cloned()
            .unwrap_or_default();
        assert_eq!(error.get("name"), None);
        assert_eq!(error["properties"]["kind"], "error");
    }

    #[test]
    fn result_points_at_its_rule_by_index() {
        let mut db = SourceDb::new();
        let file = db.add("a.task", "env a {}\n");
        let code = registry()[3].code;
        let diagnostics = [Diagnostic::error(code, at(file, 0, 3), "m")];
        let log: Value =
            serde_json::from_str(&render_sarif(&db, &diagnostics, options())).unwrap_or_default();
        assert_eq!(log["runs"][0]["results"][0]["ruleIndex"], 3);
        assert_eq!(log["runs"][0]["results"][0]["ruleId"], code.as_str());
    }

    #[test]
    fn uris_are_relative_to_the_root_and_percent_encoded() {
        let root = Some(Path::new("/w"));
        let base = Some(Path::new("/w/sub"));
        let options = SarifOptions {
            root,
            base,
            lint_rules: &[],
        };
        let uri = |path: &str| artifact_uri(Path::new(path), options);
        assert_eq!(
            uri("a.task"),
            ("sub/a.task".to_string(), Some(ROOT_BASE_ID))
        );
        assert_eq!(
            uri("../b c.task"),
            ("b%20c.task".to_string(), Some(ROOT_BASE_ID))
        );
        assert_eq!(
            uri("/w/x/ü.task"),
            ("x/%C3%BC.task".to_string(), Some(ROOT_BASE_ID))
        );
        assert_eq!(
            uri("/elsewhere/#.task"),
            ("file:///elsewhere/%23.task".to_string(), None)
        );
        assert_eq!(
            uri("c:d.task"),
            ("sub/c%3Ad.task".to_string(), Some(ROOT_BASE_ID))
        );
        let bare = SarifOptions::default();
        assert_eq!(
            artifact_uri(Path::new("dir/a.task"), bare),
            ("dir/a.task".to_string(), None)
        );
        assert_eq!(folder_uri(Path::new("/w/")), "file:///w/");
        assert_eq!(folder_uri(Path::new("/a b")), "file:///a%20b/");
    }

    #[test]
    fn regions_count_characters_and_bad_spans_are_clamped() {
        let mut db = SourceDb::new();
        let text = "x = \"é☕\" y";
        let file = db.add("u.task", text);
        let y = text.find('y').unwrap_or(0);
        let diagnostics = [Diagnostic::error(
            Code::E0001,
            at(file, y, 999),
            "past the end",
        )];
        let log: Value =
            serde_json::from_str(&render_sarif(&db, &diagnostics, options())).unwrap_or_default();
        let region = &log["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["region"];
        assert_eq!(
            *region,
            json!({ "startLine": 1, "startColumn": 10, "endLine": 1, "endColumn": 11 })
        );
    }
}
