//! Every row of the attribute schema is handled by every consumer: the
//! semantic pass (allowed where the row says, refused elsewhere), the
//! resolved model and its provenance, inheritance, `taskc why`, the lints'
//! value comparison (`override-no-effect`), completion and hover, and the
//! wire (a row that names a wire field changes the emitted spec; a
//! client-side row does not). Each check writes the row's own example, so a
//! new row is tested without touching this file.

mod backend_support;

use serde_json::Value;
use taskc_core::backend::{self, BuildOptions};
use taskc_core::diagnostics::Code;
use taskc_core::ide::Analysis;
use taskc_core::query::why;
use taskc_core::semantic::model::{SETTING_NAMES, Settings};
use taskc_core::semantic::schema::{
    ATTRIBUTES, AttrSchema, Merge, OnOverride, Places, Written, attribute, env_attributes,
    override_attributes, template_attributes,
};
use taskc_core::source::{FileId, SourceDb};
use taskc_core::workspace::Config;

/// The declaration places a row can name, with how the test writes there.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Place {
    RootEnv,
    ChildEnv,
    Template,
    Override,
}

const PLACES: [Place; 4] = [
    Place::RootEnv,
    Place::ChildEnv,
    Place::Template,
    Place::Override,
];

impl Place {
    fn bit(self) -> Places {
        match self {
            Place::RootEnv => Places::ROOT_ENV,
            Place::ChildEnv => Places::CHILD_ENV,
            Place::Template => Places::TEMPLATE,
            Place::Override => Places::OVERRIDE,
        }
    }
}

/// `name example` as written in a block.
fn entry(row: &AttrSchema) -> String {
    match row.written {
        Written::Returns => format!("returns {}", row.example),
        _ => format!("{} {}", row.name, row.example),
    }
}

/// A workspace with the attribute written in the given places: env `base`,
/// its child `child`, template `t` in `child`, override `o` of `t`.
fn workspace(row: &AttrSchema, places: &[Place]) -> String {
    let at = |p: Place| {
        if places.contains(&p) {
            format!("  {}\n", entry(row))
        } else {
            String::new()
        }
    };
    format!(
        "env other {{}}\nenv base {{\n{}}}\nenv child extends base {{\n{}}}\ntemplate t in child {{\n  inputs {{ x: int }}\n{}}}\noverride o of t {{\n{}}}\n",
        at(Place::RootEnv),
        at(Place::ChildEnv),
        at(Place::Template),
        at(Place::Override),
    )
}

fn analyse(text: &str) -> Analysis {
    let mut db = SourceDb::new();
    db.add("main.task", text);
    let mut config = Config::default();
    config.flyte.default_module = Some("tasks".to_string());
    Analysis::new(db, config)
}

fn errors(analysis: &Analysis) -> Vec<String> {
    analysis
        .diagnostics()
        .iter()
        .filter(|d| d.is_error())
        .map(|d| format!("{}: {}", d.code, d.message))
        .collect()
}

fn settings_of(analysis: &Analysis, place: Place) -> &Settings {
    let model = analysis.model();
    match place {
        Place::RootEnv => &model.env("base").expect("env base").settings,
        Place::ChildEnv => &model.env("child").expect("env child").settings,
        Place::Template => &model.template("t").expect("template t").settings,
        Place::Override => &model.override_named("o").expect("override o").settings,
    }
}

/// The JSON of every artifact of the workspace, by name.
fn built(analysis: &Analysis) -> Value {
    let build = backend::build(
        analysis.model(),
        &BuildOptions::from_config(analysis.config()),
    );
    let mut map = serde_json::Map::new();
    for a in &build.artifacts {
        map.insert(a.name.clone(), backend_support::emitted_json(&a.emitted));
    }
    Value::Object(map)
}

fn setting_rows() -> impl Iterator<Item = &'static AttrSchema> {
    ATTRIBUTES.iter().filter(|a| a.setting)
}

#[test]
fn setting_rows_are_the_settings_fields_in_order() {
    let rows: Vec<&str> = setting_rows().map(|a| a.name).collect();
    assert_eq!(rows, SETTING_NAMES);
}

#[test]
fn every_row_is_complete_and_consistent() {
    let mut names: Vec<&str> = ATTRIBUTES.iter().map(|a| a.name).collect();
    names.sort_unstable();
    names.dedup();
    assert_eq!(names.len(), ATTRIBUTES.len(), "a name has two rows");
    let mut positions = Vec::new();
    for row in ATTRIBUTES {
        let name = row.name;
        assert!(row.places != Places::NONE, "`{name}` is allowed nowhere");
        assert!(
            !row.form.is_empty() && !row.doc.is_empty(),
            "`{name}` has no docs"
        );
        assert!(!row.example.is_empty(), "`{name}` has no example");
        let sdk_override = matches!(row.on_override, OnOverride::Sdk(_));
        assert_eq!(
            row.places.has(Places::OVERRIDE),
            sdk_override,
            "`{name}`: written on overrides exactly when `override()` takes it"
        );
        if let OnOverride::Sdk(position) = row.on_override {
            positions.push(position);
        }
        if row.setting {
            assert!(!row.sdk.is_empty(), "setting `{name}` names no SDK keyword");
        }
        if row.merge == Merge::Append {
            assert!(row.setting, "`{name}` merges but holds no setting");
        }
    }
    positions.sort_unstable();
    let expected: Vec<u8> = (0..positions.len() as u8).collect();
    assert_eq!(
        positions, expected,
        "override() positions are 0..n, once each"
    );
}

