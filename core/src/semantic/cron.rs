//! Cron expressions and time zones of trigger schedules.
//!
//! The dialect is the standard 5-field form (minute hour day-of-month month
//! day-of-week) with `*`, `,`, `-`, `/`, `?`, month and weekday names, and the
//! macros `@yearly`, `@annually`, `@monthly`, `@weekly`, `@daily`,
//! `@midnight`, `@hourly`: what a standard cron parser accepts. Seconds and
//! year fields and the Quartz extensions `L`, `W`, `#` are rejected, since
//! Flyte schedules have minute granularity.
//!
//! Accepted expressions are remembered for the life of the process
//! (`valid_crons`): see there for why.

use std::str::FromStr;

use super::suggest;

/// Why a cron expression was rejected.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CronProblem {
    pub message: String,
    pub help: String,
}

const CRON_HELP: &str = "five fields: minute (0-59), hour (0-23), day of month (1-31), month (1-12 or JAN-DEC), day of week (0-6 or SUN-SAT); e.g. \"0 * * * *\" runs hourly";

/// Expressions the cron parser already accepted in this process.
///
/// The language server checks every trigger of a workspace after each
/// keystroke, and the same texts come back every time. Parsing them is the
/// largest part of checking a trigger: without this memo the server's CPU
/// time per edit in `bench/lsp_latency.py` (5,022 lines, 143 cron
/// triggers) rose from 11.2 ms to 17.6 ms, so it stays, although it is
/// state shared by every analysis run. Only accepted texts are kept, so a
/// rejected one is always checked (and explained) again.
mod valid_crons {
    use std::collections::HashSet;
    use std::sync::{Mutex, PoisonError};

    /// Far more distinct schedules than a workspace has; past it the set
    /// starts over, so a long-running server cannot grow without bound.
    const LIMIT: usize = 4096;

    static VALID: Mutex<Option<HashSet<String>>> = Mutex::new(None);

    pub(super) fn known(expression: &str) -> bool {
        let valid = VALID.lock().unwrap_or_else(PoisonError::into_inner);
        valid.as_ref().is_some_and(|set| set.contains(expression))
    }

    pub(super) fn remember(expression: &str) {
        let mut valid = VALID.lock().unwrap_or_else(PoisonError::into_inner);
        let set = valid.get_or_insert_with(HashSet::new);
        if set.len() >= LIMIT {
            set.clear();
        }
        set.insert(expression.to_string());
    }
}

/// Check a cron expression in the dialect described at the top of this module.
pub fn validate_cron(expression: &str) -> Result<(), CronProblem> {
    let trimmed = expression.trim();
    if valid_crons::known(trimmed) {
        return Ok(());
    }
    let problem = |message: String, help: &str| CronProblem {
        message,
        help: help.to_string(),
    };
    if trimmed.is_empty() {
        return Err(problem("it is empty".into(), CRON_HELP));
    }
    let expanded = if let Some(macro_name) = trimmed.strip_prefix('@') {
        match macro_name.to_ascii_lowercase().as_str() {
            "yearly" | "annually" => "0 0 1 1 *",
            "monthly" => "0 0 1 * *",
            "weekly" => "0 0 * * 0",
            "daily" | "midnight" => "0 0 * * *",
            "hourly" => "0 * * * *",
            other if other.starts_with("every") => {
                return Err(problem(
                    "`@every` is not a cron expression".into(),
                    "write `rate = 90m` for a fixed interval",
                ));
            }
            _ => {
                return Err(problem(
                    format!("unknown macro `{trimmed}`"),
                    "the macros are @yearly, @annually, @monthly, @weekly, @daily, @midnight and @hourly",
                ));
            }
        }
    } else {
        trimmed
    };
    let fields: Vec<&str> = expanded.split_whitespace().collect();
    if fields.len() != 5 {
        let help = match fields.len() {
            6 | 7 => "Flyte schedules have minute granularity: drop the seconds (and year) field",
            _ => CRON_HELP,
        };
        return Err(problem(
            format!("it has {} fields, expected 5", fields.len()),
            help,
        ));
    }
    const NAMES: [&str; 19] = [
        "JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC", "SUN",
        "MON", "TUE", "WED", "THU", "FRI", "SAT",
    ];
    // `L`, `W` and `#` also occur in month and weekday names (JUL, WED):
    // only a character left over once the names are removed is an extension.
    let extension = fields.iter().find_map(|field| {
        NAMES
            .iter()
            .fold(field.to_ascii_uppercase(), |acc, name| {
                acc.replace(name, "")
            })
            .chars()
            .find(|c| matches!(c, 'L' | 'W' | '#'))
    });
    if let Some(special) = extension {
        return Err(problem(
            format!("`{special}` is a Quartz extension, not standard cron"),
            "standard cron has no `L`, `W` or `#`: list the days explicitly, or schedule more \
             often and let the task skip the runs it does not want",
        ));
    }
    let parser = croner::parser::CronParser::builder()
        .seconds(croner::parser::Seconds::Disallowed)
        .year(croner::parser::Year::Disallowed)
        .build();
    // The common case, a valid expression, costs one parse; only a bad one
    // is parsed again field by field to name the field at fault (each
    // parse costs tens of microseconds, and the language server runs this
    // for every trigger on every keystroke).
    if parser.parse(expanded).is_ok() {
        valid_crons::remember(trimmed);
        return Ok(());
    }
    // Parse each field alone (the others `*`) so the message can name the
    // field at fault.
    const FIELDS: [(&str, &str); 5] = [
        ("minute", "minutes are 0-59"),
        ("hour", "hours are 0-23"),
        ("day-of-month", "days of the month are 1-31"),
        ("month", "months are 1-12 or JAN-DEC"),
        (
            "day-of-week",
            "days of the week are 0-7 (0 and 7 are Sunday) or SUN-SAT",
        ),
    ];
    for (index, (name, range)) in FIELDS.iter().enumerate() {
        let alone: Vec<&str> = (0..5)
            .map(|i| {
                if i == index {
                    fields.get(i).copied().unwrap_or("*")
                } else {
                    "*"
                }
            })
            .collect();
        if let Err(err) = parser.parse(&alone.join(" ")) {
            let text = fields.get(index).copied().unwrap_or("");
            return Err(CronProblem {
                message: format!("the {name} field `{text}` {}", cron_error_text(&err)),
                help: format!(
                    "{range}; each field is `*`, a value, a range `a-b`, a list `a,b` or a step `*/n`"
                ),
            });
        }
    }
    parser
        .parse(expanded)
        .map(|_| ())
        .map_err(|err| problem(format!("it {}", cron_error_text(&err)), CRON_HELP))
}

