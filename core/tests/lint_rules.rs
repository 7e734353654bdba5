//! Every lint rule: a fixture that triggers it (its rendered findings are
//! an insta snapshot) and a close variant that does not.

mod expect_code;
mod lint_common;

use lint_common::{Linted, lint_with_config};
use taskc_core::diagnostics::Code;

/// `$name::triggers`: the rule reports on `$bad`, snapshot of its findings;
/// `$name::passes`: it reports nothing on `$good`. `$config` is extra
/// `taskc.toml` text (e.g. to turn on an `allow`-by-default rule).
macro_rules! rule_case {
    ($name:ident, $code:ident, config: $config:expr, bad: $bad:expr, good: $good:expr $(,)?) => {
        mod $name {
            use super::*;

            #[test]
            fn triggers() {
                let linted: Linted = lint_with_config(&$bad, $config);
                expect_code::assert_named_after(stringify!($name), Code::$code);
                expect_code::assert_reports(&linted.diagnostics, Code::$code, || linted.render());
                insta::assert_snapshot!(stringify!($name), linted.render_code(Code::$code));
            }

            #[test]
            fn passes() {
                let linted: Linted = lint_with_config(&$good, $config);
                assert!(
                    !linted.codes().contains(&Code::$code),
                    "unexpected {}:\n{}",
                    Code::$code,
                    linted.render_code(Code::$code)
                );
            }
        }
    };
    ($name:ident, $code:ident, bad: $bad:expr, good: $good:expr $(,)?) => {
        rule_case!($name, $code, config: "", bad: $bad, good: $good);
    };
}

rule_case!(l0001_override_no_effect, L0001,
    bad: "env gpu { interruptible = true }
template train in gpu { retries = 3 }
override small of train {
  retries = 3
  interruptible = true
  timeout = 1h
}
env cpu {}
template score in cpu {}
override quick of score {
  interruptible = false
  reusable = off
  retries = 0
}
",
    good: "env gpu { interruptible = true }
template train in gpu { retries = 3 }
override small of train {
  retries = 1
  interruptible = false
  timeout = 1h
}
env cpu {}
template score in cpu {}
override quick of score {
  interruptible = true
  retries = 2
}
",
);

rule_case!(l0002_secret_value_in_env_vars, L0002,
    bad: r#"env etl {
  env_vars {
    LOG_LEVEL = "info"
    GITHUB_TOKEN = "ghp_0123456789abcdefghijklmnopqrstuvwxyz"
    AWS_ACCESS_KEY_ID = "AKIAIOSFODNN7EXAMPLE"
  }
}
template load in etl {
  trigger nightly {
    schedule = daily
    env_vars { DB_PASSWORD = "hunter22" }
  }
}
override load-debug of load {
  env_vars { SLACK_WEBHOOK = "https://hooks:xoxb-1234567890-abcdefghij@slack.example.com/x" }
}
"#,
    good: r#"env etl {
  secrets = [{ key = "github-token", env_var = "GITHUB_TOKEN" }]
  env_vars {
    LOG_LEVEL = "info"
    TOKEN_URL = "https://auth.example.com/token"
    MODEL_PATH = "s3://acme-models/recsys/v12/model.pt"
  }
}
template load in etl {}
"#,
);

