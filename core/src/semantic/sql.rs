//! Query tasks: `sql bigquery { … }` / `sql snowflake { … }` plus
//! `query = """…"""`. The placeholders (`@name` for BigQuery, `%(name)s`
//! for Snowflake) are checked against the inputs in both directions.

use super::attrs::{BIGQUERY_ATTRS, SNOWFLAKE_ATTRS, known_attrs};
use super::cx::Cx;
use super::model::{BigQueryConfig, SnowflakeConfig, SqlConfig, SqlDialect, SqlTask};
use super::suggest_name;
use super::value_readers::{self};
use crate::diagnostics::Code;
use crate::diagnostics::Diagnostic;
use crate::syntax::ast::{LabeledBlock, Value};

pub(crate) const BAD_SQL: Code = Code::E0501;
pub(crate) const UNKNOWN_SQL_PLACEHOLDER: Code = Code::E0502;
pub(crate) const UNUSED_SQL_INPUT: Code = Code::E0503;

const DIALECTS: &[&str] = &["bigquery", "snowflake"];

/// Lower the `sql <dialect> { … }` block and the query text.
pub(crate) fn lower_sql(cx: &mut Cx, block: &LabeledBlock, query: &Value) -> Option<SqlTask> {
    let dialect = match block.label.name.as_str() {
        "bigquery" => SqlDialect::BigQuery,
        "snowflake" => SqlDialect::Snowflake,
        other => {
            cx.error(
                BAD_SQL,
                block.label.span,
                format!("unknown SQL dialect `{other}`"),
                match suggest_name(other, DIALECTS) {
                    Some(s) => format!("did you mean `{s}`?"),
                    None => {
                        "taskc supports `sql bigquery { … }` and `sql snowflake { … }`".to_string()
                    }
                },
            );
            return None;
        }
    };
    let config = match dialect {
        SqlDialect::BigQuery => bigquery(cx, block).map(SqlConfig::BigQuery),
        SqlDialect::Snowflake => snowflake(cx, block).map(SqlConfig::Snowflake),
    };
    let query_text = value_readers::string(cx, query, "query")?;
    if query_text.trim().is_empty() {
        cx.error(
            BAD_SQL,
            query.span,
            "the query is empty",
            "write the SQL statement in `query = \"\"\"…\"\"\"`",
        );
        return None;
    }
    let uses = placeholder_uses(dialect, &query_text);
    let placeholder_uses = cx.names_in_literal(query.span, &uses);
    Some(SqlTask {
        dialect,
        placeholder_uses,
        config: config?,
        statement: normalize_statement(&query_text),
        query: query_text,
        query_at: cx.at(query.span),
        block_at: cx.at(block.span),
    })
}

fn bigquery(cx: &mut Cx, block: &LabeledBlock) -> Option<BigQueryConfig> {
    let mut out = BigQueryConfig::default();
    let mut ok = true;
    let before = cx.diags.len();
    for attr in known_attrs(cx, &block.body, "sql bigquery", BIGQUERY_ATTRS) {
        let v = &attr.value;
        match attr.key.name.as_str() {
            "query_job_config" => match value_readers::json_block(cx, v, "query_job_config") {
                Some(map) => out.query_job_config = map.into_iter().collect(),
                None => ok = false,
            },
            key => {
                let s = value_readers::string(cx, v, key);
                if s.is_none() {
                    ok = false;
                }
                match key {
                    "project_id" => out.project_id = s,
                    "location" => out.location = s,
                    "credentials_secret" => out.credentials_secret = s,
                    _ => {}
                }
            }
        }
    }
    if ok && cx.diags.len() == before && out.project_id.is_none() {
        cx.error(
            BAD_SQL,
            block.label.span,
            "`sql bigquery` needs a `project_id`",
            "add `project_id = \"my-project\"`",
        );
        return None;
    }
    ok.then_some(out)
}

