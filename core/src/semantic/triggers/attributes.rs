//! The entries of a trigger block: which attributes are written (each
//! known one once), and the run settings read from them.

use super::super::cx::Cx;
use super::super::suggest;
use super::super::value_readers;
use super::{BAD_CONCURRENCY, SET_TWICE, TRIGGER_ATTRIBUTES, UNKNOWN_ENTRY, WRONG_FORM};
use crate::diagnostics::Diagnostic;
use crate::syntax::ast;

/// The attributes of a block after the unknown, repeated and malformed
/// ones were reported.
pub(super) struct Attrs<'b> {
    pub(super) list: Vec<&'b ast::Attribute>,
    /// The `notify <channel> { … }` blocks, in written order.
    pub(super) notify: Vec<&'b ast::LabeledBlock>,
}

impl<'b> Attrs<'b> {
    pub(super) fn get(&self, name: &str) -> Option<&'b ast::Attribute> {
        self.list.iter().copied().find(|a| a.key.name == name)
    }
}

fn unknown_attribute_help(name: &str) -> String {
    let alias = match name {
        "auto_activate" => Some("write `active = true|false` (the SDK's `auto_activate`)"),
        "custom_context" => {
            Some("write `context { key = \"value\" }` (the SDK's `custom_context`)")
        }
        "automation" | "every" | "interval" | "fixed_rate" | "cron_expression" => Some(
            "set the schedule with `cron = \"0 * * * *\"`, `rate = 90m` or `schedule = hourly`",
        ),
        "name" => Some("the trigger's name is its label: `trigger <name> { … }`"),
        "tz" | "time_zone" => Some("write `timezone = \"America/New_York\"`"),
        "env" | "envs" | "environment" => Some("write `env_vars { KEY = \"value\" }`"),
        "notifications" | "notify" => Some(
            "write one `notify <channel> { on_phase = failed, … }` block per notification \
             (email, slack, teams, webhook, delivery), or `notification_rule = \"<name>\"`",
        ),
        _ => None,
    };
    alias.map(str::to_string).unwrap_or_else(|| {
        suggest::help_did_you_mean(name, TRIGGER_ATTRIBUTES.iter().copied())
            .unwrap_or_else(|| format!("a trigger accepts {}", TRIGGER_ATTRIBUTES.join(", ")))
    })
}

/// Known attributes, each once, written with `=` or as a block.
pub(super) fn collect_attributes<'b>(cx: &mut Cx, body: &'b ast::Body) -> Attrs<'b> {
    let mut list: Vec<&ast::Attribute> = Vec::new();
    let mut notify = Vec::new();
    for entry in &body.entries {
        let attr = match entry {
            ast::Entry::Attr(attr) => attr,
            ast::Entry::Field(field) => {
                cx.error(
                    WRONG_FORM,
                    field.span,
                    format!(
                        "`{}: …` declares an input; a trigger sets input values",
                        field.name.name
                    ),
                    format!("write `inputs {{ {} = <value> }}`", field.name.name),
                );
                continue;
            }
            ast::Entry::Labeled(inner) if inner.kind.name == "notify" => {
                notify.push(inner);
                continue;
            }
            ast::Entry::Labeled(inner) => {
                cx.error(
                    UNKNOWN_ENTRY,
                    inner.kind.span,
                    format!(
                        "`{} {} {{ … }}` cannot appear inside a trigger",
                        inner.kind.name, inner.label.name
                    ),
                    "triggers are written directly in a template: `trigger <name> { … }`",
                );
                continue;
            }
            ast::Entry::Returns(returns) => {
                cx.error(
                    UNKNOWN_ENTRY,
                    returns.keyword,
                    "`returns` cannot appear inside a trigger",
                    "declare outputs on the template",
                );
                continue;
            }
        };
        let key = attr.key.name.as_str();
        if !TRIGGER_ATTRIBUTES.contains(&key) {
            cx.push(
                Diagnostic::error(
                    UNKNOWN_ENTRY,
                    cx.at(attr.key.span),
                    format!("unknown trigger attribute `{key}`"),
                )
                .with_primary_label("not a trigger attribute")
                .with_help(unknown_attribute_help(key)),
            );
            continue;
        }
        if attr.op == ast::AssignOp::Append {
            cx.error(
                WRONG_FORM,
                attr.op_span,
                format!("`{key} +=` is not allowed in a trigger"),
                format!(
                    "triggers inherit nothing, so there is nothing to add to; write `{key} = …`"
                ),
            );
            continue;
        }
        if let Some(first) = list.iter().find(|a| a.key.name == key) {
            set_twice(cx, attr, first, "trigger");
            continue;
        }
        list.push(attr);
    }
    Attrs { list, notify }
}

