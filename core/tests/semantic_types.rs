//! Types, named types and default values (LANGUAGE.md §4): every diagnostic
//! rendered as a user sees it, plus the values the checks produce.

mod expect_code;
mod semantic_support;

use semantic_support::{check, inputs, rendered};
use taskc_core::diagnostics::Code;
use taskc_core::semantic::types::{Pickled, Type};
use taskc_core::semantic::values::TypedValue;
use taskc_core::syntax::ast::DurationLit;

fn display_of(ty: &str, decls: &str) -> String {
    let checked = check(&inputs(&format!("    x: {ty}"), decls));
    assert!(checked.diagnostics.is_empty(), "{}", checked.render());
    checked.input("x").ty.display()
}

fn default_of(ty: &str, value: &str, decls: &str) -> TypedValue {
    let checked = check(&inputs(&format!("    x: {ty} = {value}"), decls));
    assert!(checked.diagnostics.is_empty(), "{}", checked.render());
    checked
        .input("x")
        .default
        .clone()
        .unwrap_or_else(|| panic!("no default"))
}

const REGION: &str = "type Region = enum { eu, us, ap }\n";
const RECORDS: &str = "type Inner = record {\n  label: str\n  weight: float = 1.0\n}\n\
                       type Outer = record {\n  id: int\n  inner: Inner\n  tags: list[str] = []\n  extra: dict[str, int]? = none\n}\n";

// ---- types -----------------------------------------------------------------

#[test]
fn types_display_as_written() {
    for ty in [
        "int",
        "float",
        "str",
        "bool",
        "datetime",
        "date",
        "duration",
        "file",
        "dir",
        "bytes",
        "struct",
        "any",
        "list[int]",
        "dict[str, list[float]]",
        "dict[int, str]",
        "int?",
        "int | str | none",
        "tuple[int, str]",
        "dataframe",
        "dataframe[\"parquet\"]",
        "dataframe[{a: int, b: str}]",
        "dataframe[{a: int, b: str}, \"parquet\"]",
        "dataframe[pandas]",
        "dataframe[pandas, {a: int}, \"csv\"]",
        "list[dataframe[pyarrow]]",
        "pickle",
        "untyped",
        "pickle[\"pkg.models.Model\"]",
        "literal[\"fast\", \"slow\"]",
        "dict[str, pickle[\"pkg.Outer.Inner\"]]?",
        "Region",
        "list[Region?]",
    ] {
        assert_eq!(display_of(ty, REGION), ty);
    }
}

#[test]
fn unions_are_flattened_in_declaration_order() {
    assert_eq!(display_of("int? | str", ""), "int | none | str");
    let checked = check(&inputs("    x: str | int?", ""));
    assert_eq!(
        checked.input("x").ty,
        Type::Union(vec![Type::Str, Type::Int, Type::None])
    );
}

#[test]
fn optional_stays_distinct_from_a_union_with_none() {
    let checked = check(&inputs("    a: int?\n    b: int | none", ""));
    assert_eq!(checked.input("a").ty, Type::Optional(Box::new(Type::Int)));
    assert_eq!(
        checked.input("b").ty,
        Type::Union(vec![Type::Int, Type::None])
    );
    // Both are sent as the same two variants.
    let a = checked.input("a").ty.union_variants();
    let b = checked.input("b").ty.union_variants();
    assert_eq!(a, b);
}

#[test]
fn named_types_resolve_in_any_order_and_are_listed() {
    let text = inputs(
        "    o: Outer",
        "type Outer = record { inner: Inner, mode: Mode }\ntype Inner = record { x: int }\ntype Mode = enum { A, B }\n",
    );
    let checked = check(&text);
    assert!(checked.diagnostics.is_empty(), "{}", checked.render());
    let Type::Record(outer) = &checked.input("o").ty else {
        panic!("not a record")
    };
    assert_eq!(outer.fields[0].ty.display(), "Inner");
    assert!(matches!(&outer.fields[1].ty, Type::Enum(e) if e.members == ["A", "B"]));
    assert_eq!(
        checked.table.names().collect::<Vec<_>>(),
        ["Outer", "Inner", "Mode"]
    );
    assert!(checked.table.get("Mode").is_some());
    assert!(checked.table.get("int").is_none());
}