fn snowflake(cx: &mut Cx, block: &LabeledBlock) -> Option<SnowflakeConfig> {
    let mut out = SnowflakeConfig::default();
    let mut ok = true;
    let before = cx.diags.len();
    for attr in known_attrs(cx, &block.body, "sql snowflake", SNOWFLAKE_ATTRS) {
        let v = &attr.value;
        match attr.key.name.as_str() {
            "batch" => match value_readers::boolean(cx, v, "batch") {
                Some(b) => out.batch = b,
                None => ok = false,
            },
            "connection_kwargs" => match value_readers::json_block(cx, v, "connection_kwargs") {
                Some(map) => out.connection_kwargs = map.into_iter().collect(),
                None => ok = false,
            },
            key => {
                let s = value_readers::string(cx, v, key);
                if s.is_none() {
                    ok = false;
                }
                match key {
                    "account" => out.account = s,
                    "database" => out.database = s,
                    "schema" => out.schema = s,
                    "warehouse" => out.warehouse = s,
                    "user" => out.user = s,
                    "secret_group" => out.secret_group = s,
                    "private_key_secret" => out.private_key_secret = s,
                    "private_key_passphrase_secret" => out.private_key_passphrase_secret = s,
                    _ => {}
                }
            }
        }
    }
    if ok && cx.diags.len() == before {
        let missing: Vec<&str> = [
            ("account", out.account.is_none()),
            ("database", out.database.is_none()),
            ("schema", out.schema.is_none()),
            ("warehouse", out.warehouse.is_none()),
            ("user", out.user.is_none()),
        ]
        .iter()
        .filter(|(_, m)| *m)
        .map(|(k, _)| *k)
        .collect();
        if !missing.is_empty() {
            cx.error(
                BAD_SQL,
                block.label.span,
                format!("`sql snowflake` needs {}", value_readers::list_words(&missing).replace(" or ", " and ")),
                "Snowflake connections take `account`, `database`, `schema`, `warehouse` and `user`",
            );
            return None;
        }
    }
    ok.then_some(out)
}

/// As both SDK plugins do: `\n` and `\t` become spaces, whitespace runs
/// collapse to one space, the ends are stripped.
pub(crate) fn normalize_statement(query: &str) -> String {
    query.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The placeholder names a query uses, in order of first use.
pub(crate) fn placeholders(dialect: SqlDialect, query: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for (_, name) in placeholder_uses(dialect, query) {
        if !out.iter().any(|n| n == name) {
            out.push(name.to_string());
        }
    }
    out
}

/// Every placeholder use, in order, as (byte offset of the name in
/// `query`, name).
pub(crate) fn placeholder_uses(dialect: SqlDialect, query: &str) -> Vec<(usize, &str)> {
    let names = match dialect {
        SqlDialect::BigQuery => bigquery_parameters(query),
        SqlDialect::Snowflake => snowflake_parameters(query),
    };
    // Every name is a slice of `query`: its offset is where the slice starts.
    let base = query.as_ptr() as usize;
    names
        .into_iter()
        .map(|name| (name.as_ptr() as usize - base, name))
        .collect()
}

/// `%(name)s` (pyformat); `%%` is a literal percent sign.
fn snowflake_parameters(query: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut rest = query;
    while let Some(i) = rest.find('%') {
        let after = &rest[i + 1..];
        if let Some(stripped) = after.strip_prefix('%') {
            rest = stripped;
            continue;
        }
        if let Some(inner) = after.strip_prefix('(') {
            if let Some(close) = inner.find(")s") {
                out.push(&inner[..close]);
                rest = &inner[close + 2..];
                continue;
            }
        }
        rest = after;
    }
    out
}

/// `@name` outside string literals, quoted identifiers and comments;
/// `@@name` (system variables) is not a parameter.
fn bigquery_parameters(query: &str) -> Vec<&str> {
    let bytes = query.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            q @ (b'\'' | b'"' | b'`') => {
                i += 1;
                while i < bytes.len() && bytes[i] != q {
                    if bytes[i] == b'\\' {
                        i += 1;
                    }
                    i += 1;
                }
                i += 1;
            }
            b'-' if bytes.get(i + 1) == Some(&b'-') => {
                while i < bytes.len() && bytes[i] != b'\n' {
                    i += 1;
                }
            }
            b'#' => {
                while i < bytes.len() && bytes[i] != b'\n' {
                    i += 1;
                }
            }
            b'/' if bytes.get(i + 1) == Some(&b'*') => {
                i += 2;
                while i + 1 < bytes.len() && !(bytes[i] == b'*' && bytes[i + 1] == b'/') {
                    i += 1;
                }
                i += 2;
            }
            b'@' if bytes.get(i + 1) == Some(&b'@') => {
                i += 2;
                while i < bytes.len() && (bytes[i].is_ascii_alphanumeric() || bytes[i] == b'_') {
                    i += 1;
                }
            }
            b'@' => {
                let start = i + 1;
                let mut end = start;
                while end < bytes.len()
                    && (bytes[end].is_ascii_alphanumeric() || bytes[end] == b'_')
                {
                    end += 1;
                }
                if end > start && !bytes[start].is_ascii_digit() {
                    if let Some(name) = query.get(start..end) {
                        out.push(name);
                    }
                }
                i = end.max(i + 1);
            }
            _ => i += 1,
        }
    }
    out
}

