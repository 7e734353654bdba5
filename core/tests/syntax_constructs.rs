//! One parse test per construct of LANGUAGE.md §2–§4: exact values, spans
//! and tree shapes.

use taskc_core::source::{FileId, Span};
use taskc_core::syntax::ast::*;
use taskc_core::syntax::parse;

/// Parse a file that must have no diagnostics.
fn parse_ok(text: &str) -> File {
    let parsed = parse(FileId(0), text);
    assert!(parsed.diagnostics.is_empty(), "{:#?}", parsed.diagnostics);
    parsed.file
}

/// The entries of the single env in `text`.
fn env_entries(text: &str) -> Vec<Entry> {
    match parse_ok(text).items.into_iter().next() {
        Some(Item::Env(env)) => env.body.entries,
        other => panic!("expected an env, got {other:?}"),
    }
}

/// The value of `x = …` inside an env.
fn value_of(literal: &str) -> ValueKind {
    let text = format!("env a {{ x = {literal} }}");
    match env_entries(&text).into_iter().next() {
        Some(Entry::Attr(attr)) => {
            assert_eq!(&text[attr.value.span.start..attr.value.span.end], literal);
            attr.value.kind
        }
        other => panic!("expected an attribute, got {other:?}"),
    }
}

fn str_value(literal: &str) -> String {
    match value_of(literal) {
        ValueKind::Str(s) => s.value,
        other => panic!("expected a string, got {other:?}"),
    }
}

fn slice(text: &str, span: Span) -> &str {
    &text[span.start..span.end]
}

#[test]
fn declarations_with_spans() {
    let text = "env base { }\nenv gpu extends base {}\ntemplate t in gpu {}\noverride o of t {}\n";
    let file = parse_ok(text);
    let [
        Item::Env(base),
        Item::Env(gpu),
        Item::Template(t),
        Item::Override(o),
    ] = &file.items[..]
    else {
        panic!("{:?}", file.items)
    };
    assert_eq!(slice(text, base.span), "env base { }");
    assert_eq!(slice(text, base.body.span), "{ }");
    assert_eq!(base.extends, None);
    assert_eq!(gpu.extends.as_ref().map(|i| i.name.as_str()), Some("base"));
    assert_eq!(slice(text, gpu.name.span), "gpu");
    assert_eq!((t.name.name.as_str(), t.env.name.as_str()), ("t", "gpu"));
    assert_eq!((o.name.name.as_str(), o.template.name.as_str()), ("o", "t"));
    assert_eq!(slice(text, o.span), "override o of t {}");
}

#[test]
fn enum_types_with_commas_newlines_and_docs() {
    let text = "type Region = enum {\n  /// United States\n  us\n  eu, ap,\n}";
    let file = parse_ok(text);
    let Some(Item::Type(decl)) = file.items.first() else {
        panic!("{:?}", file.items)
    };
    let TypeDef::Enum {
        keyword,
        members,
        span,
    } = &decl.def
    else {
        panic!("{:?}", decl.def)
    };
    assert_eq!(slice(text, *keyword), "enum");
    assert!(slice(text, *span).starts_with('{') && slice(text, *span).ends_with('}'));
    let names: Vec<&str> = members.iter().map(|m| m.name.name.as_str()).collect();
    assert_eq!(names, ["us", "eu", "ap"]);
    assert_eq!(
        members[0].doc.as_ref().map(|d| d.text.as_str()),
        Some("United States")
    );
    assert_eq!(members[1].doc, None);
}

#[test]
fn record_types_with_defaults() {
    let text =
        "type TrainConfig = record {\n  epochs: int = 10, lr: float? = none\n  tags: list[str]\n}";
    let file = parse_ok(text);
    let Some(Item::Type(TypeDecl {
        def: TypeDef::Record { fields, .. },
        ..
    })) = file.items.first()
    else {
        panic!("{:?}", file.items)
    };
    assert_eq!(fields.len(), 3);
    assert_eq!(
        fields[0].default.as_ref().map(|v| &v.kind),
        Some(&ValueKind::Int(10))
    );
    assert!(matches!(fields[1].ty.kind, TypeExprKind::Optional(_)));
    assert_eq!(
        fields[1].default.as_ref().map(|v| &v.kind),
        Some(&ValueKind::None)
    );
    assert_eq!(slice(text, fields[2].span), "tags: list[str]");
}

