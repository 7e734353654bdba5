//! Trigger blocks (LANGUAGE.md §3.5, WIRE.md §5.9): the golden trigger
//! cases written in `.task`, and every trigger diagnostic rendered.

mod expect_code;
mod semantic_support;

use semantic_support::check;
use taskc_core::diagnostics::Code;
use taskc_core::semantic::triggers::{Preset, Schedule, check_unique_trigger_names};
use taskc_core::semantic::values::TypedValue;
use taskc_core::source::FileId;
use taskc_core::syntax::ast::{DurationLit, Entry, Item};
use taskc_core::syntax::parse;

/// Template `report` in env `scheduled` with the inputs of
/// conformance/17_triggers and the given trigger blocks.
fn report(triggers: &str) -> String {
    format!(
        "template report in scheduled {{\n  inputs {{\n    kickoff: datetime\n    region: str = \"us\"\n    limit: int = 10\n  }}\n{triggers}}}\n"
    )
}

/// `$name` (named after `$code`): `$text` reports `$code` and returns no
/// trigger; snapshot of the rendering.
macro_rules! rendered {
    ($name:ident, $code:ident, $text:expr) => {
        #[test]
        fn $name() {
            let checked = check(&$text);
            expect_code::assert_named_after(stringify!($name), Code::$code);
            expect_code::assert_reports(&checked.diagnostics, Code::$code, || checked.render());
            assert!(
                checked.triggers.is_empty(),
                "a trigger with errors was returned"
            );
            insta::assert_snapshot!(stringify!($name), checked.render());
        }
    };
}

fn str_value(s: &str) -> TypedValue {
    TypedValue::Str(s.into())
}

// ---- conformance/17_triggers --------------------------------------------------

const GOLDEN: &str = r#"  trigger every-hour {
    cron = "0 * * * *", timezone = "America/New_York"
    description = "hourly"
    inputs { kickoff = trigger_time, region = "eu" }
    env_vars { TRIGGERED = "1" }
    interruptible = true, overwrite_cache = true, queue = "cron-q", max_action_concurrency = 4
    labels { k = "v" }, annotations { a = "b" }, context { ctx = "1" }
  }
  trigger every-90-min {
    rate = 90m, start_time = "2025-01-01T00:00:00Z"
    active = false
  }
  trigger manual {
    inputs { region = "us" }
  }
"#;

#[test]
fn cron_trigger_with_every_attribute() {
    let checked = check(&report(GOLDEN));
    assert!(checked.diagnostics.is_empty(), "{}", checked.render());
    let t = checked.trigger("every-hour");
    assert_eq!(
        t.schedule,
        Schedule::Cron {
            expression: "0 * * * *".into(),
            timezone: "America/New_York".into(),
            preset: None
        }
    );
    assert_eq!(t.description.as_deref(), Some("hourly"));
    assert!(t.active);
    assert_eq!(t.kickoff_input.as_deref(), Some("kickoff"));
    assert_eq!(
        t.inputs,
        [
            ("kickoff".to_string(), TypedValue::TriggerTime),
            ("region".to_string(), str_value("eu"))
        ]
    );
    // The trigger's own values, then the task defaults it does not set.
    assert_eq!(
        t.literals,
        [
            ("region".to_string(), str_value("eu")),
            ("limit".to_string(), TypedValue::Int(10))
        ]
    );
    assert!(t.unbound_inputs.is_empty());
    assert_eq!(t.env_vars, [("TRIGGERED".to_string(), "1".to_string())]);
    assert_eq!(t.interruptible, Some(true));
    assert!(t.overwrite_cache);
    assert_eq!(t.queue.as_deref(), Some("cron-q"));
    assert_eq!(t.max_action_concurrency, Some(4));
    assert_eq!(t.labels, [("k".to_string(), "v".to_string())]);
    assert_eq!(t.annotations, [("a".to_string(), "b".to_string())]);
    assert_eq!(t.context, [("ctx".to_string(), "1".to_string())]);
    let written: Vec<&str> = t.attributes.iter().map(|(name, _)| name.as_str()).collect();
    assert_eq!(written[..3], ["cron", "timezone", "description"]);
}

