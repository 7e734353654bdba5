//! A small stand-in for the semantic pass, used by the type and trigger
//! tests: parse a snippet, build the type table, check every template's
//! inputs and defaults, and resolve its triggers.

#![allow(dead_code)]

use taskc_core::diagnostics::render::{HumanOptions, render_human};
use taskc_core::diagnostics::{Code, Diagnostic, sort_diagnostics};
use taskc_core::semantic::triggers::{InputSig, Trigger, resolve_trigger};
use taskc_core::semantic::types::{Type, TypeTable};
use taskc_core::semantic::values::{TypedValue, check_input_default};
use taskc_core::source::{FileId, FileSpan, SourceDb};
use taskc_core::syntax::ast;
use taskc_core::syntax::parse;

/// One checked input of a template.
#[derive(Debug, Clone, PartialEq)]
pub struct Input {
    pub name: String,
    pub ty: Type,
    pub default: Option<TypedValue>,
    pub at: FileSpan,
}

/// Everything the snippet produced.
pub struct Checked {
    pub db: SourceDb,
    pub table: TypeTable,
    pub inputs: Vec<(String, Vec<Input>)>,
    pub triggers: Vec<Trigger>,
    pub diagnostics: Vec<Diagnostic>,
}

impl Checked {
    pub fn render(&self) -> String {
        render_human(&self.db, &self.diagnostics, HumanOptions::default())
    }

    pub fn codes(&self) -> Vec<Code> {
        self.diagnostics.iter().map(|d| d.code).collect()
    }

    /// The inputs of the (first) template.
    pub fn input(&self, name: &str) -> &Input {
        self.inputs
            .iter()
            .flat_map(|(_, inputs)| inputs)
            .find(|i| i.name == name)
            .unwrap_or_else(|| panic!("no input {name}"))
    }

    pub fn trigger(&self, name: &str) -> &Trigger {
        self.triggers
            .iter()
            .find(|t| t.name == name)
            .unwrap_or_else(|| panic!("no trigger {name}: {}", self.render()))
    }
}

/// Check `text` as `test.task`; the task id of template `t` in env `e` is `e.t`.
pub fn check(text: &str) -> Checked {
    let mut db = SourceDb::new();
    let file = db.add("test.task", text);
    let parsed = parse(file, text);
    let mut diagnostics = parsed.diagnostics.clone();
    assert!(
        diagnostics.is_empty(),
        "the snippet must parse: {}",
        render_human(&db, &diagnostics, HumanOptions::default())
    );
    let (table, mut type_diags) = TypeTable::build(&[(file, &parsed.file)]);
    diagnostics.append(&mut type_diags);
    let mut all_inputs = Vec::new();
    let mut triggers = Vec::new();
    for item in &parsed.file.items {
        let ast::Item::Template(template) = item else {
            continue;
        };
        let inputs = template_inputs(&table, file, template, &mut diagnostics);
        let sigs: Vec<InputSig> = inputs
            .iter()
            .map(|i| InputSig {
                name: &i.name,
                ty: &i.ty,
                default: i.default.as_ref(),
                at: i.at,
            })
            .collect();
        let task_id = format!("{}.{}", template.env.name, template.name.name);
        for entry in &template.body.entries {
            if let ast::Entry::Labeled(block) = entry {
                if block.kind.name == "trigger" {
                    let (trigger, mut diags) =
                        resolve_trigger(&table, file, block, &task_id, &sigs);
                    diagnostics.append(&mut diags);
                    triggers.extend(trigger);
                }
            }
        }
        all_inputs.push((template.name.name.clone(), inputs));
    }
    sort_diagnostics(&mut diagnostics);
    Checked {
        db,
        table,
        inputs: all_inputs,
        triggers,
        diagnostics,
    }
}

fn template_inputs(
    table: &TypeTable,
    file: FileId,
    template: &ast::TemplateDecl,
    diagnostics: &mut Vec<Diagnostic>,
) -> Vec<Input> {
    let mut out = Vec::new();
    for entry in &template.body.entries {
        let ast::Entry::Attr(attr) = entry else {
            continue;
        };
        if attr.key.name != "inputs" {
            continue;
        }
        let ast::ValueKind::Map(body) = &attr.value.kind else {
            continue;
        };
        for entry in &body.entries {
            let ast::Entry::Field(field) = entry else {
                continue;
            };
            let ty = match table.resolve(file, &field.ty) {
                Ok(ty) => ty,
                Err(mut errs) => {
                    diagnostics.append(&mut errs);
                    continue;
                }
            };
            let default = match &field.default {
                None => None,
                Some(value) => {
                    match check_input_default(table, file, &field.name.name, value, &ty) {
                        Ok(v) => Some(v),
                        Err(mut errs) => {
                            diagnostics.append(&mut errs);
                            continue;
                        }
                    }
                }
            };
            out.push(Input {
                name: field.name.name.clone(),
                ty,
                default,
                at: FileSpan::new(file, field.name.span),
            });
        }
    }
    out
}

/// A template `t` in env `e` with the given `inputs { … }` body, plus extra
/// declarations.
pub fn inputs(inputs: &str, decls: &str) -> String {
    format!("{decls}template t in e {{\n  inputs {{\n{inputs}\n  }}\n}}\n")
}

/// `$name` (named after `$code`): `$text` reports `$code`; snapshot of the
/// rendering. The test file declares `mod expect_code;` beside this module.
#[allow(unused_macros)]
macro_rules! rendered {
    ($name:ident, $code:ident, $text:expr) => {
        #[test]
        fn $name() {
            let checked = crate::semantic_support::check(&$text);
            let code = taskc_core::diagnostics::Code::$code;
            crate::expect_code::assert_named_after(stringify!($name), code);
            crate::expect_code::assert_reports(&checked.diagnostics, code, || checked.render());
            insta::assert_snapshot!(stringify!($name), checked.render());
        }
    };
}

#[allow(unused_imports)]
pub(crate) use rendered;