rule_case!(l0003_non_canonical_cache_behavior, L0003,
    bad: "env etl { cache = enable }
template load in etl {
  cache { behavior = off, version = \"v2\" }
}
template save in etl {}
",
    good: "env etl { cache = auto }
template load in etl {
  cache { behavior = disable }
}
template save in etl {}
",
);

rule_case!(l0004_value_truncated_on_wire, L0004,
    bad: &format!(
        "env e {{ description = \"{}\" }}\ntemplate t in e {{ short_name = \"{}\" }}\noverride o of t {{ short_name = \"{}\" }}\n",
        "d".repeat(300),
        "s".repeat(70),
        "o".repeat(64)
    ),
    good: &format!(
        "env e {{ description = \"{}\" }}\ntemplate t in e {{ short_name = \"{}\" }}\noverride o of t {{ short_name = \"{}\" }}\n",
        "d".repeat(255),
        "s".repeat(63),
        "o".repeat(10)
    ),
);

rule_case!(l0004_value_truncated_on_wire_docs, L0004,
    bad: &format!(
        "env e {{}}\n{}///\n{}template t in e {{}}\n",
        "/// Sixty characters of a first paragraph, which runs on.....\n".repeat(5),
        "/// Sixty characters of the long description, line after line.\n".repeat(35)
    ),
    good: "env e {}\n/// Short.\n///\n/// Longer text.\ntemplate t in e {}\n",
);

rule_case!(l0004_value_truncated_on_wire_default_short_name, L0004,
    bad: &format!("env e {{}}\ntemplate t in e {{ function = \"{}\" }}\n", "f".repeat(64)),
    good: &format!("env e {{}}\ntemplate t in e {{ function = \"{}\" }}\n", "f".repeat(63)),
);

rule_case!(l0005_unused_type, L0005,
    bad: "type Region = enum { eu, us }
type Zone = enum { a, b }
type Point = record { x: int, next: Point? }
env e {}
template t in e { inputs { r: Region } }
",
    good: "type Region = enum { eu, us }
type Zone = enum { a, b }
type Point = record { x: int, zone: Zone }
env e {}
template t in e {
  inputs { r: Region, points: list[Point] }
}
",
);

rule_case!(l0006_unused_env, L0006,
    bad: "env used {}
env spare { queue = \"q\" }
template t in used {}
",
    good: "env used {}
env spare { queue = \"q\" }
env child extends spare {}
template t in used {}
template u in child {}
",
);

rule_case!(l0007_shadowed_env_attribute, L0007,
    bad: "env base { env_vars { LOG_LEVEL = \"info\" } }
env cpu extends base { env_vars { MODE = \"cpu\" } }
env gpu extends base { env_vars { MODE = \"gpu\" } }
template a in cpu {}
template b in gpu {}
",
    good: "env base { env_vars { LOG_LEVEL = \"info\" }, description = \"base\" }
env cpu extends base { env_vars { MODE = \"cpu\" }, description = \"cpu\" }
env gpu extends base { env_vars += { MODE = \"gpu\" }, description = \"gpu\" }
template a in cpu {}
template b in gpu {}
",
);

rule_case!(l0008_trigger_input_unbound, L0008,
    bad: "env etl {}
template report in etl {
  inputs { day: datetime, region: str, limit: int }
  trigger nightly { schedule = daily, inputs { day = trigger_time } }
}
",
    good: "env etl {}
template report in etl {
  inputs { day: datetime, region: str = \"eu\", limit: int }
  trigger nightly { schedule = daily, inputs { day = trigger_time, limit = 10 } }
}
",
);

rule_case!(l0009_redundant_inherited_value, L0009,
    bad: "env base { interruptible = true, service_account = \"etl\" }
env nightly extends base { interruptible = true }
template load in nightly { service_account = \"etl\" }
",
    good: "env base { interruptible = true, service_account = \"etl\" }
env nightly extends base { interruptible = false }
template load in nightly { service_account = \"etl-nightly\" }
",
);

rule_case!(l0010_cache_setting_without_effect, L0010,
    bad: "env ml {}
template score in ml {
  inputs { seed: int }
  cache { behavior = disable, version = \"v3\", ignored_inputs = [\"seed\"] }
}
",
    good: "env ml {}
template score in ml {
  inputs { seed: int }
  cache { behavior = auto, version = \"v3\", ignored_inputs = [\"seed\"] }
}
",
);

rule_case!(l0011_env_var_shadows_secret, L0011,
    bad: "env etl {
  secrets = [{ key = \"db-password\", env_var = \"DB_PASSWORD\" }, { group = \"wh\", key = \"api-key\" }]
  env_vars { WH_API_KEY = \"unset\", LOG_LEVEL = \"info\" }
}
env child extends etl {}
template load in child {}
",
    good: "env etl {
  secrets = [{ key = \"db-password\", env_var = \"DB_PASSWORD\" }, { group = \"wh\", key = \"api-key\" }]
  env_vars { LOG_LEVEL = \"info\" }
}
template load in etl {}
",
);

rule_case!(l0012_mutable_image_tag, L0012,
    bad: "env etl { image = \"ghcr.io/acme/etl:latest\" }
env ml { image = \"localhost:5000/ml\" }
template a in etl {}
template b in ml {}
",
    good: "env etl { image = \"ghcr.io/acme/etl:1.4.2\" }
env ml { image = \"localhost:5000/ml@sha256:4f53cda18c2baa0c0354bb5f9a3ecbe5ed12ab4d8e11ba873c2f11161202b945\" }
template a in etl {}
template b in ml {}
",
);

rule_case!(l0013_undocumented_task, L0013,
    config: "[lint]\nundocumented-task = \"warn\"\n",
    bad: "env gpu {}\ntemplate train in gpu {\n  inputs { epochs: int = 10 }\n}\n",
    good: "env gpu {}\n/// Train the ranking model.\ntemplate train in gpu {\n  inputs { epochs: int = 10 }\n}\n",
);

rule_case!(l0014_unused_suppression, L0014,
    bad: "// taskc: allow(unused-env)
env used {}
template t in used {}
env spare {} // taskc: allow(unused-evn, E0101)
env other {} // taskc: allow unused-env
",
    good: "env used {}
template t in used {}
env spare {} // taskc: allow(unused-env)
",
);

#[test]
fn allow_by_default_rules_stay_quiet_without_config() {
    let linted = lint_with_config("env gpu {}\ntemplate train in gpu {}\n", "");
    assert!(
        !linted.codes().contains(&Code::L0013),
        "{}",
        linted.render()
    );
}

/// An env that only `depends_on` names is deployed with the env naming it:
/// not unused.
#[test]
fn l0006_an_env_named_only_in_depends_on_is_used() {
    let text = "env used { depends_on = [sidecar] }\nenv sidecar {}\ntemplate t in used {}\n";
    let linted = lint_common::lint_text(text);
    assert!(
        !linted.codes().contains(&Code::L0006),
        "{}",
        linted.render_code(Code::L0006)
    );
}

rule_case!(l0015_unused_query_input, L0015,
    bad: "env warehouse {}
template count in warehouse {
  deploy = false
  sql bigquery { project_id = \"acme\" }
  inputs  { day: str, region: str }
  outputs { results: dataframe }
  query   = \"SELECT COUNT(*) FROM t WHERE day = @day\"
}
",
    good: "env warehouse {}
template count in warehouse {
  deploy = false
  sql snowflake { account = \"acme\", user = \"u\", database = \"d\", schema = \"s\", warehouse = \"w\" }
  inputs  { day: str, region: str }
  outputs { results: dataframe }
  query   = \"SELECT COUNT(*) FROM t WHERE day = %(day)s AND region = %(region)s\"
}
",
);

rule_case!(l0016_deprecated_gpu_device, L0016,
    bad: "env train { resources { gpu = \"A100 80G:8\" } }
env train-small extends train {}
env workstation {
  resources { gpu { device = \"RTX PRO 6000\", count = 1, partition = \"1g.24gb\" } }
}
template fit in train-small {}
template render in workstation {}
",
    good: "env train { resources { gpu = \"A100_80G:8\" } }
env train-small extends train {}
env workstation {
  resources { gpu { device = \"RTX_PRO_6000\", count = 1, partition = \"1g.24gb\" } }
}
template fit in train-small {}
template render in workstation {}
",
);

/// The finding's help is the `did you mean` form the editor turns into a
/// quick fix, and the deprecated spelling builds as the current one.
#[test]
fn l0016_deprecated_gpu_device_suggests_the_current_name() {
    let linted = lint_common::lint_with_config(
        "env train { resources { gpu = \"A100 80G:8\" } }\ntemplate fit in train {}\n",
        "",
    );
    let finding = linted
        .diagnostics
        .iter()
        .find(|d| d.code == Code::L0016)
        .expect("a finding");
    assert_eq!(
        finding.help.as_deref(),
        Some(
            "did you mean \"A100_80G:8\"? The SDK accepts the old name with a deprecation warning"
        )
    );
    assert_eq!(
        finding.message,
        "`A100 80G:8` is a deprecated spelling of the GPU `A100_80G:8`"
    );
}