#[test]
fn rate_trigger_counts_minutes() {
    let checked = check(&report(GOLDEN));
    let t = checked.trigger("every-90-min");
    assert_eq!(
        t.schedule,
        Schedule::Rate {
            every: DurationLit {
                nanos: 90 * 60 * 1_000_000_000
            },
            minutes: 90,
            start_time: Some("2025-01-01T00:00:00Z".into())
        }
    );
    assert!(!t.active);
    assert_eq!(t.description, None);
    assert_eq!(t.kickoff_input, None);
    assert_eq!(
        t.literals,
        [
            ("region".to_string(), str_value("us")),
            ("limit".to_string(), TypedValue::Int(10))
        ]
    );
    // `kickoff` has no default and is neither set nor bound.
    assert_eq!(t.unbound_inputs, ["kickoff"]);
    assert_eq!(t.interruptible, None);
    assert!(!t.overwrite_cache);
}

#[test]
fn a_trigger_without_schedule_is_manual() {
    let checked = check(&report(GOLDEN));
    let t = checked.trigger("manual");
    assert_eq!(t.schedule, Schedule::Manual);
    assert!(t.active);
    assert_eq!(
        t.literals,
        [
            ("region".to_string(), str_value("us")),
            ("limit".to_string(), TypedValue::Int(10))
        ]
    );
}

#[test]
fn presets_use_the_sdk_cron_strings_and_descriptions() {
    let text = "template hourly in scheduled {\n  inputs { t: datetime }\n  trigger hourly { schedule = hourly, inputs { t = trigger_time } }\n}\n\
                template presets in scheduled {\n  trigger daily { schedule = daily }\n  trigger weekly { schedule = weekly }\n  trigger monthly { schedule = monthly }\n  trigger minutely { schedule = minutely }\n}\n";
    let checked = check(text);
    assert!(checked.diagnostics.is_empty(), "{}", checked.render());
    let hourly = checked.trigger("hourly");
    assert_eq!(hourly.kickoff_input.as_deref(), Some("t"));
    assert_eq!(hourly.literals, []);
    for (name, cron, description) in [
        ("hourly", "0 * * * *", "A trigger that runs every hour"),
        (
            "daily",
            "0 0 * * *",
            "A trigger that runs daily at midnight",
        ),
        (
            "weekly",
            "0 0 * * 0",
            "A trigger that runs weekly on Sundays at midnight",
        ),
        (
            "monthly",
            "0 0 1 * *",
            "A trigger that runs monthly on the 1st at midnight",
        ),
        ("minutely", "* * * * *", "A trigger that runs every minute"),
    ] {
        let t = checked.trigger(name);
        assert_eq!(
            t.schedule,
            Schedule::Cron {
                expression: cron.into(),
                timezone: "UTC".into(),
                preset: Preset::from_name(name)
            }
        );
        assert_eq!(t.description.as_deref(), Some(description));
    }
}

#[test]
fn a_written_description_replaces_the_preset_one() {
    let checked = check(&report(
        "  trigger h {\n    schedule = hourly, description = \"mine\"\n  }\n",
    ));
    assert_eq!(checked.trigger("h").description.as_deref(), Some("mine"));
}

#[test]
fn long_descriptions_are_cut_like_the_sdk() {
    let long = "x".repeat(300);
    let checked = check(&report(&format!(
        "  trigger h {{\n    description = \"{long}\"\n  }}\n"
    )));
    let description = checked.trigger("h").description.clone().unwrap_or_default();
    assert_eq!(description.chars().count(), 255);
    assert!(description.ends_with("x...(tr.)"));
}

