//! Values the SDK cannot send as written (docs/language.md §5.2): what
//! mashumaro fails on or changes in a `record` (E0222, E0223) and what the
//! SDK's `File`/`Dir` validators crash on under pydantic (E0224), each
//! rendered as a user sees it, and their accepted neighbours. The SDK side
//! of each is run by `tools/difftest/sdk_rules.py`.

mod expect_code;
mod semantic_support;

use semantic_support::{check, inputs, rendered};

// mashumaro: `Union[str, timedelta]` passes the timedelta on; building the
// schema default fails ("Unexpected type").
rendered!(
    e0222_dataclass_field_default_passed_on,
    E0222,
    "type R = record {\n  a: str | duration = 5s\n}\n"
);
// `int | duration | str`: the `int`/`str` group ends in `str`, so it
// returns any value; msgpack "can not serialize 'datetime.timedelta'".
rendered!(
    e0222_dataclass_value_passed_on,
    E0222,
    inputs(
        "    x: R = { c = 5s }",
        "type R = record {\n  c: int | duration | str\n}\n"
    )
);
// mashumaro: `Field "p" of type P in D is not serializable`.
rendered!(
    e0222_dataclass_default_holding_a_pydantic_record,
    E0222,
    inputs(
        "    x: D = { p = {} }",
        "type P = record pydantic {\n  n: int = 1\n}\ntype D = record {\n  p: P\n}\n"
    )
);
// mashumaro packs `{}` with the list member first: `[]`.
rendered!(
    e0223_dataclass_dict_taken_by_a_list,
    E0223,
    inputs(
        "    x: R = { b = {} }",
        "type R = record {\n  b: list[duration] | dict[str, int]\n}\n"
    )
);
// pydantic: `P(f=3)` → "'int' object has no attribute 'get'".
rendered!(
    e0224_pydantic_value_after_a_file,
    E0224,
    inputs(
        "    x: P = { f = 3 }",
        "type P = record pydantic {\n  f: file | int\n}\n"
    )
);
// The SDK wraps a tuple in a pydantic model: `(3, "a")` for
// `tuple[Union[File, int], str]` → "'int' object has no attribute 'get'".
rendered!(
    e0224_tuple_value_after_a_file,
    E0224,
    inputs("    x: tuple[file | int, str] = [3, \"a\"]", "")
);

// A pydantic field's record default is built when the module is imported
// (`p: P = P(f=3)`): "'int' object has no attribute 'get'" (seed 40471).
rendered!(
    e0224_pydantic_field_default_building_a_record,
    E0224,
    "type P = record pydantic {\n  f: file | int = \"s3://b/k\"\n}\ntype Q = record pydantic {\n  p: P = { f = 3 }\n}\n"
);

/// pydantic does not validate a field's default itself: a list default
/// holding a value after a `file` member imports (and serializes) fine.
#[test]
fn a_pydantic_list_default_is_not_validated() {
    let checked = check(
        "type Q = record pydantic {\n  l: list[file | int] = [3]\n}\nenv e {}\ntemplate t in e {\n  inputs {\n    q: Q\n  }\n}\n",
    );
    assert!(checked.diagnostics.is_empty(), "{}", checked.render());
}

/// What the SDK sends as written: the value's member is tried first, or
/// the members share mashumaro's pass-through packer.
#[test]
fn values_the_sdk_sends_as_written_are_accepted() {
    let decls = "type D = record {\n  a: duration | str = 5s\n  b: list[int] | dict[str, int] = {}\n  \
                 c: int | duration = 5s\n}\ntype P = record pydantic {\n  f: int | file\n  \
                 g: file | int = \"s3://b/k\"\n}\n";
    for input in [
        "x: D = {}",
        "x: P = { f = 3 }",
        "x: P = { f = \"s3://b/k\" }",
    ] {
        let checked = check(&inputs(&format!("    {input}"), decls));
        assert!(
            checked.diagnostics.is_empty(),
            "{input}: {}",
            checked.render()
        );
    }
}

// seed 28554: the SDK turns `{k0 = …}` into `Rec0` too (its field has a
// default, other keys are ignored): "Ambiguous choice of variant".
rendered!(
    e0216_dict_a_record_member_takes_too,
    E0216,
    inputs(
        "    x: dict[str, str] | R = { k0 = \"a\" }",
        "type R = record {\n  f0: str = \"hello\"\n}\n"
    )
);

/// A dict that lacks a required field of the record goes to the dict.
#[test]
fn a_dict_without_the_records_required_fields_is_accepted() {
    let checked = check(&inputs(
        "    x: dict[str, str] | R = { k0 = \"a\" }",
        "type R = record {\n  f0: str\n}\n",
    ));
    assert!(checked.diagnostics.is_empty(), "{}", checked.render());
}
