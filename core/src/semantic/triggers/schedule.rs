//! When a trigger fires: `cron`, `schedule` (a preset) or `rate`, with
//! `timezone` and `start_time`, or no schedule at all.

use super::super::cron;
use super::super::cx::Cx;
use super::super::suggest;
use super::super::value_readers;
use super::super::values;
use super::attributes::Attrs;
use super::{
    BAD_CRON, BAD_RATE, BAD_START_TIME, BAD_TIMEZONE, IDLE_OPTION, Preset, Schedule, TWO_SCHEDULES,
    UNKNOWN_PRESET, string,
};
use crate::diagnostics::Diagnostic;
use crate::syntax::ast::{self, ValueKind};

const SCHEDULE_ATTRIBUTES: [&str; 3] = ["cron", "rate", "schedule"];

pub(super) fn schedule(cx: &mut Cx, attrs: &Attrs) -> Option<Schedule> {
    let written: Vec<&ast::Attribute> = attrs
        .list
        .iter()
        .copied()
        .filter(|a| SCHEDULE_ATTRIBUTES.contains(&a.key.name.as_str()))
        .collect();
    let mut ok = true;
    if let [first, rest @ ..] = written.as_slice() {
        for extra in rest {
            cx.push(
                Diagnostic::error(
                    TWO_SCHEDULES,
                    cx.at(extra.key.span),
                    format!(
                        "a trigger has one schedule, but both `{}` and `{}` are set",
                        first.key.name, extra.key.name
                    ),
                )
                .with_primary_label("second schedule")
                .with_label(cx.at(first.key.span), "schedule set here")
                .with_help("keep one of `cron`, `rate` and `schedule`; for several schedules write several triggers"),
            );
            ok = false;
        }
    }
    // Each written schedule is still checked, so one run shows every problem.
    let mut resolved = None;
    for attr in &written {
        let schedule = match attr.key.name.as_str() {
            "cron" => cron(cx, attr).map(|expression| (expression, None)),
            "schedule" => preset(cx, attr).map(|p| (p.cron().to_string(), Some(p))),
            _ => {
                let rate = rate(cx, attr, attrs);
                if resolved.is_none() {
                    resolved = rate;
                }
                continue;
            }
        };
        let timezone = timezone(cx, attrs);
        if let (Some((expression, preset)), Some(timezone)) = (schedule, timezone) {
            if resolved.is_none() {
                resolved = Some(Schedule::Cron {
                    expression,
                    timezone,
                    preset,
                });
            }
        }
    }
    let kind = written.first().map(|a| a.key.name.as_str());
    check_schedule_options(cx, attrs, kind);
    if written.is_empty() {
        return Some(Schedule::Manual);
    }
    if !ok {
        return None;
    }
    resolved
}

/// `timezone` goes with cron schedules, `start_time` with rates.
fn check_schedule_options(cx: &mut Cx, attrs: &Attrs, kind: Option<&str>) {
    let described = match kind {
        Some("rate") => "a `rate` schedule",
        Some(_) => "a cron schedule",
        None => "a manual trigger (no schedule)",
    };
    if let Some(tz) = attrs.get("timezone") {
        if !matches!(kind, Some("cron" | "schedule")) {
            cx.error(
                IDLE_OPTION,
                tz.key.span,
                format!("`timezone` has no effect on {described}"),
                "`timezone` applies to `cron = \"…\"` and `schedule = …` triggers; remove it",
            );
        }
    }
    if let Some(start) = attrs.get("start_time") {
        if kind != Some("rate") {
            cx.error(
                IDLE_OPTION,
                start.key.span,
                format!("`start_time` has no effect on {described}"),
                "`start_time` applies to `rate = …` triggers; remove it",
            );
        }
    }
}

fn cron(cx: &mut Cx, attr: &ast::Attribute) -> Option<String> {
    let expression = string(cx, attr)?;
    match cron::validate_cron(&expression) {
        Ok(()) => Some(expression),
        Err(problem) => {
            cx.push(
                Diagnostic::error(
                    BAD_CRON,
                    cx.at(attr.value.span),
                    format!(
                        "invalid cron expression {expression:?}: {}",
                        problem.message
                    ),
                )
                .with_primary_label("not a 5-field cron expression")
                .with_help(problem.help),
            );
            None
        }
    }
}