#[test]
fn trigger_inputs_are_type_checked_against_the_task() {
    let text = "type Region = enum { eu, us }\n\
                template t in e {\n  inputs { r: Region, n: float?, when: datetime? }\n  trigger go {\n    rate = 1h\n    inputs { r = eu, n = 2, when = trigger_time }\n  }\n}\n";
    let checked = check(text);
    assert!(checked.diagnostics.is_empty(), "{}", checked.render());
    let t = checked.trigger("go");
    assert_eq!(
        t.literals,
        [
            (
                "r".to_string(),
                TypedValue::Enum {
                    member: "eu".into()
                }
            ),
            (
                "n".to_string(),
                TypedValue::Union {
                    variant: 0,
                    value: Box::new(TypedValue::Float(2.0))
                }
            ),
        ]
    );
    assert_eq!(t.kickoff_input.as_deref(), Some("when"));
    assert!(matches!(t.schedule, Schedule::Rate { minutes: 60, .. }));
}

#[test]
fn cron_dialect() {
    for ok in [
        "0 9 * * MON-FRI",
        "*/15 0-6 1,15 JAN-MAR ?",
        "0 0 * * 7",
        "@daily",
        "@midnight",
        "@YEARLY",
        " 0 * * * * ",
    ] {
        let checked = check(&report(&format!("  trigger c {{ cron = \"{ok}\" }}\n")));
        assert!(checked.diagnostics.is_empty(), "{ok}: {}", checked.render());
        // Sent as written.
        assert!(
            matches!(&checked.trigger("c").schedule, Schedule::Cron { expression, .. } if expression == ok)
        );
    }
}

#[test]
fn time_zones_accept_every_iana_name() {
    for zone in [
        "UTC",
        "Etc/GMT-5",
        "America/Argentina/San_Luis",
        "Europe/Kyiv",
    ] {
        let checked = check(&report(&format!(
            "  trigger c {{ cron = \"0 * * * *\", timezone = \"{zone}\" }}\n"
        )));
        assert!(
            checked.diagnostics.is_empty(),
            "{zone}: {}",
            checked.render()
        );
    }
}

// ---- golden rejections ------------------------------------------------------------

// conformance/57_err_trigger_time_not_an_input
rendered!(
    e0410_trigger_time_not_an_input,
    E0410,
    "template t in bad-trigger {\n  inputs { x: int = 1 }\n  trigger hourly { schedule = hourly, inputs { kickoff = trigger_time } }\n}\n"
);
// conformance/58_err_trigger_unknown_default
rendered!(
    e0410_unknown_input,
    E0410,
    "template t in bad-trigger-input {\n  inputs { x: int = 1 }\n  trigger tr {\n    rate = 5m\n    inputs { nope = 1 }\n  }\n}\n"
);
rendered!(
    e0410_misspelled_input,
    E0410,
    report("  trigger tr {\n    rate = 5m\n    inputs { regoin = \"eu\" }\n  }\n")
);
// conformance/60_err_trigger_time_on_manual
rendered!(
    e0412_trigger_time_on_manual,
    E0412,
    "template t in e {\n  inputs { t: datetime }\n  trigger tr {\n    inputs { t = trigger_time }\n  }\n}\n"
);
// conformance/28_cron_not_validated: the SDK sends it; taskc rejects it.
rendered!(
    e0404_not_cron,
    E0404,
    "template run in badcron {\n  trigger nonsense { cron = \"this is not cron\" }\n}\n"
);

// The SDK converts trigger values by `type(v)`: a list is pickled, a dict
// for a `dict[str, int]` input fails ("Failed to convert trigger default input").
rendered!(
    e0225_list_trigger_input,
    E0225,
    "template t in e {\n  inputs { xs: list[int] }\n  trigger tr {\n    inputs { xs = [1] }\n  }\n}\n"
);
rendered!(
    e0225_dict_trigger_input,
    E0225,
    "template t in e {\n  inputs { m: dict[str, int] }\n  trigger tr {\n    inputs { m = { a = 1 } }\n  }\n}\n"
);
// `{}` for `struct | dict[str, int]`: the SDK sends an empty map, not the struct.
rendered!(
    e0225_empty_struct_in_a_union,
    E0225,
    "template t in e {\n  inputs { m: struct | dict[str, int] }\n  trigger tr {\n    inputs { m = {} }\n  }\n}\n"
);