#[test]
fn duplicate_type_names_keep_the_first_without_a_report() {
    let checked = check("type A = enum { X }\ntype A = record { y: int }\n");
    assert!(checked.diagnostics.is_empty(), "{}", checked.render());
    assert!(matches!(checked.table.get("A"), Some(Type::Enum(_))));
}

#[test]
fn docs_are_kept_on_types_and_fields() {
    let checked = check(
        "/// Where it runs.\ntype Region = enum { eu }\n/// Settings.\ntype Cfg = record {\n  /// How many.\n  n: int = 3\n}\n",
    );
    let Some(Type::Enum(region)) = checked.table.get("Region") else {
        panic!()
    };
    assert_eq!(region.doc.as_deref(), Some("Where it runs."));
    let Some(Type::Record(cfg)) = checked.table.get("Cfg") else {
        panic!()
    };
    assert_eq!(cfg.doc.as_deref(), Some("Settings."));
    assert_eq!(cfg.fields[0].doc.as_deref(), Some("How many."));
    assert_eq!(cfg.fields[0].default, Some(TypedValue::Int(3)));
}

rendered!(e0201_wrong_case, E0201, inputs("    x: Int", ""));
rendered!(
    e0201_other_language_name,
    E0201,
    inputs("    x: string", "")
);
rendered!(
    e0201_misspelled_declared_type,
    E0201,
    inputs("    x: Regoin", REGION)
);
rendered!(e0201_nothing_close, E0201, inputs("    x: Quux", ""));
rendered!(
    e0201_inside_a_record,
    E0201,
    "type R = record {\n  when: datetme\n}\n"
);
rendered!(
    e0220_unknown_record_flavor,
    E0220,
    "type R = record attrs {\n  x: int\n}\n"
);
// The SDK: `Optional[Annotated[DataFrame, {"a": int}]]` fails at import
// ("unhashable type: 'dict'"), also through `list`, `dict` and `tuple`.
rendered!(
    e0221_optional_typed_dataframe,
    E0221,
    inputs("    x: dataframe[{a: int}, \"parquet\"]?", "")
);
rendered!(
    e0221_typed_dataframe_list_in_a_union,
    E0221,
    inputs("    x: int | list[dataframe[{a: int}]]", "")
);
rendered!(
    e0221_typed_dataframe_in_a_record_field,
    E0221,
    "type R = record {\n  d: dict[str, dataframe[{a: int}]] | none\n}\n"
);

// Python class types (`untyped`, `pickle["…"]`, a library's dataframe)
// only in a function template's interface; `untyped` only as an input.
rendered!(
    e0226_python_class_types_in_a_record,
    E0226,
    "type R = record {\n  m: pickle[\"pkg.Model\"]\n  f: dataframe[pandas]?\n  p: pickle\n}\n"
);
rendered!(
    e0202_pickle_class_not_a_dotted_path,
    E0202,
    inputs(
        "    a: pickle[\"Model\"]\n    b: pickle[\"pkg.3d.Model\"]\n    c: pickle[int]\n    d: pickle[\"a.B\", \"c.D\"]\n    e: dataframe[polars]",
        ""
    )
);
rendered!(
    e0202_literal_values_are_strings,
    E0202,
    inputs(
        "    a: literal[int]\n    b: literal\n    c: list[literal[\"x\", str]]",
        ""
    )
);
// `literal_to_enum` keys the members by `value.upper()`.
rendered!(
    e0206_literal_values_equal_but_for_case,
    E0206,
    inputs(
        "    a: literal[\"a\", \"b\", \"A\"]\n    b: literal[\"x\", \"x\"]",
        ""
    )
);
rendered!(
    e0210_literal_default_not_a_value,
    E0210,
    inputs(
        "    a: literal[\"fast\", \"slow\"] = \"medium\"\n    b: literal[\"on\"] = on",
        ""
    )
);
#[test]
fn a_literal_is_pickled_only_inside_an_interface_type() {
    let checked = check(&inputs(
        "    whole: literal[\"a\"]\n    listed: list[literal[\"a\"]]\n    rec: R",
        "type R = record {\n  l: list[literal[\"a\"]]\n}\n",
    ));
    assert_eq!(checked.input("whole").ty, Type::Literal(vec!["a".into()]));
    // The interface lowering (`interface_form`) pickles a nested literal.
    assert!(matches!(
        checked.input("whole").ty.clone().interface_form(),
        Type::Literal(_)
    ));
    assert!(matches!(
        checked.input("listed").ty.clone().interface_form(),
        Type::List(item) if matches!(*item, Type::Pickled(Pickled::Literal(_)))
    ));
    let Type::Record(def) = &checked.input("rec").ty else {
        panic!("not a record")
    };
    assert_eq!(
        def.fields[0].ty,
        Type::List(Box::new(Type::Literal(vec!["a".into()])))
    );
}

