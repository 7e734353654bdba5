//! Differences the differential check has found and that are not fixed
//! yet, each with what is known of it. A workspace whose every difference
//! matches one of these is counted under it instead of failing the run; a
//! difference that matches none fails it. Remove a row when its class is
//! fixed (the run then proves the fix on every seed).

use super::oracle::Verdict;

/// `(class, substring of a difference line or SDK message, explanation)`.
pub const KNOWN: &[(&str, &str, &str)] = &[
    (
        "sdk-trigger-conversion",
        "Failed to convert trigger default input",
        "the SDK cannot convert some trigger inputs (by the Python value's own type)",
    ),
    (
        "dict-bytes-schema",
        "additionalProperties",
        "mashumaro's JSON schema of `dict[str, bytes]` in a record is `additionalProperties: true`",
    ),
    (
        "pydantic-io-union",
        "object has no attribute 'get'",
        "a pydantic record field typed as a union of `file`/`dir`/`dataframe` with other \
         types, given a default of another member: pydantic's validators of the SDK's IO \
         models fail at import",
    ),
    (
        "typed-dataframe-in-union",
        "unhashable type: 'dict'",
        "a typed dataframe (`dataframe[{…}]`) inside an optional or a union: its Python \
         annotation `Annotated[DataFrame, {…}]` cannot be a union member (unhashable)",
    ),
    (
        "sdk-record-default-conversion",
        "Failed to convert default value",
        "record defaults whose fields hold a union with `duration`, or a pydantic record inside a \
         dataclass: the SDK's msgpack encoding of the default fails",
    ),
    (
        "mashumaro-union-coercion",
        "scalar.binary.value",
        "a record field typed `list[…] | dict[…]` with `{}`: mashumaro coerces the dict into the \
         first member (`[]`), taskc encodes the map",
    ),
    (
        "sdk-record-default-conversion",
        "Unexpected type",
        "the same, where mashumaro meets a `duration` in a union of a dataclass field",
    ),
    (
        "mashumaro-union-coercion",
        "expected []",
        "the same coercion of a string default (`\"\"` becomes `[]` for `list[…] | str`)",
    ),
];

/// The known class every difference of `verdict` belongs to, if one does.
pub fn classify(verdict: &Verdict) -> Option<&'static str> {
    let lines: Vec<String> = match verdict {
        Verdict::Differs(paths) => paths.clone(),
        Verdict::SdkRejects(error) => {
            vec![error["message"].as_str().unwrap_or_default().to_string()]
        }
        _ => return None,
    };
    let class_of = |line: &str| {
        KNOWN
            .iter()
            .find(|(_, pattern, _)| line.contains(pattern))
            .map(|(class, _, _)| *class)
    };
    let first = class_of(lines.first()?)?;
    lines.iter().all(|l| class_of(l).is_some()).then_some(first)
}