/// Dicts the SDK converts right: any for a `struct` input, `{}` for a
/// `dict[str, …]` one.
#[test]
fn trigger_dicts_the_sdk_converts_are_accepted() {
    for (ty, value) in [
        ("struct", "{ a = 1 }"),
        ("dict[int, str]", "{ \"1\" = \"a\" }"),
        ("dict[str, int]", "{}"),
        ("dict[str, int]?", "{}"),
    ] {
        let checked = check(&format!(
            "template t in e {{\n  inputs {{ m: {ty} }}\n  trigger tr {{\n    inputs {{ m = {value} }}\n  }}\n}}\n"
        ));
        assert!(checked.diagnostics.is_empty(), "{ty}: {}", checked.render());
        assert_eq!(checked.triggers.len(), 1, "{ty}");
    }
}

// ---- every other diagnostic ---------------------------------------------------------

rendered!(
    e0401_misspelled_attribute,
    E0401,
    report("  trigger h {\n    schedule = hourly\n    timzone = \"UTC\"\n  }\n")
);
rendered!(
    e0401_sdk_name,
    E0401,
    report("  trigger h {\n    auto_activate = false\n  }\n")
);
rendered!(
    e0401_name_attribute,
    E0401,
    report("  trigger h {\n    name = \"other\"\n  }\n")
);
rendered!(
    e0401_nested_block,
    E0401,
    report("  trigger h {\n    trigger inner { }\n  }\n")
);
rendered!(
    e0402_quoted_bool,
    E0402,
    report("  trigger h {\n    active = \"yes\"\n  }\n")
);
rendered!(
    e0402_unquoted_queue,
    E0402,
    report("  trigger h {\n    queue = fast\n  }\n")
);
rendered!(
    e0402_number_in_env_vars,
    E0402,
    report("  trigger h {\n    env_vars { N = 1 }\n  }\n")
);
rendered!(
    e0402_append,
    E0402,
    report("  trigger h {\n    labels += { a = \"b\" }\n  }\n")
);
rendered!(
    e0402_inputs_not_a_block,
    E0402,
    report("  trigger h {\n    inputs = [1]\n  }\n")
);
rendered!(
    e0402_reserved_context_key,
    E0402,
    report("  trigger h {\n    context { _u_kickoff_time_input_arg = \"x\" }\n  }\n")
);
rendered!(
    e0402_field_in_a_trigger,
    E0402,
    report("  trigger h {\n    region: str\n  }\n")
);
rendered!(
    e0403_two_schedules,
    E0403,
    report("  trigger h {\n    cron = \"0 * * * *\"\n    rate = 1h\n  }\n")
);
rendered!(
    e0404_seconds_field,
    E0404,
    report("  trigger h { cron = \"0 0 * * * *\" }\n")
);
rendered!(
    e0404_out_of_range,
    E0404,
    report("  trigger h { cron = \"61 * * * *\" }\n")
);
rendered!(
    e0404_quartz_extension,
    E0404,
    report("  trigger h { cron = \"0 0 L * *\" }\n")
);
rendered!(
    e0404_every_macro,
    E0404,
    report("  trigger h { cron = \"@every 5m\" }\n")
);
rendered!(e0404_empty, E0404, report("  trigger h { cron = \"\" }\n"));
rendered!(
    e0405_misspelled_zone,
    E0405,
    report("  trigger h {\n    cron = \"0 * * * *\", timezone = \"America/New_Yrok\"\n  }\n")
);
rendered!(
    e0405_wrong_case,
    E0405,
    report("  trigger h {\n    cron = \"0 * * * *\", timezone = \"utc\"\n  }\n")
);
rendered!(
    e0405_abbreviation,
    E0405,
    report("  trigger h {\n    schedule = daily, timezone = \"PST\"\n  }\n")
);
rendered!(
    e0406_timezone_on_a_rate,
    E0406,
    report("  trigger h {\n    rate = 1h, timezone = \"UTC\"\n  }\n")
);
rendered!(
    e0406_start_time_on_cron,
    E0406,
    report("  trigger h {\n    cron = \"0 * * * *\", start_time = \"2025-01-01T00:00:00Z\"\n  }\n")
);
rendered!(
    e0406_timezone_on_manual,
    E0406,
    report("  trigger h {\n    timezone = \"UTC\"\n  }\n")
);
rendered!(
    e0407_seconds_rate,
    E0407,
    report("  trigger h { rate = 90s }\n")
);
rendered!(
    e0407_sub_minute_rate,
    E0407,
    report("  trigger h { rate = 30s }\n")
);
rendered!(
    e0407_zero_rate,
    E0407,
    report("  trigger h { rate = 0s }\n")
);
rendered!(
    e0402_rate_without_unit,
    E0402,
    report("  trigger h { rate = 90 }\n")
);
rendered!(
    e0408_bad_start_time,
    E0408,
    report("  trigger h {\n    rate = 1h, start_time = \"2025-01-01 00:00\"\n  }\n")
);
rendered!(
    e0409_misspelled_preset,
    E0409,
    report("  trigger h { schedule = hourlly }\n")
);
rendered!(
    e0409_unknown_preset,
    E0409,
    report("  trigger h { schedule = yearly }\n")
);
rendered!(
    e0402_quoted_preset,
    E0402,
    report("  trigger h { schedule = \"daily\" }\n")
);
rendered!(
    e0411_trigger_time_on_an_int,
    E0411,
    report("  trigger h {\n    schedule = hourly\n    inputs { limit = trigger_time }\n  }\n")
);
rendered!(
    e0413_trigger_time_twice,
    E0413,
    "template t in e {\n  inputs { a: datetime, b: datetime }\n  trigger h {\n    schedule = hourly\n    inputs { a = trigger_time, b = trigger_time }\n  }\n}\n"
);
rendered!(
    e0414_one,
    E0414,
    report("  trigger h { max_action_concurrency = 1 }\n")
);
rendered!(
    e0414_negative,
    E0414,
    report("  trigger h { max_action_concurrency = -3 }\n")
);
rendered!(
    e0415_long_name,
    E0415,
    report(&format!("  trigger {} {{ }}\n", "n".repeat(256)))
);
rendered!(
    e0416_attribute_twice,
    E0416,
    report("  trigger h {\n    queue = \"a\"\n    queue = \"b\"\n  }\n")
);
rendered!(
    e0416_input_twice,
    E0416,
    report("  trigger h {\n    inputs { region = \"a\", region = \"b\" }\n  }\n")
);
rendered!(
    e0210_input_of_the_wrong_type,
    E0210,
    report("  trigger h {\n    inputs { limit = \"ten\" }\n  }\n")
);