// `class X(NamedTuple)`: "Non-default namedtuple field cannot follow default field".
rendered!(
    e0227_namedtuple_field_order,
    E0227,
    "type P = record namedtuple {\n  a: int = 1\n  b: str\n}\n"
);
rendered!(
    e0226_namedtuple_in_a_dataclass,
    E0226,
    "type P = record namedtuple {\n  a: int\n}\ntype R = record {\n  ps: list[P]\n}\ntype Q = record pydantic {\n  p: P\n}\n"
);
rendered!(
    e0220_misspelled_record_flavor,
    E0220,
    "type P = record namedtupel {\n  a: int\n}\n"
);

// The SDK's encoder wants the frame object: `Expected a DataFrame instance`.
rendered!(
    e0216_library_dataframe_default,
    E0216,
    inputs(
        "    a: dataframe[pandas] = \"s3://b/x.parquet\"\n    b: dataframe[pandas]? = none\n    c: list[dataframe[pyarrow]] = []",
        ""
    )
);

// The SDK: "type <class 'datetime.date'> is currently not supported by DataFrame".
rendered!(
    e0202_date_dataframe_column,
    E0202,
    inputs("    x: dataframe[{day: date}]", "")
);
/// What the SDK accepts: a format-only dataframe in a union, a typed one in
/// a list or dict, and a record holding one inside a union.
#[test]
fn typed_dataframes_outside_unions_are_accepted() {
    for ty in [
        "dataframe[\"parquet\"]?",
        "dataframe?",
        "list[dataframe[{a: int}]]",
        "dict[str, list[dataframe[{a: int}]]]",
        "tuple[dataframe[{a: int}], int]",
        "Holder?",
        "Holder | int",
    ] {
        let checked = check(&inputs(
            &format!("    x: {ty}"),
            "type Holder = record pydantic {\n  d: dataframe[{a: int}]\n}\n",
        ));
        assert!(checked.diagnostics.is_empty(), "{ty}: {}", checked.render());
    }
}
rendered!(e0202_bare_list, E0202, inputs("    x: list", ""));
rendered!(e0202_bare_dict, E0202, inputs("    x: dict", ""));
rendered!(
    e0202_too_many_arguments,
    E0202,
    inputs("    x: list[int, str]", "")
);
rendered!(
    e0202_too_few_arguments,
    E0202,
    inputs("    x: dict[str]", "")
);
rendered!(
    e0202_arguments_on_a_scalar,
    E0202,
    inputs("    x: int[str]", "")
);
rendered!(
    e0202_arguments_on_a_named_type,
    E0202,
    inputs("    x: Region[int]", REGION)
);
rendered!(
    e0202_optional_generic,
    E0202,
    inputs("    x: Optional[int]", "")
);
rendered!(
    e0202_columns_in_a_list,
    E0202,
    inputs("    x: list[{a: int}]", "")
);
rendered!(
    e0202_dataframe_with_a_type,
    E0202,
    inputs("    x: dataframe[int]", "")
);
rendered!(
    e0202_dataframe_format_first,
    E0202,
    inputs("    x: dataframe[\"parquet\", {a: int}]", "")
);
rendered!(
    e0202_dataframe_empty_format,
    E0202,
    inputs("    x: dataframe[\"\"]", "")
);
rendered!(
    e0202_dataframe_column_default,
    E0202,
    inputs("    x: dataframe[{a: int = 1}]", "")
);
rendered!(e0203_none_alone, E0203, inputs("    x: none", ""));
rendered!(e0203_optional_none, E0203, inputs("    x: none?", ""));
rendered!(e0203_none_in_a_list, E0203, inputs("    x: list[none]", ""));
rendered!(
    e0204_repeated_member,
    E0204,
    inputs("    x: int | str | int", "")
);
rendered!(
    e0204_optional_member_and_none,
    E0204,
    inputs("    x: int? | none", "")
);
rendered!(e0204_double_optional, E0204, inputs("    x: int??", ""));
rendered!(
    e0205_record_contains_itself,
    E0205,
    "type Node = record {\n  value: int\n  next: Node?\n}\n"
);
rendered!(
    e0205_records_contain_each_other,
    E0205,
    "type A = record {\n  b: list[B]\n}\ntype B = record {\n  c: C\n}\ntype C = record {\n  a: dict[str, A]\n}\n"
);
rendered!(
    e0206_duplicate_enum_member,
    E0206,
    "type Mode = enum { fast, slow, fast }\n"
);
rendered!(
    e0206_enum_members_with_one_value,
    E0206,
    "type Color = enum { RED = \"r\", ROUGE = \"r\", r, GREEN }\n"
);
rendered!(
    e0207_duplicate_record_field,
    E0207,
    "type R = record {\n  a: int\n  a: str\n}\n"
);
rendered!(
    e0207_duplicate_column,
    E0207,
    inputs("    x: dataframe[{a: int, a: str}]", "")
);
rendered!(e0208_builtin_redeclared, E0208, "type int = enum { A }\n");
rendered!(e0209_empty_enum, E0209, "type Mode = enum { }\n");