/// The zone of a cron schedule: `"UTC"` unless written.
fn timezone(cx: &mut Cx, attrs: &Attrs) -> Option<String> {
    let Some(attr) = attrs.get("timezone") else {
        return Some("UTC".to_string());
    };
    let zone = string(cx, attr)?;
    let Err(help) = cron::validate_timezone(&zone) else {
        return Some(zone);
    };
    cx.push(
        Diagnostic::error(
            BAD_TIMEZONE,
            cx.at(attr.value.span),
            format!("unknown time zone {zone:?}"),
        )
        .with_primary_label("not an IANA time zone")
        .with_help(help),
    );
    None
}

fn preset(cx: &mut Cx, attr: &ast::Attribute) -> Option<Preset> {
    let names = Preset::ALL.map(Preset::name);
    let (word, quoted) = match &attr.value.kind {
        ValueKind::Ident(word) => (word.as_str(), false),
        ValueKind::Str(s) => (s.value.as_str(), true),
        _ => {
            value_readers::mismatch_with_help(
                cx,
                &attr.value,
                &attr.key.name,
                "a preset",
                format!(
                    "write `schedule = hourly`; presets are {}",
                    names.join(", ")
                ),
            );
            return None;
        }
    };
    match Preset::from_name(word) {
        Some(_) if quoted => {
            value_readers::mismatch_with_help(
                cx,
                &attr.value,
                &attr.key.name,
                "a preset name",
                format!("write it without quotes: `schedule = {word}`"),
            );
            None
        }
        Some(preset) => Some(preset),
        None => {
            let help = suggest::help_did_you_mean(word, names)
                .map(|h| format!("{h} (presets are {})", names.join(", ")))
                .unwrap_or_else(|| {
                    format!(
                        "presets are {}; for anything else write `cron = \"…\"`",
                        names.join(", ")
                    )
                });
            cx.error(
                UNKNOWN_PRESET,
                attr.value.span,
                format!("unknown schedule preset `{word}`"),
                help,
            );
            None
        }
    }
}

fn rate(cx: &mut Cx, attr: &ast::Attribute, attrs: &Attrs) -> Option<Schedule> {
    let start_time = match attrs.get("start_time") {
        None => Some(None),
        Some(start) => start_time(cx, start).map(Some),
    };
    let every = match &attr.value.kind {
        ValueKind::Duration(d) => *d,
        ValueKind::Int(n) => {
            let help = format!("add a unit: `rate = {n}m`");
            value_readers::mismatch_with_help(cx, &attr.value, "rate", "a duration", help);
            return None;
        }
        _ => {
            let help = "write e.g. `rate = 90m` or `rate = 2h`";
            value_readers::mismatch_with_help(cx, &attr.value, "rate", "a duration", help);
            return None;
        }
    };
    const MINUTE: u128 = 60 * 1_000_000_000;
    let problem = if every.nanos == 0 {
        Some((
            "a rate must be longer than zero".to_string(),
            "write e.g. `rate = 5m`".to_string(),
        ))
    } else if every.nanos % MINUTE != 0 {
        let down = every.nanos / MINUTE;
        let up = down + 1;
        let help = if down == 0 {
            "write at least `1m`".to_string()
        } else {
            format!("write `{down}m` or `{up}m`")
        };
        Some((
            "a rate must be a whole number of minutes (Flyte's fixed rates count minutes)"
                .to_string(),
            help,
        ))
    } else if u32::try_from(every.nanos / MINUTE).is_err() {
        Some((
            format!("a rate can be at most {} minutes", u32::MAX),
            "write a shorter rate".to_string(),
        ))
    } else {
        None
    };
    if let Some((message, help)) = problem {
        cx.error(BAD_RATE, attr.value.span, message, help);
        return None;
    }
    let minutes = u32::try_from(every.nanos / MINUTE).ok()?;
    Some(Schedule::Rate {
        every,
        minutes,
        start_time: start_time?,
    })
}

fn start_time(cx: &mut Cx, attr: &ast::Attribute) -> Option<String> {
    let text = string(cx, attr)?;
    match values::normalize_rfc3339(&text) {
        Ok(normalized) => Some(normalized),
        Err(err) => {
            cx.error(
                BAD_START_TIME,
                attr.value.span,
                format!("invalid `start_time`: {}", err.message),
                err.help,
            );
            None
        }
    }
}