#[test]
fn record_flavor() {
    let text = "type Model = record pydantic {\n  name: str\n}\ntype Plain = record { }";
    let file = parse_ok(text);
    let flavors: Vec<Option<&str>> = file
        .items
        .iter()
        .map(|item| match item {
            Item::Type(TypeDecl {
                def: TypeDef::Record { flavor, .. },
                ..
            }) => flavor.as_ref().map(|f| slice(text, f.span)),
            other => panic!("{other:?}"),
        })
        .collect();
    assert_eq!(flavors, [Some("pydantic"), None]);
}

#[test]
fn attribute_forms() {
    let text = "env a {\n  x = 1\n  env_vars += { A = \"1\" }\n  cache { behavior = override }\n}";
    let entries = env_entries(text);
    let ops: Vec<(AssignOp, &str)> = entries
        .iter()
        .map(|e| match e {
            Entry::Attr(a) => (a.op, slice(text, a.op_span)),
            other => panic!("{other:?}"),
        })
        .collect();
    assert_eq!(
        ops,
        [
            (AssignOp::Set, "="),
            (AssignOp::Append, "+="),
            (AssignOp::Block, "{")
        ]
    );
    let Entry::Attr(cache) = &entries[2] else {
        unreachable!()
    };
    let ValueKind::Map(body) = &cache.value.kind else {
        panic!("{:?}", cache.value)
    };
    // A declaration keyword is an ordinary word in a value.
    let Some(Entry::Attr(behavior)) = body.entries.first() else {
        panic!("{body:?}")
    };
    assert_eq!(behavior.value.kind, ValueKind::Ident("override".into()));
    assert_eq!(slice(text, cache.span), "cache { behavior = override }");
}

#[test]
fn keywords_are_words_outside_declaration_heads() {
    let text =
        "template t in e {\n  inputs { type: str, env: str, in: int, of: int }\n  template = 1\n}";
    let file = parse_ok(text);
    let Some(Item::Template(t)) = file.items.first() else {
        panic!("{:?}", file.items)
    };
    let Entry::Attr(inputs) = &t.body.entries[0] else {
        panic!()
    };
    let ValueKind::Map(body) = &inputs.value.kind else {
        panic!()
    };
    let names: Vec<&str> = body
        .entries
        .iter()
        .map(|e| match e {
            Entry::Field(f) => f.name.name.as_str(),
            other => panic!("{other:?}"),
        })
        .collect();
    assert_eq!(names, ["type", "env", "in", "of"]);
}

#[test]
fn quoted_keys() {
    let text = "env a { resources { gpu { \"smarter-devices/fuse\" = \"1\" } } }";
    let entries = env_entries(text);
    let Entry::Attr(resources) = &entries[0] else {
        panic!()
    };
    let ValueKind::Map(body) = &resources.value.kind else {
        panic!()
    };
    let Entry::Attr(gpu) = &body.entries[0] else {
        panic!()
    };
    let ValueKind::Map(gpu_body) = &gpu.value.kind else {
        panic!()
    };
    let Entry::Attr(key) = &gpu_body.entries[0] else {
        panic!()
    };
    assert_eq!(key.key.name, "smarter-devices/fuse");
    assert!(key.key.quoted);
    assert_eq!(slice(text, key.key.span), "\"smarter-devices/fuse\"");
}