#[test]
fn recursion_is_reported_once_per_cycle_and_the_records_still_exist() {
    let checked = check(
        "type A = record { b: B }\ntype B = record { a: A }\ntype C = record { c: C?, d: list[C] }\n",
    );
    assert_eq!(checked.codes(), [Code::E0205, Code::E0205, Code::E0205]);
    assert!(checked.table.get("A").is_some() && checked.table.get("C").is_some());
}

/// `R0` contains `R1` … contains `R{depth}`.
fn record_chain(depth: usize) -> String {
    let mut text = String::new();
    for i in 0..depth {
        text.push_str(&format!("type R{i} = record {{ next: R{} }}\n", i + 1));
    }
    text.push_str(&format!("type R{depth} = record {{ x: int }}\n"));
    text
}

#[test]
fn a_chain_of_records_up_to_the_limit_resolves() {
    let checked = check(&record_chain(64));
    assert!(checked.diagnostics.is_empty(), "{}", checked.render());
    assert!(checked.table.get("R0").is_some());
}

#[test]
fn a_deeper_chain_of_records_is_reported_not_overflowed() {
    let checked = check(&record_chain(5000));
    assert_eq!(checked.codes(), [Code::E0219]);
}

rendered!(e0219_records_nested_too_deeply, E0219, record_chain(65));

#[test]
fn a_record_using_an_unknown_type_is_still_declared() {
    let checked = check(&inputs("    r: R", "type R = record { a: Nope }\n"));
    assert_eq!(checked.codes(), [Code::E0201]);
    assert_eq!(checked.input("r").ty.display(), "R");
}

// ---- default values ----------------------------------------------------------