/// E0416 for `attr`, whose key `first` already set in this `block`.
pub(super) fn set_twice(cx: &mut Cx, attr: &ast::Attribute, first: &ast::Attribute, block: &str) {
    cx.push(
        Diagnostic::error(
            SET_TWICE,
            cx.at(attr.key.span),
            format!("`{}` is set twice in this {block}", attr.key.name),
        )
        .with_primary_label("set again here")
        .with_label(cx.at(first.key.span), "first set here")
        .with_help("remove one of them"),
    );
}

/// `max_action_concurrency`: 0 (the platform default) or at least 2.
pub(super) fn max_action_concurrency(cx: &mut Cx, attr: &ast::Attribute) -> Option<u32> {
    let n = value_readers::integer(cx, &attr.value, &attr.key.name)?;
    match u32::try_from(n) {
        Ok(value) if value != 1 => Some(value),
        _ => {
            cx.push(
                Diagnostic::error(
                    BAD_CONCURRENCY,
                    cx.at(attr.value.span),
                    format!(
                        "max_action_concurrency must be 0 (platform default) or at least 2, got {n}"
                    ),
                )
                .with_help(if n == 1 {
                    "a value of 1 would deadlock the run: the parent action holds a concurrency \
                     slot while waiting for its child actions to run"
                        .to_string()
                } else {
                    format!(
                        "use 0 for the platform default, or a count from 2 to {}",
                        u32::MAX
                    )
                }),
            );
            None
        }
    }
}

/// A `{ key = "value" }` block, read by the shared reader; absent gives an
/// empty list.
pub(super) fn string_map(
    cx: &mut Cx,
    attr: Option<&ast::Attribute>,
) -> Option<Vec<(String, String)>> {
    let Some(attr) = attr else {
        return Some(Vec::new());
    };
    let pairs = value_readers::string_map(cx, &attr.value, &attr.key.name)?;
    Some(
        pairs
            .into_iter()
            .map(|(key, value, _)| (key, value))
            .collect(),
    )
}

#[cfg(test)]
mod tests {
    use super::super::super::attrs::{BAD_MERGE, DUPLICATE_KEY};
    use super::super::super::types::TypeTable;
    use super::super::resolve_trigger;
    use super::*;
    use crate::source::FileId;

    /// The diagnostics of `trigger h { <body> }` on a task without inputs.
    fn diagnostics(body: &str) -> Vec<Diagnostic> {
        let text = format!("template t in e {{\n  trigger h {{\n    {body}\n  }}\n}}\n");
        let parsed = crate::syntax::parse(FileId(0), &text);
        assert!(parsed.diagnostics.is_empty(), "{:?}", parsed.diagnostics);
        let block = parsed.file.items.iter().find_map(|item| match item {
            ast::Item::Template(t) => t.body.entries.iter().find_map(|e| match e {
                ast::Entry::Labeled(b) => Some(b),
                _ => None,
            }),
            _ => None,
        });
        let Some(block) = block else {
            panic!("no trigger block in {text}");
        };
        let (trigger, diags) = resolve_trigger(&TypeTable::default(), FileId(0), block, "e.t", &[]);
        assert!(trigger.is_none() || diags.is_empty());
        diags
    }

    fn one(body: &str) -> Diagnostic {
        let diags = diagnostics(body);
        assert_eq!(diags.len(), 1, "{diags:?}");
        diags[0].clone()
    }

    #[test]
    fn settings_maps_report_like_every_other_map() {
        // The shared map reader: a repeated key and `+=` get the codes they
        // have in `env_vars`, `labels` and `annotations` everywhere else.
        assert_eq!(one("labels { a = \"x\", a = \"y\" }").code, DUPLICATE_KEY);
        assert_eq!(one("env_vars { A += \"x\" }").code, BAD_MERGE);
        let not_a_block = one("annotations = \"x\"");
        assert_eq!(not_a_block.code, WRONG_FORM);
        assert_eq!(
            not_a_block.message,
            "`annotations` must be a block `{ … }`, found a string"
        );
    }

    #[test]
    fn values_of_the_wrong_kind_keep_the_trigger_wording() {
        let number = one("queue = 3");
        assert_eq!(number.code, WRONG_FORM);
        assert_eq!(number.message, "`queue` must be a string, found an integer");
        assert_eq!(
            number.primary.message.as_deref(),
            Some("this is an integer")
        );
        assert_eq!(number.help.as_deref(), Some("quote it: `queue = \"3\"`"));
        let quoted = one("interruptible = \"true\"");
        assert_eq!(
            quoted.help.as_deref(),
            Some("remove the quotes: `interruptible = true`")
        );
        let concurrency = one("max_action_concurrency = \"4\"");
        assert_eq!(concurrency.code, WRONG_FORM);
        assert_eq!(
            concurrency.message,
            "`max_action_concurrency` must be an integer, found a string"
        );
    }

    #[test]
    fn every_trigger_attribute_is_documented_in_the_unknown_help() {
        let help = unknown_attribute_help("zzzzzz");
        for attr in TRIGGER_ATTRIBUTES {
            assert!(help.contains(attr), "{attr}");
        }
    }
}