#[test]
fn allow_lists_are_the_rows_places() {
    for row in ATTRIBUTES {
        let name = row.name;
        assert_eq!(
            env_attributes().contains(&name),
            row.places.any(Places::ENV),
            "{name}"
        );
        assert_eq!(
            template_attributes().contains(&name),
            row.places.has(Places::TEMPLATE),
            "{name}"
        );
        assert_eq!(
            override_attributes().contains(&name),
            row.places.has(Places::OVERRIDE),
            "{name}"
        );
    }
}

/// Completion offers the row in every block that may hold it, with the
/// row's form and docs, and nowhere else.
#[test]
fn completion_offers_each_row_where_it_is_allowed() {
    let blocks = [
        ("env e {\n  ", "\n}\n", Places::ROOT_ENV),
        (
            "env b {}\nenv e extends b {\n  ",
            "\n}\n",
            Places::CHILD_ENV,
        ),
        ("env e {}\ntemplate t in e {\n  ", "\n}\n", Places::TEMPLATE),
        (
            "env e {}\ntemplate t in e {}\noverride o of t {\n  ",
            "\n}\n",
            Places::OVERRIDE,
        ),
    ];
    for (before, after, place) in blocks {
        let analysis = analyse(&format!("{before}{after}"));
        let items = analysis.completions(FileId(0), before.len());
        for row in ATTRIBUTES {
            let item = items.iter().find(|i| i.label == row.name);
            assert_eq!(
                item.is_some(),
                row.places.has(place),
                "`{}` in {place:?}: offered {:?}",
                row.name,
                item.map(|i| &i.label)
            );
            if let Some(item) = item {
                let docs = item.documentation.as_deref().unwrap_or_default();
                assert!(docs.contains(row.doc), "`{}` docs: {docs}", row.name);
            }
        }
    }
}

/// Every setting row, written in every place: accepted, resolved with its
/// provenance, reported by `why` and hover where it is allowed; an error
/// where it is not.
#[test]
fn every_setting_row_resolves_where_allowed_and_is_refused_elsewhere() {
    for row in setting_rows() {
        for place in PLACES {
            let text = workspace(row, &[place]);
            let analysis = analyse(&text);
            let errors = errors(&analysis);
            if !row.places.has(place.bit()) {
                assert!(
                    !errors.is_empty(),
                    "`{}` in {place:?} was accepted:\n{text}",
                    row.name
                );
                continue;
            }
            assert!(
                errors.is_empty(),
                "`{}` in {place:?}: {errors:?}\n{text}",
                row.name
            );
            let settings = settings_of(&analysis, place);
            assert!(
                settings.provenance(row.name).is_some(),
                "`{}` in {place:?} was not resolved",
                row.name
            );
            assert!(settings.set_attributes().contains(&row.name));
            let query = match place {
                Place::RootEnv => "base",
                Place::ChildEnv => "child",
                Place::Template => "t",
                Place::Override => "o",
            };
            let report = why(
                analysis.db(),
                analysis.model(),
                &format!("{query}.{}", row.name),
            )
            .unwrap_or_else(|e| panic!("why {query}.{}: {e:?}", row.name));
            assert!(
                report
                    .attributes
                    .iter()
                    .any(|a| a.name == row.name && a.value.is_some()),
                "why {query}.{}",
                row.name
            );
            let key_at = text.find(&entry(row)).expect("entry in text");
            let hover = analysis
                .hover(FileId(0), key_at + 1)
                .unwrap_or_else(|| panic!("no hover on `{}` in {place:?}", row.name));
            assert!(
                hover.markdown.contains(row.name),
                "hover on `{}`: {}",
                row.name,
                hover.markdown
            );
        }
    }
}

/// A value written on an env reaches the templates of its children; a
/// value of a template reaches its overrides (the `merge` column's layering).
#[test]
fn every_setting_row_is_inherited() {
    for row in setting_rows() {
        let (place, heirs): (Place, &[Place]) = if row.places.has(Places::ROOT_ENV) {
            (
                Place::RootEnv,
                &[Place::ChildEnv, Place::Template, Place::Override],
            )
        } else {
            (Place::Template, &[Place::Override])
        };
        let analysis = analyse(&workspace(row, &[place]));
        assert!(errors(&analysis).is_empty(), "{}", row.name);
        for heir in heirs {
            // An env-only attribute reaches tasks only when it applies to
            // them (`description`, `depends_on` stay on the env).
            let settings = settings_of(&analysis, *heir);
            assert!(
                settings.provenance(row.name).is_some(),
                "`{}` written on {place:?} did not reach {heir:?}",
                row.name
            );
        }
    }
}