#[test]
fn the_golden_defaults_check_to_the_sdk_values() {
    // conformance/09_defaults, written in .task.
    let text = inputs(
        "    required: int
    i: int = 7
    f: float = 2.5
    s: str = \"hello\"
    b: bool = true
    items: list[int] = [1, 2, 3]
    mapping: dict[str, str] = { k = \"v\" }
    mode: Mode = B
    cfg: Cfg = {}
    none_opt: int? = none
    some_opt: str? = \"yes\"
    when: datetime = \"2024-01-02T03:04:05Z\"
    span: duration = 90m",
        "type Mode = enum { A, B }\ntype Cfg = record {\n  n: int = 3\n  name: str = \"x\"\n}\n",
    );
    let checked = check(&text);
    assert!(checked.diagnostics.is_empty(), "{}", checked.render());
    let d = |name: &str| checked.input(name).default.clone();
    assert_eq!(d("required"), None);
    assert_eq!(d("i"), Some(TypedValue::Int(7)));
    assert_eq!(d("f"), Some(TypedValue::Float(2.5)));
    assert_eq!(d("s"), Some(TypedValue::Str("hello".into())));
    assert_eq!(d("b"), Some(TypedValue::Bool(true)));
    assert_eq!(
        d("items"),
        Some(TypedValue::List(vec![
            TypedValue::Int(1),
            TypedValue::Int(2),
            TypedValue::Int(3)
        ]))
    );
    assert_eq!(
        d("mapping"),
        Some(TypedValue::Map(vec![(
            "k".into(),
            TypedValue::Str("v".into())
        )]))
    );
    assert_eq!(d("mode"), Some(TypedValue::Enum { member: "B".into() }));
    assert_eq!(
        d("cfg"),
        Some(TypedValue::Record {
            name: "Cfg".into(),
            fields: vec![
                ("n".into(), TypedValue::Int(3)),
                ("name".into(), TypedValue::Str("x".into()))
            ]
        })
    );
    assert_eq!(
        d("none_opt"),
        Some(TypedValue::Union {
            variant: 1,
            value: Box::new(TypedValue::None)
        })
    );
    assert_eq!(
        d("some_opt"),
        Some(TypedValue::Union {
            variant: 0,
            value: Box::new(TypedValue::Str("yes".into()))
        })
    );
    assert_eq!(
        d("when"),
        Some(TypedValue::Datetime("2024-01-02T03:04:05Z".into()))
    );
    assert_eq!(
        d("span"),
        Some(TypedValue::Duration(DurationLit {
            nanos: 5400 * 1_000_000_000
        }))
    );
}

#[test]
fn integers_widen_to_float() {
    assert_eq!(default_of("float", "2", ""), TypedValue::Float(2.0));
    assert_eq!(
        default_of("list[float]", "[1, 2.5]", ""),
        TypedValue::List(vec![TypedValue::Float(1.0), TypedValue::Float(2.5)])
    );
}

#[test]
fn datetimes_are_normalised_to_utc() {
    assert_eq!(
        default_of("datetime", "\"2024-01-02T05:04:05+02:00\"", ""),
        TypedValue::Datetime("2024-01-02T03:04:05Z".into())
    );
    assert_eq!(
        default_of("datetime", "\"2024-01-02t03:04:05.5z\"", ""),
        TypedValue::Datetime("2024-01-02T03:04:05.500Z".into())
    );
    assert_eq!(
        default_of("date", "\"2024-02-29\"", ""),
        TypedValue::Date("2024-02-29".into())
    );
}

#[test]
fn unions_take_the_first_member_that_accepts_the_value() {
    let union = |variant, value| TypedValue::Union {
        variant,
        value: Box::new(value),
    };
    // The SDK picks the member of the Python value's own type first: `3`
    // is an `int` (docs/language.md §5.2).
    assert_eq!(
        default_of("float | int", "3", ""),
        union(1, TypedValue::Int(3))
    );
    assert_eq!(
        default_of("float | str", "3", ""),
        union(0, TypedValue::Float(3.0))
    );
    assert_eq!(
        default_of("file | str", "\"s3://b/x\"", ""),
        union(1, TypedValue::Str("s3://b/x".into()))
    );
    assert_eq!(
        default_of("int | float", "3", ""),
        union(0, TypedValue::Int(3))
    );
    assert_eq!(
        default_of("int | str", "\"3\"", ""),
        union(1, TypedValue::Str("3".into()))
    );
    assert_eq!(
        default_of("Region | str | none", "none", REGION),
        union(2, TypedValue::None)
    );
    assert_eq!(
        default_of("Region | str", "eu", REGION),
        union(
            0,
            TypedValue::Enum {
                member: "eu".into()
            }
        )
    );
}

#[test]
fn enum_members_named_like_keywords_are_members() {
    let decls = "type Answer = enum { none, true, maybe }\n";
    assert_eq!(
        default_of("Answer", "none", decls),
        TypedValue::Enum {
            member: "none".into()
        }
    );
    assert_eq!(
        default_of("Answer", "true", decls),
        TypedValue::Enum {
            member: "true".into()
        }
    );
    // In an optional of such an enum, `none` is the missing value.
    assert_eq!(
        default_of("Answer?", "none", decls),
        TypedValue::Union {
            variant: 1,
            value: Box::new(TypedValue::None)
        }
    );
}

#[test]
fn records_fill_defaults_in_declaration_order() {
    let value = default_of("Outer", "{ inner = { label = \"a\" }, id = 1 }", RECORDS);
    let inner = TypedValue::Record {
        name: "Inner".into(),
        fields: vec![
            ("label".into(), TypedValue::Str("a".into())),
            ("weight".into(), TypedValue::Float(1.0)),
        ],
    };
    assert_eq!(
        value,
        TypedValue::Record {
            name: "Outer".into(),
            fields: vec![
                ("id".into(), TypedValue::Int(1)),
                ("inner".into(), inner),
                ("tags".into(), TypedValue::List(vec![])),
                (
                    "extra".into(),
                    TypedValue::Union {
                        variant: 1,
                        value: Box::new(TypedValue::None)
                    }
                ),
            ]
        }
    );
}

#[test]
fn dict_keys_are_read_as_the_key_type() {
    assert_eq!(
        default_of("dict[int, str]", "{ \"01\" = \"a\", \"-2\" = \"b\" }", ""),
        TypedValue::Map(vec![
            ("1".into(), TypedValue::Str("a".into())),
            ("-2".into(), TypedValue::Str("b".into()))
        ])
    );
    assert_eq!(
        default_of("dict[Region, int]", "{ eu = 1 }", REGION),
        TypedValue::Map(vec![("eu".into(), TypedValue::Int(1))])
    );
}

#[test]
fn structs_hold_json_like_values() {
    assert_eq!(
        default_of("struct", "{ a = 1, b = [true, none], c { d = \"x\" } }", ""),
        TypedValue::Map(vec![
            ("a".into(), TypedValue::Int(1)),
            (
                "b".into(),
                TypedValue::List(vec![TypedValue::Bool(true), TypedValue::None])
            ),
            (
                "c".into(),
                TypedValue::Map(vec![("d".into(), TypedValue::Str("x".into()))])
            ),
        ])
    );
}

#[test]
fn uris_tuples_and_dataframes() {
    assert_eq!(
        default_of("file", "\"s3://b/k\"", ""),
        TypedValue::Str("s3://b/k".into())
    );
    assert_eq!(
        default_of("tuple[int, str]", "[1, \"a\"]", ""),
        TypedValue::List(vec![TypedValue::Int(1), TypedValue::Str("a".into())])
    );
}

rendered!(e0210_float_for_int, E0210, inputs("    x: int = 2.0", ""));
rendered!(
    e0210_fraction_for_int,
    E0210,
    inputs("    x: int = 2.5", "")
);
rendered!(e0210_bool_for_int, E0210, inputs("    x: int = true", ""));
rendered!(e0210_quoted_int, E0210, inputs("    x: int = \"42\"", ""));
rendered!(
    e0210_bare_word_for_str,
    E0210,
    inputs("    x: str = eu", "")
);
rendered!(
    e0210_quoted_bool,
    E0210,
    inputs("    x: bool = \"true\"", "")
);
rendered!(
    e0210_none_for_required,
    E0210,
    inputs("    x: int = none", "")
);
rendered!(
    e0210_number_for_duration,
    E0210,
    inputs("    x: duration = 90", "")
);
rendered!(
    e0210_quoted_duration,
    E0210,
    inputs("    x: duration = \"5m\"", "")
);
rendered!(
    e0210_list_element,
    E0210,
    inputs("    x: list[int] = [1, \"two\", 3]", "")
);
rendered!(
    e0210_no_union_member_fits,
    E0210,
    inputs("    x: int | str = [1]", "")
);
rendered!(
    e0210_union_member_with_a_deep_error,
    E0210,
    inputs("    x: Inner | int = { label = 1 }", RECORDS)
);
rendered!(
    e0210_tuple_length,
    E0210,
    inputs("    x: tuple[int, str] = [1]", "")
);
rendered!(
    e0210_bad_dict_key,
    E0210,
    inputs("    x: dict[int, str] = { one = \"a\" }", "")
);
rendered!(e0210_empty_uri, E0210, inputs("    x: file = \"\"", ""));
rendered!(
    e0210_duration_in_struct,
    E0210,
    inputs("    x: struct = { t = 5m }", "")
);
rendered!(
    e0211_unknown_member,
    E0211,
    inputs("    x: Region = ue", REGION)
);
rendered!(
    e0210_quoted_enum_member,
    E0210,
    inputs("    x: Region = \"eu\"", REGION)
);
rendered!(
    e0212_unknown_field,
    E0212,
    inputs("    x: Inner = { label = \"a\", wieght = 2.0 }", RECORDS)
);
rendered!(
    e0213_missing_field,
    E0213,
    inputs("    x: Outer = { id = 1 }", RECORDS)
);
rendered!(
    e0214_datetime_without_offset,
    E0214,
    inputs("    x: datetime = \"2024-01-02T03:04:05\"", "")
);
rendered!(
    e0214_date_for_datetime,
    E0214,
    inputs("    x: datetime = \"2024-01-02\"", "")
);
rendered!(
    e0214_impossible_date,
    E0214,
    inputs("    x: date = \"2023-02-29\"", "")
);
rendered!(
    e0214_datetime_for_date,
    E0214,
    inputs("    x: date = \"2024-01-02T00:00:00Z\"", "")
);
rendered!(
    e0215_duplicate_key,
    E0215,
    inputs("    x: dict[str, int] = { a = 1, a = 2 }", "")
);
rendered!(e0216_default_for_any, E0216, inputs("    x: any = 1", ""));
rendered!(
    e0216_default_for_bytes,
    E0216,
    inputs("    x: bytes = \"abc\"", "")
);
// conformance/64_err_default_trigger_time
rendered!(
    e0217_trigger_time_default,
    E0217,
    inputs("    when: datetime = trigger_time", "")
);
rendered!(
    e0217_trigger_time_in_a_list,
    E0217,
    inputs("    when: list[datetime] = [trigger_time]", "")
);
rendered!(
    e0218_declaration_in_a_value,
    E0218,
    inputs("    x: struct = { a: int }", "")
);
rendered!(
    e0210_bad_record_field_default,
    E0210,
    "type R = record {\n  n: int = \"three\"\n  r: Region = mars\n}\ntype Region = enum { eu }\n"
);

#[test]
fn every_problem_in_a_value_is_reported() {
    let checked = check(&inputs(
        "    x: Outer = { id = \"1\", inner = { label = 2, wieght = 1.0 }, tags = [1] }",
        RECORDS,
    ));
    assert_eq!(
        checked.codes(),
        [Code::E0210, Code::E0210, Code::E0212, Code::E0210]
    );
}