#[test]
fn all_problems_of_a_trigger_are_reported_together() {
    let checked = check(&report(
        "  trigger h {\n    cron = \"nope\", timezone = \"Mars/Base\"\n    active = 1\n    inputs { nope = 1 }\n    max_action_concurrency = 1\n  }\n",
    ));
    assert_eq!(
        checked.codes(),
        [
            Code::E0404,
            Code::E0405,
            Code::E0402,
            Code::E0410,
            Code::E0414
        ]
    );
}

#[test]
fn duplicate_trigger_names_on_one_task() {
    let text = report("  trigger h { }\n  trigger g { }\n  trigger h { rate = 5m }\n");
    let parsed = parse(FileId(0), &text);
    let Some(Item::Template(template)) = parsed.file.items.first() else {
        panic!("{:?}", parsed.diagnostics)
    };
    let blocks: Vec<_> = template
        .body
        .entries
        .iter()
        .filter_map(|e| match e {
            Entry::Labeled(b) if b.kind.name == "trigger" => Some(b),
            _ => None,
        })
        .collect();
    let diags = check_unique_trigger_names(&blocks, FileId(0));
    assert_eq!(diags.len(), 1);
    assert_eq!(diags[0].code, Code::E0417);
    assert_eq!(
        &text[diags[0].primary.span.start..diags[0].primary.span.end],
        "h"
    );
    assert!(diags[0].primary.span.start > text.find("trigger g").unwrap_or(0));
}