#[test]
fn fields_labeled_blocks_and_returns() {
    let text = "template t in e {\n  /// The rows.\n  inputs { rows: list[int] = [1, 2] }\n  trigger nightly { cron = \"0 2 * * *\" }\n  sql bigquery { location = \"US\" }\n  plugin dask { }\n  returns float\n}";
    let file = parse_ok(text);
    let Some(Item::Template(t)) = file.items.first() else {
        panic!()
    };
    let entries = &t.body.entries;
    assert_eq!(entries.len(), 5);
    assert_eq!(entries[0].doc().map(|d| d.text.as_str()), Some("The rows."));
    let labels: Vec<(&str, &str)> = entries[1..4]
        .iter()
        .map(|e| match e {
            Entry::Labeled(b) => (b.kind.name.as_str(), b.label.name.as_str()),
            other => panic!("{other:?}"),
        })
        .collect();
    assert_eq!(
        labels,
        [
            ("trigger", "nightly"),
            ("sql", "bigquery"),
            ("plugin", "dask")
        ]
    );
    let Entry::Returns(r) = &entries[4] else {
        panic!("{:?}", entries[4])
    };
    assert_eq!(slice(text, r.keyword), "returns");
    assert_eq!(slice(text, r.ty.span), "float");
    assert_eq!(slice(text, r.span), "returns float");
}

#[test]
fn returns_as_an_attribute_name() {
    let entries = env_entries("env a { returns = 1 }");
    assert!(matches!(&entries[0], Entry::Attr(a) if a.key.name == "returns"));
}

/// The type of `x: <ty>` in an inputs block, with its source text.
fn type_of(ty: &str) -> TypeExpr {
    let text = format!("template t in e {{ inputs {{ x: {ty} }} }}");
    let file = parse_ok(&text);
    let Some(Item::Template(t)) = file.items.into_iter().next() else {
        panic!()
    };
    let Some(Entry::Attr(inputs)) = t.body.entries.into_iter().next() else {
        panic!()
    };
    let ValueKind::Map(body) = inputs.value.kind else {
        panic!()
    };
    let Some(Entry::Field(field)) = body.entries.into_iter().next() else {
        panic!()
    };
    assert_eq!(slice(&text, field.ty.span), ty);
    field.ty
}

fn type_name(ty: &TypeExpr) -> String {
    match &ty.kind {
        TypeExprKind::Named(n) => n.name.clone(),
        TypeExprKind::Optional(inner) => format!("{}?", type_name(inner)),
        TypeExprKind::Union(terms) => terms.iter().map(type_name).collect::<Vec<_>>().join(" | "),
        TypeExprKind::Generic { name, args } => {
            let args: Vec<String> = args
                .iter()
                .map(|a| match a {
                    TypeArg::Type(t) => type_name(t),
                    TypeArg::Str { value, .. } => format!("{value:?}"),
                    TypeArg::Columns { fields, .. } => format!(
                        "{{{}}}",
                        fields
                            .iter()
                            .map(|f| format!("{}: {}", f.name.name, type_name(&f.ty)))
                            .collect::<Vec<_>>()
                            .join(", ")
                    ),
                })
                .collect();
            format!("{}[{}]", name.name, args.join(", "))
        }
    }
}

#[test]
fn type_expressions() {
    for ty in [
        "int",
        "Region",
        "list[int]",
        "dict[str, float]",
        "tuple[int, str, bool]",
        "dataframe",
        "dataframe[{id: int, name: str}, \"parquet\"]",
        "int?",
        "int | str | none",
        "list[int?] | dict[int, list[str]]?",
    ] {
        assert_eq!(type_name(&type_of(ty)), ty);
    }
    assert!(matches!(type_of("int | str").kind, TypeExprKind::Union(ref t) if t.len() == 2));
    assert!(matches!(type_of("int??").kind, TypeExprKind::Optional(_)));
    // Trailing commas and line breaks inside brackets.
    assert_eq!(
        type_name(&type_of("dict[\n  str,\n  int,\n]")),
        "dict[str, int]"
    );
}