fn cron_error_text(err: &croner::errors::CronError) -> String {
    use croner::errors::CronError;
    let text = match err {
        CronError::IllegalCharacters(msg)
        | CronError::ComponentError(msg)
        | CronError::InvalidPattern(msg) => msg.clone(),
        other => other.to_string(),
    };
    // croner writes sentences; the message continues one of ours.
    let text = text.trim_end_matches('.');
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => format!("is invalid: {}{}", first.to_lowercase(), chars.as_str()),
        None => "is invalid".to_string(),
    }
}

/// Check an IANA time zone name; the error is the help line for the user.
pub(crate) fn validate_timezone(zone: &str) -> Result<(), String> {
    if chrono_tz::Tz::from_str(zone).is_ok() {
        return Ok(());
    }
    // Abbreviations are too short for spelling suggestions: `PST` is
    // one letter away from `EST`, a different zone.
    let abbreviation = zone.len() <= 5 && zone.chars().all(|c| c.is_ascii_uppercase());
    let help = zone_abbreviation_help(zone)
        .or_else(|| {
            if abbreviation {
                return None;
            }
            suggest::help_did_you_mean(zone, chrono_tz::TZ_VARIANTS.iter().map(|tz| tz.name()))
        })
        .unwrap_or_else(|| {
            "use an IANA time zone name such as \"UTC\", \"Europe/London\" or \"America/New_York\""
                .into()
        });
    Err(help)
}

/// Zone abbreviations people write, with the IANA zone that observes them.
/// (Some, like `EST` and `CET`, are also IANA names and never get here.)
fn zone_abbreviation_help(zone: &str) -> Option<String> {
    let iana = match zone {
        "PST" | "PDT" | "PT" => "America/Los_Angeles",
        "CST" | "CDT" | "CT" => "America/Chicago",
        "MDT" | "MT" => "America/Denver",
        "EDT" | "ET" => "America/New_York",
        "BST" => "Europe/London",
        "CEST" => "Europe/Paris",
        "IST" => "Asia/Kolkata",
        "JST" => "Asia/Tokyo",
        "AEST" | "AEDT" => "Australia/Sydney",
        _ => return None,
    };
    Some(format!(
        "abbreviations are not time zones; use the IANA name of a place, e.g. \"{iana}\" \
         (which also follows daylight saving time)"
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cron_names_containing_extension_letters_are_fine() {
        assert_eq!(validate_cron("0 0 * JUL WED"), Ok(()));
        // A second check of the same text answers from the memo, the same way.
        assert!(valid_crons::known("0 0 * JUL WED"));
        assert_eq!(validate_cron("0 0 * JUL WED"), Ok(()));
        // Only accepted texts are remembered.
        for _ in 0..2 {
            assert!(validate_cron("61 0 * * *").is_err());
        }
        assert!(!valid_crons::known("61 0 * * *"));
        assert_eq!(validate_cron("0 0 * jul-dec sat"), Ok(()));
        assert!(validate_cron("0 0 * * 5#2").is_err());
        assert!(validate_cron("0 0 15W * *").is_err());
    }

    #[test]
    fn cron_macros_and_field_counts() {
        for ok in ["@hourly", "@Weekly", "@annually", "*/5 * * * *"] {
            assert_eq!(validate_cron(ok), Ok(()), "{ok}");
        }
        for bad in [
            "@reboot",
            "@every 1h",
            "* * * *",
            "0 0 0 * * * *",
            "0 24 * * *",
            "*/0 * * * *",
        ] {
            assert!(validate_cron(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn time_zones_are_iana_names() {
        for ok in ["UTC", "Europe/Kyiv", "Etc/GMT-5"] {
            assert_eq!(validate_timezone(ok), Ok(()), "{ok}");
        }
        let abbreviation = validate_timezone("PST").err().unwrap_or_default();
        assert!(
            abbreviation.contains("America/Los_Angeles"),
            "{abbreviation}"
        );
        let misspelled = validate_timezone("Europe/Londn").err().unwrap_or_default();
        assert!(misspelled.contains("Europe/London"), "{misspelled}");
        // An unknown abbreviation gets no spelling suggestion.
        let unknown = validate_timezone("XYZT").err().unwrap_or_default();
        assert!(
            unknown.starts_with("use an IANA time zone name"),
            "{unknown}"
        );
    }

    proptest::proptest! {
        #[test]
        fn cron_validation_never_panics(text in "[0-9*/,\\-?LW#@a-zA-Z ]{0,30}") {
            let _ = validate_cron(&text);
        }
    }
}
