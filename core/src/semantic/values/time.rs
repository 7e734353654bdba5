//! Date and time values: RFC 3339 date-times normalised the way protobuf
//! prints a `Timestamp`, and strict `YYYY-MM-DD` dates.

use chrono::{DateTime, Datelike, NaiveDate, NaiveDateTime, Timelike, Utc};

/// Why a string is not a date-time (or date); `help` suggests a fix.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TimeError {
    pub message: String,
    pub help: String,
}

/// Parse an RFC 3339 date-time with an explicit offset and print it in UTC
/// the way protobuf prints a `Timestamp`: `2024-01-02T03:04:05Z`, with 0, 3,
/// 6 or 9 fractional digits.
pub fn normalize_rfc3339(text: &str) -> Result<String, TimeError> {
    let parsed = match DateTime::parse_from_rfc3339(text) {
        Ok(parsed) => parsed,
        Err(err) => return Err(rfc3339_error(text, &err.to_string())),
    };
    let utc = parsed.with_timezone(&Utc);
    if utc.nanosecond() >= 1_000_000_000 {
        return Err(TimeError {
            message: format!("{text:?} is a leap second, which Flyte timestamps cannot hold"),
            help: "use the second before or after it".into(),
        });
    }
    if !(1..=9999).contains(&utc.year()) {
        return Err(TimeError {
            message: format!("{text:?} is outside the years 0001–9999 in UTC"),
            help: "Flyte timestamps run from 0001-01-01T00:00:00Z to 9999-12-31T23:59:59Z".into(),
        });
    }
    let nanos = utc.nanosecond();
    let fraction = if nanos == 0 {
        String::new()
    } else if nanos % 1_000_000 == 0 {
        format!(".{:03}", nanos / 1_000_000)
    } else if nanos % 1_000 == 0 {
        format!(".{:06}", nanos / 1_000)
    } else {
        format!(".{nanos:09}")
    };
    Ok(format!("{}{fraction}Z", utc.format("%Y-%m-%dT%H:%M:%S")))
}

fn rfc3339_error(text: &str, reason: &str) -> TimeError {
    let example = "\"2024-01-02T03:04:05Z\"";
    let help = if is_iso_date(text) {
        format!("a `datetime` needs a time and an offset: \"{text}T00:00:00Z\"")
    } else if NaiveDateTime::parse_from_str(text, "%Y-%m-%dT%H:%M:%S%.f").is_ok()
        || NaiveDateTime::parse_from_str(text, "%Y-%m-%d %H:%M:%S%.f").is_ok()
    {
        format!("add a UTC offset: \"{text}Z\" for UTC, or e.g. \"{text}+02:00\"")
    } else {
        format!(
            "write an RFC 3339 date-time such as {example}: a date, `T`, a time, and `Z` or an \
             offset like `+02:00`"
        )
    };
    TimeError {
        message: format!("{text:?} is not an RFC 3339 date-time ({reason})"),
        help,
    }
}

/// `YYYY-MM-DD` exactly (chrono alone would also take `+12345-1-2`).
fn is_iso_date(text: &str) -> bool {
    let bytes = text.as_bytes();
    bytes.len() == 10
        && bytes.iter().enumerate().all(|(i, b)| match i {
            4 | 7 => *b == b'-',
            _ => b.is_ascii_digit(),
        })
        && NaiveDate::parse_from_str(text, "%Y-%m-%d").is_ok_and(|d| d.year() >= 1)
}

/// Check an ISO `YYYY-MM-DD` date.
pub fn normalize_date(text: &str) -> Result<String, TimeError> {
    if is_iso_date(text) {
        return Ok(text.to_string());
    }
    let help = if DateTime::parse_from_rfc3339(text).is_ok() {
        match text.get(..10) {
            Some(day) => format!("a `date` has no time: \"{day}\""),
            None => "write the date as \"YYYY-MM-DD\"".into(),
        }
    } else {
        "write the date as \"YYYY-MM-DD\", e.g. \"2024-01-02\"".into()
    };
    let shaped = text.len() == 10
        && text.bytes().enumerate().all(|(i, b)| {
            if i == 4 || i == 7 {
                b == b'-'
            } else {
                b.is_ascii_digit()
            }
        });
    if shaped {
        return Err(TimeError {
            message: format!("{text:?} is not a valid date (there is no such day)"),
            help: "check the month and the day; years start at 0001".into(),
        });
    }
    Err(TimeError {
        message: format!("{text:?} is not a valid date"),
        help,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn timestamps_print_like_protobuf() {
        let n = |s: &str| normalize_rfc3339(s).map_err(|e| e.message);
        assert_eq!(
            n("2024-01-02T03:04:05Z").as_deref(),
            Ok("2024-01-02T03:04:05Z")
        );
        assert_eq!(
            n("2024-01-02T03:04:05.1Z").as_deref(),
            Ok("2024-01-02T03:04:05.100Z")
        );
        assert_eq!(
            n("2024-01-02T03:04:05.000123Z").as_deref(),
            Ok("2024-01-02T03:04:05.000123Z")
        );
        assert_eq!(
            n("2024-01-02T03:04:05.000000007Z").as_deref(),
            Ok("2024-01-02T03:04:05.000000007Z")
        );
        assert_eq!(
            n("2024-01-01T01:00:00+02:00").as_deref(),
            Ok("2023-12-31T23:00:00Z")
        );
        assert_eq!(
            n("2024-01-02 03:04:05-00:30").as_deref(),
            Ok("2024-01-02T03:34:05Z")
        );
    }

    #[test]
    fn timestamps_outside_what_flyte_holds_are_rejected() {
        assert!(normalize_rfc3339("0001-01-01T00:30:00+01:00").is_err());
        assert!(normalize_rfc3339("2016-12-31T23:59:60Z").is_err());
        assert!(normalize_rfc3339("2024-01-02T03:04:05").is_err());
        assert!(normalize_rfc3339("").is_err());
        assert!(normalize_rfc3339("2024-01-02T25:00:00Z").is_err());
    }

    #[test]
    fn dates_are_strict() {
        assert_eq!(
            normalize_date("2024-02-29").ok().as_deref(),
            Some("2024-02-29")
        );
        for bad in [
            "2023-02-29",
            "2024-1-02",
            "0000-01-01",
            "+2024-01-02",
            "2024-01-02T00:00:00Z",
        ] {
            assert!(normalize_date(bad).is_err(), "{bad}");
        }
    }

    proptest::proptest! {
        #[test]
        fn time_parsing_never_panics(text in "\\PC{0,40}") {
            let _ = normalize_rfc3339(&text);
            let _ = normalize_date(&text);
        }
    }
}