#[test]
fn strings_and_escapes() {
    assert_eq!(str_value(r#""plain""#), "plain");
    assert_eq!(str_value(r#""a\nb\tc\\d\"e\rf""#), "a\nb\tc\\d\"e\rf");
    assert_eq!(str_value(r#""\u{e9}\u{1F600}""#), "é😀");
    assert_eq!(str_value(r#""""#), "");
    assert_eq!(str_value(r#""{run_name}""#), "{run_name}");
}

#[test]
fn triple_quoted_strings_drop_common_indentation() {
    let literal = "\"\"\"\n    SELECT user_id\n      FROM t\n\n    WHERE day = @day\n  \"\"\"";
    assert_eq!(
        str_value(literal),
        "SELECT user_id\n  FROM t\n\nWHERE day = @day"
    );
    assert_eq!(str_value("\"\"\"inline\"\"\""), "inline");
    assert_eq!(
        str_value("\"\"\"say \"hi\" \\\"\"\" \"\"\""),
        "say \"hi\" \"\"\" "
    );
    assert!(matches!(
        value_of("\"\"\"x\"\"\""),
        ValueKind::Str(StrLit { triple: true, .. })
    ));
}

#[test]
fn numbers_booleans_and_none() {
    assert_eq!(value_of("42"), ValueKind::Int(42));
    assert_eq!(value_of("-1"), ValueKind::Int(-1));
    assert_eq!(value_of("1_000"), ValueKind::Int(1000));
    assert_eq!(value_of("0.5"), ValueKind::Float(0.5));
    assert_eq!(value_of("1e-3"), ValueKind::Float(0.001));
    assert_eq!(value_of("-2.5"), ValueKind::Float(-2.5));
    assert_eq!(value_of("2.0"), ValueKind::Float(2.0));
    assert_eq!(value_of("true"), ValueKind::Bool(true));
    assert_eq!(value_of("false"), ValueKind::Bool(false));
    assert_eq!(value_of("none"), ValueKind::None);
    assert_eq!(value_of("auto"), ValueKind::Ident("auto".into()));
    assert_eq!(
        value_of("trigger_time"),
        ValueKind::Ident("trigger_time".into())
    );
    assert_eq!(
        value_of("kebab-case-2"),
        ValueKind::Ident("kebab-case-2".into())
    );
    assert_eq!(value_of("true-ish"), ValueKind::Ident("true-ish".into()));
}

#[test]
fn durations_exact_to_the_nanosecond() {
    for (literal, nanos) in [
        ("90s", 90_000_000_000u128),
        ("1.5s", 1_500_000_000),
        ("500ms", 500_000_000),
        ("5m", 300_000_000_000),
        ("1h30m", 5_400_000_000_000),
        ("2d", 172_800_000_000_000),
        ("250us", 250_000),
        ("7ns", 7),
        ("1d2h3m4s5ms6us7ns", 93_784_005_006_007),
    ] {
        assert_eq!(
            value_of(literal),
            ValueKind::Duration(DurationLit { nanos }),
            "{literal}"
        );
    }
}

#[test]
fn lists_and_maps() {
    let ValueKind::List(items) = value_of("[1, \"two\", [3], { k = v },]") else {
        panic!()
    };
    assert_eq!(items.len(), 4);
    assert!(matches!(items[3].kind, ValueKind::Map(_)));
    assert_eq!(value_of("[]"), ValueKind::List(Vec::new()));
    let ValueKind::List(items) = value_of("[\n  1,\n  2\n]") else {
        panic!()
    };
    assert_eq!(items.len(), 2);
    let ValueKind::Map(body) = value_of("{ a = 1, b = 2, }") else {
        panic!()
    };
    assert_eq!(body.entries.len(), 2);
}

#[test]
fn commas_and_newlines_both_separate_entries() {
    let entries =
        env_entries("env a {\n  a = 1, b = 2\n  c = 3,\n  d = 4 // note, with a comma\n  e = 5\n}");
    assert_eq!(entries.len(), 5);
}

#[test]
fn comments_are_kept_and_docs_attach() {
    let text = "// file header\n/// The base env.\n/// Second line.\nenv a { /* inline /* nested */ */\n  //// not a doc\n  x = 1 // trailing\n}\n";
    let parsed = parse(FileId(0), text);
    assert!(parsed.diagnostics.is_empty(), "{:?}", parsed.diagnostics);
    let kinds: Vec<(CommentKind, &str)> = parsed
        .file
        .comments
        .iter()
        .map(|c| {
            assert_eq!(slice(text, c.span), c.text);
            (c.kind, c.text.as_str())
        })
        .collect();
    assert_eq!(
        kinds,
        [
            (CommentKind::Line, "// file header"),
            (CommentKind::Doc, "/// The base env."),
            (CommentKind::Doc, "/// Second line."),
            (CommentKind::Block, "/* inline /* nested */ */"),
            (CommentKind::Line, "//// not a doc"),
            (CommentKind::Line, "// trailing"),
        ]
    );
    let Some(Item::Env(env)) = parsed.file.items.first() else {
        panic!()
    };
    let doc = env
        .doc
        .as_ref()
        .map(|d| (d.text.as_str(), slice(text, d.span)));
    assert_eq!(
        doc,
        Some((
            "The base env.\nSecond line.",
            "/// The base env.\n/// Second line."
        ))
    );
    assert_eq!(env.body.entries[0].doc(), None);
}

#[test]
fn doc_comments_skip_ordinary_comments_but_not_tokens() {
    let text = "/// Doc.\n// note\nenv a {}\n";
    let file = parse_ok(text);
    let Some(Item::Env(env)) = file.items.first() else {
        panic!()
    };
    assert_eq!(env.doc.as_ref().map(|d| d.text.as_str()), Some("Doc."));
}

#[test]
fn crlf_line_endings() {
    let text = "/// Doc.\r\nenv a {\r\n  x = 1\r\n  y = \"\"\"\r\n    q\r\n  \"\"\"\r\n}\r\n";
    let file = parse_ok(text);
    let Some(Item::Env(env)) = file.items.first() else {
        panic!()
    };
    assert_eq!(env.doc.as_ref().map(|d| d.text.as_str()), Some("Doc."));
    let Entry::Attr(y) = &env.body.entries[1] else {
        panic!()
    };
    assert_eq!(
        y.value.kind,
        ValueKind::Str(StrLit {
            value: "q".into(),
            triple: true
        })
    );
}

#[test]
fn example_file_parses_completely() {
    let text = include_str!("data/example.task");
    let file = parse_ok(text);
    let names: Vec<&str> = file
        .items
        .iter()
        .filter_map(|i| i.name().map(|n| n.name.as_str()))
        .collect();
    assert_eq!(
        names,
        [
            "base",
            "gpu",
            "pool",
            "Region",
            "TrainConfig",
            "train",
            "score",
            "train_small",
            "warehouse",
            "daily_users"
        ]
    );
    insta::assert_debug_snapshot!("example_ast", file);
}

#[test]
fn empty_and_comment_only_files() {
    assert_eq!(parse_ok("").items.len(), 0);
    let file = parse_ok("// only\n/* a comment */\n");
    assert_eq!((file.items.len(), file.comments.len()), (0, 2));
}

#[test]
fn a_byte_order_mark_is_ignored() {
    let file = parse_ok("\u{feff}env a {}\n");
    assert_eq!(file.items[0].span(), Span::new(3, 11));
}

#[test]
fn declarations_on_one_line() {
    let file = parse_ok("env a { } env b { x = 1 } type T = enum { A }");
    assert_eq!(file.items.len(), 3);
}

#[test]
fn a_keyword_used_as_a_name_in_a_declaration_head() {
    let file = parse_ok("env type extends env { }\ntemplate in in env { }");
    let names: Vec<&str> = file
        .items
        .iter()
        .filter_map(|i| i.name())
        .map(|n| n.name.as_str())
        .collect();
    assert_eq!(names, ["type", "in"]);
}
