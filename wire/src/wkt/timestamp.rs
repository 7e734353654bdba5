//! `google.protobuf.Timestamp` with the JSON text Python's `json_format` produces.
//!
//! `pbjson_types::Timestamp` prints `chrono`'s default RFC 3339 form, `2025-01-01T00:00:00+00:00`.
//! Python's `Timestamp.ToJsonString` (and so `MessageToDict`) prints UTC with a `Z` suffix and
//! 0, 3, 6 or 9 fractional digits, the fewest that keep every nanosecond:
//! `2025-01-01T00:00:00Z`, `…:05.500Z`, `…:05.000001Z`, `…:05.000000001Z`. Both are valid
//! RFC 3339, but taskc's output must equal the SDK's byte for byte, so the generated types use
//! this type for every `google.protobuf.Timestamp` field instead (see `build.rs`). Its binary
//! encoding is the well-known type's (`seconds` = 1, `nanos` = 2).

use chrono::{DateTime, SecondsFormat, Utc};
use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// A point in time: seconds and nanoseconds since the Unix epoch, UTC.
#[derive(Clone, Copy, PartialEq, Eq, Hash, ::prost::Message)]
pub struct Timestamp {
    /// Seconds since 1970-01-01T00:00:00Z.
    #[prost(int64, tag = "1")]
    pub seconds: i64,
    /// Non-negative fraction of a second, `0..=999_999_999`.
    #[prost(int32, tag = "2")]
    pub nanos: i32,
}

/// `0001-01-01T00:00:00Z` and `9999-12-31T23:59:59Z`: the range the JSON mapping (and Python)
/// accepts.
const MIN_SECONDS: i64 = -62_135_596_800;
const MAX_SECONDS: i64 = 253_402_300_799;

impl Timestamp {
    /// The UTC date-time, or why the value has no JSON form.
    pub fn to_datetime(self) -> Result<DateTime<Utc>, String> {
        if !(MIN_SECONDS..=MAX_SECONDS).contains(&self.seconds) {
            return Err(format!(
                "Timestamp seconds {} is outside 0001-01-01..9999-12-31",
                self.seconds
            ));
        }
        let nanos = u32::try_from(self.nanos)
            .ok()
            .filter(|n| *n < 1_000_000_000)
            .ok_or_else(|| format!("Timestamp nanos {} is outside 0..=999999999", self.nanos))?;
        DateTime::from_timestamp(self.seconds, nanos).ok_or_else(|| {
            format!(
                "Timestamp {}s {}ns is not a valid date",
                self.seconds, nanos
            )
        })
    }
}

impl From<DateTime<Utc>> for Timestamp {
    fn from(value: DateTime<Utc>) -> Self {
        let nanos = value.timestamp_subsec_nanos();
        Self {
            seconds: value.timestamp(),
            // A leap second is reported as nanos ≥ 10^9; protobuf has no leap seconds.
            nanos: i32::try_from(nanos.min(999_999_999)).unwrap_or(0),
        }
    }
}

impl From<pbjson_types::Timestamp> for Timestamp {
    fn from(value: pbjson_types::Timestamp) -> Self {
        Self {
            seconds: value.seconds,
            nanos: value.nanos,
        }
    }
}

impl From<Timestamp> for pbjson_types::Timestamp {
    fn from(value: Timestamp) -> Self {
        Self {
            seconds: value.seconds,
            nanos: value.nanos,
        }
    }
}

impl Serialize for Timestamp {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let datetime = self.to_datetime().map_err(serde::ser::Error::custom)?;
        // AutoSi = 0, 3, 6 or 9 digits, exactly Python's choice; `true` = "Z" for UTC.
        serializer.serialize_str(&datetime.to_rfc3339_opts(SecondsFormat::AutoSi, true))
    }
}

impl<'de> Deserialize<'de> for Timestamp {
    /// Any RFC 3339 time (`Z` or an offset), as in every JSON mapping implementation.
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        pbjson_types::Timestamp::deserialize(deserializer).map(Self::from)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn json(seconds: i64, nanos: i32) -> String {
        serde_json::to_string(&Timestamp { seconds, nanos }).unwrap_or_else(|e| e.to_string())
    }

    #[test]
    fn prints_utc_with_z_and_python_fraction_widths() {
        assert_eq!(json(1_735_689_600, 0), r#""2025-01-01T00:00:00Z""#);
        assert_eq!(
            json(1_735_689_600, 500_000_000),
            r#""2025-01-01T00:00:00.500Z""#
        );
        assert_eq!(
            json(1_735_689_600, 1_000),
            r#""2025-01-01T00:00:00.000001Z""#
        );
        assert_eq!(
            json(1_735_689_600, 1),
            r#""2025-01-01T00:00:00.000000001Z""#
        );
        assert_eq!(json(MIN_SECONDS, 0), r#""0001-01-01T00:00:00Z""#);
        assert_eq!(json(-1, 0), r#""1969-12-31T23:59:59Z""#);
    }

    #[test]
    fn out_of_range_values_have_no_json_form() {
        assert!(
            serde_json::to_string(&Timestamp {
                seconds: MAX_SECONDS + 1,
                nanos: 0
            })
            .is_err()
        );
        assert!(
            serde_json::to_string(&Timestamp {
                seconds: 0,
                nanos: -1
            })
            .is_err()
        );
        assert!(
            serde_json::to_string(&Timestamp {
                seconds: 0,
                nanos: 1_000_000_000
            })
            .is_err()
        );
    }

    #[test]
    fn parses_z_and_offsets() {
        let parse = |s: &str| serde_json::from_str::<Timestamp>(s).ok();
        let expected = Some(Timestamp {
            seconds: 1_735_689_600,
            nanos: 0,
        });
        assert_eq!(parse(r#""2025-01-01T00:00:00Z""#), expected);
        assert_eq!(parse(r#""2025-01-01T00:00:00+00:00""#), expected);
        assert_eq!(parse(r#""2025-01-01T01:00:00+01:00""#), expected);
        assert_eq!(parse(r#""not a date""#), None);
    }
}
