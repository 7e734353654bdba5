//! The `google.protobuf` well-known types used by the flyteidl2 messages.
//!
//! This is `pbjson_types` (whose serde impls follow the proto3 JSON mapping) with two families
//! replaced, because there `pbjson_types` and Python's `json_format` disagree:
//! - [`Timestamp`]: printed with `Z` and Python's fraction widths, not `+00:00`;
//! - [`Struct`], [`Value`], [`ListValue`]: JSON `null` parses to a `null_value` (pbjson-types
//!   leaves the `kind` unset, which encodes to a different, kind-less message on the wire), and
//!   struct fields are kept sorted so the JSON and the bytes are deterministic.
//!
//! `build.rs` maps the whole `.google.protobuf` package here, so the generated messages use the
//! replacements automatically.

mod structs;
mod timestamp;

pub use pbjson_types::*;
pub use structs::{ListValue, Struct, Value, value};
pub use timestamp::Timestamp;