/// Placeholders that name no input are errors; so are inputs the query
/// never uses when `unused_is_error` (docs/language.md §7: an unused one is
/// almost always a typo or a leftover; for a `deploy = false` query, which
/// the SDK accepts with it, lint `unused-query-input` reports it instead).
pub(crate) fn check_placeholders(
    cx: &mut Cx,
    sql: &SqlTask,
    inputs: &[(String, crate::source::FileSpan)],
    input_names_all: &[String],
    unused_is_error: bool,
) {
    let used = placeholders(sql.dialect, &sql.query);
    let names: Vec<&str> = input_names_all.iter().map(String::as_str).collect();
    let form = |n: &str| match sql.dialect {
        SqlDialect::BigQuery => format!("@{n}"),
        SqlDialect::Snowflake => format!("%({n})s"),
    };
    for name in &used {
        if !names.contains(&name.as_str()) {
            let help = match suggest_name(name, &names) {
                Some(s) => format!("did you mean `{}`?", form(s)),
                None => format!("declare it: `inputs {{ {name}: str }}`"),
            };
            cx.push(
                Diagnostic::error(
                    UNKNOWN_SQL_PLACEHOLDER,
                    cx.narrow(sql.query_at, &form(name)),
                    format!(
                        "query placeholder `{}` names no input of the task",
                        form(name)
                    ),
                )
                .with_help(help),
            );
        }
    }
    for (name, at) in inputs.iter().filter(|_| unused_is_error) {
        if !used.iter().any(|u| u == name) {
            cx.push(
                Diagnostic::error(
                    UNUSED_SQL_INPUT,
                    *at,
                    format!("input `{name}` is never used in the query"),
                )
                .with_label(sql.query_at, "the query")
                .with_help(format!(
                    "refer to it as `{}`, or remove the input",
                    form(name)
                )),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bigquery_parameters_skip_strings_comments_and_system_variables() {
        let q =
            "SELECT @a, '@no', `x@y`, @@project -- @c\n FROM t WHERE x = @b /* @d */ AND y = @a";
        assert_eq!(placeholders(SqlDialect::BigQuery, q), ["a", "b"]);
    }

    #[test]
    fn snowflake_parameters_are_pyformat() {
        let q = "SELECT %(a)s, 100%% FROM t WHERE b = %(b)s AND c = %(a)s";
        assert_eq!(placeholders(SqlDialect::Snowflake, q), ["a", "b"]);
    }

    #[test]
    fn statements_are_normalized_like_the_sdk() {
        assert_eq!(
            normalize_statement("\n  SELECT *\n\tFROM  t\n"),
            "SELECT * FROM t"
        );
    }
}
