//! Query tasks (WIRE.md §5.11): `sql` target, task type and `custom` of
//! the BigQuery and Snowflake plugins.

use serde_json::{Map, Value};
use taskc_wire::flyteidl2::core::{Sql, sql::Dialect};

use crate::semantic::model::{SqlConfig, SqlTask};

/// The plugin's task type.
pub(crate) fn task_type(sql: &SqlTask) -> &'static str {
    match sql.config {
        SqlConfig::BigQuery(_) => "bigquery_query_job_task",
        SqlConfig::Snowflake(_) => "snowflake",
    }
}

/// `sql { statement, dialect: ANSI }` (both plugins say ANSI).
pub(crate) fn sql_target(sql: &SqlTask) -> Sql {
    Sql {
        statement: sql.statement.clone(),
        dialect: Dialect::Ansi as i32,
    }
}

/// A secret name as the env var Snowflake reads it: `<group>_<key>` or
/// `<key>`, upper case, `-` → `_`.
fn snowflake_env_name(group: Option<&str>, key: &str) -> String {
    let name = match group {
        Some(group) => format!("{group}_{key}"),
        None => key.to_string(),
    };
    name.replace('-', "_").to_uppercase()
}

fn opt(value: &Option<String>) -> Value {
    value.clone().map(Value::from).unwrap_or(Value::Null)
}

/// The plugin's `custom_config(sctx)`.
pub(crate) fn custom(sql: &SqlTask, domain: &str) -> Map<String, Value> {
    let mut custom = Map::new();
    match &sql.config {
        SqlConfig::BigQuery(bq) => {
            custom.insert("Location".into(), opt(&bq.location));
            custom.insert("ProjectID".into(), opt(&bq.project_id));
            custom.insert("Domain".into(), Value::from(domain));
            if let Some(secret) = &bq.credentials_secret {
                let mut secrets = Map::new();
                secrets.insert(
                    "google_application_credentials".into(),
                    Value::from(secret.as_str()),
                );
                custom.insert("secrets".into(), Value::Object(secrets));
            }
            for (key, value) in &bq.query_job_config {
                custom.insert(key.clone(), value.clone());
            }
        }
        SqlConfig::Snowflake(sf) => {
            custom.insert("account".into(), opt(&sf.account));
            custom.insert("database".into(), opt(&sf.database));
            custom.insert("schema".into(), opt(&sf.schema));
            custom.insert("warehouse".into(), opt(&sf.warehouse));
            custom.insert("user".into(), opt(&sf.user));
            if sf.batch {
                custom.insert("batch".into(), Value::Bool(true));
            }
            if !sf.connection_kwargs.is_empty() {
                let kwargs: Map<String, Value> = sf.connection_kwargs.iter().cloned().collect();
                custom.insert("connection_kwargs".into(), Value::Object(kwargs));
            }
            let group = sf.secret_group.as_deref();
            let mut secrets = Map::new();
            if let Some(key) = &sf.private_key_secret {
                secrets.insert(
                    "snowflake_private_key".into(),
                    Value::from(snowflake_env_name(group, key)),
                );
            }
            if let Some(key) = &sf.private_key_passphrase_secret {
                secrets.insert(
                    "snowflake_private_key_passphrase".into(),
                    Value::from(snowflake_env_name(group, key)),
                );
            }
            if !secrets.is_empty() {
                custom.insert("secrets".into(), Value::Object(secrets));
            }
        }
    }
    custom
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn snowflake_secret_names_are_env_var_names() {
        assert_eq!(
            snowflake_env_name(Some("sf"), "private-key"),
            "SF_PRIVATE_KEY"
        );
        assert_eq!(snowflake_env_name(None, "pk"), "PK");
    }
}