/// `+=` merges exactly the rows whose `merge` is `Append`, and `why` shows
/// the merged value.
#[test]
fn merge_column_decides_what_plus_equals_does() {
    for row in setting_rows().filter(|r| r.written == Written::Assign) {
        if !row.places.has(Places::CHILD_ENV) && !row.places.has(Places::OVERRIDE) {
            continue;
        }
        let append = entry(row).replacen(row.name, &format!("{} +=", row.name), 1);
        let append = append.replace("+= =", "+=");
        let (text, query) = if row.places.has(Places::CHILD_ENV) {
            (
                format!(
                    "env base {{\n  {}\n}}\nenv child extends base {{\n  {append}\n}}\n",
                    entry(row)
                ),
                "child",
            )
        } else {
            continue;
        };
        let analysis = analyse(&text);
        let errors = errors(&analysis);
        if row.merge == Merge::Append {
            assert!(errors.is_empty(), "`{} +=`: {errors:?}", row.name);
            let report = why(
                analysis.db(),
                analysis.model(),
                &format!("{query}.{}", row.name),
            )
            .expect("why");
            let attr = report
                .attributes
                .iter()
                .find(|a| a.name == row.name)
                .expect("attribute");
            assert!(attr.steps.len() >= 2, "`{}` merge steps", row.name);
        } else {
            assert!(
                errors.iter().any(|e| e.starts_with("E0316")),
                "`{} +=` must be refused: {errors:?}",
                row.name
            );
        }
    }
}

/// An override that writes the value its task already has is reported by
/// `override-no-effect`: the lints compare every overridable row.
#[test]
fn every_overridable_row_is_compared_by_the_lints() {
    for row in setting_rows().filter(|r| r.places.has(Places::OVERRIDE)) {
        let on_task = if row.places.has(Places::TEMPLATE) {
            Place::Template
        } else {
            Place::RootEnv
        };
        let analysis = analyse(&workspace(row, &[on_task, Place::Override]));
        let findings: Vec<_> = analysis
            .diagnostics()
            .iter()
            .filter(|d| d.code == Code::L0001 && d.message.contains(&format!("`{}`", row.name)))
            .collect();
        assert_eq!(
            findings.len(),
            1,
            "`{}`: override-no-effect not reported: {:?}",
            row.name,
            analysis.diagnostics()
        );
    }
}

/// A row that names a wire field changes what is emitted; a client-side
/// row (`wire = ""`) never does.
#[test]
fn wire_column_says_whether_a_row_reaches_the_spec() {
    for row in setting_rows() {
        let place = if row.places.has(Places::ROOT_ENV) {
            Place::RootEnv
        } else {
            Place::Template
        };
        let without = analyse(&workspace(row, &[]));
        let with = analyse(&workspace(row, &[place]));
        assert!(errors(&with).is_empty(), "{}", row.name);
        let changed = built(&without) != built(&with);
        let reaches = !row.wire.is_empty();
        assert_eq!(
            changed, reaches,
            "`{}` (wire `{}`): emitted output changed = {changed}",
            row.name, row.wire
        );
    }
}

#[test]
fn rows_are_found_by_name() {
    for row in ATTRIBUTES {
        assert_eq!(attribute(row.name), Some(row));
    }
    assert_eq!(attribute("no_such_attribute"), None);
}

/// The bindings pass every setting to the SDK under the row's `sdk`
/// keyword. `description` and `depends_on` are written by the env writer
/// itself (`name=…, description=…` and `depends_on` once every env exists),
/// so the generated module is checked for them instead.
#[test]
fn every_setting_row_reaches_the_python_bindings_under_its_sdk_keyword() {
    for row in setting_rows() {
        let place = if row.places.has(Places::ROOT_ENV) {
            Place::RootEnv
        } else {
            Place::Template
        };
        let analysis = analyse(&workspace(row, &[place]));
        let settings = settings_of(&analysis, place);
        match row.name {
            "description" | "depends_on" => {
                let sources = backend::python::Sources {
                    files: vec![(FileId(0), "main.task".to_string())],
                    text: &|_| None,
                    module_at: None,
                };
                let mut options = backend::BuildOptions::from_config(&Config::default());
                options.default_module = Some("tasks".into());
                let module = backend::python::generate(analysis.model(), &sources, &options);
                assert!(
                    module.contains(row.sdk),
                    "`{}` missing from the bindings",
                    row.sdk
                );
            }
            _ => assert!(
                backend::python::setting_keyword_value(settings, row.sdk).is_some(),
                "`{}` (SDK keyword `{}`) has no Python value in the bindings",
                row.name,
                row.sdk
            ),
        }
    }
}
