use crate::diagnostics::Diagnostic;
use crate::lint::LintContext;
use crate::lint::context::finding;
use crate::lint::registry::declare_rule;
use crate::semantic::model::{SqlDialect, TaskKind};
use crate::semantic::sql_placeholders;

declare_rule! {
    /// ## What it does
    /// Reports an input of a `deploy = false` query template that the
    /// query never refers to (`@name` in BigQuery, `%(name)s` in
    /// Snowflake). A deployed query takes no inputs at all, and a
    /// placeholder that names no input is an error (E0502).
    ///
    /// ## Why is this bad?
    /// The connector binds the input for nothing: it is usually a
    /// misspelled placeholder or a leftover. The Flyte SDK accepts it, so
    /// it is a warning, not an error.
    ///
    /// ## Example
    /// ```task
    /// env warehouse {}
    /// template count in warehouse {
    ///   deploy = false
    ///   sql bigquery { project_id = "acme" }
    ///   inputs  { day: str, region: str }
    ///   outputs { results: dataframe }
    ///   query   = "SELECT COUNT(*) FROM t WHERE day = @day"
    /// }
    /// ```
    ///
    /// ## How to fix
    /// Use the input in the query, or remove it:
    /// ```task
    /// env warehouse {}
    /// template count in warehouse {
    ///   deploy = false
    ///   sql bigquery { project_id = "acme" }
    ///   inputs  { day: str, region: str }
    ///   outputs { results: dataframe }
    ///   query   = "SELECT COUNT(*) FROM t WHERE day = @day AND region = @region"
    /// }
    /// ```
    pub static UNUSED_QUERY_INPUT = {
        code: L0015,
        name: "unused-query-input",
        summary: "query input never used in the query",
        level: Warn,
        check: check,
    }
}

fn check(cx: &LintContext<'_>, out: &mut Vec<Diagnostic>) {
    for task in cx.model.tasks().iter().filter(|t| !t.deploy) {
        let TaskKind::Query(sql) = &task.kind else {
            continue;
        };
        let used = sql_placeholders(sql.dialect, &sql.query);
        for input in &task.inputs {
            if used.contains(&input.name) {
                continue;
            }
            let form = match sql.dialect {
                SqlDialect::BigQuery => format!("@{}", input.name),
                SqlDialect::Snowflake => format!("%({})s", input.name),
            };
            out.push(
                finding(
                    UNUSED_QUERY_INPUT.code,
                    input.at,
                    format!("input `{}` is never used in the query", input.name),
                )
                .with_label(sql.query_at, "the query")
                .with_help(format!("refer to it as `{form}`, or remove the input")),
            );
        }
    }
}
