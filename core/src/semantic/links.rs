//! `links = [{ name, uri, icon_uri? }]`: the uri placeholders and their
//! mapping to Flyte's log-link templates (WIRE.md §5.6).

use super::attr_values::Link;
use super::attrs::{LINK_ATTRS, known_attrs};
use super::cx::Cx;
use super::suggest_name;
use super::value_readers::{self, mismatch};
use crate::diagnostics::Code;
use crate::diagnostics::Diagnostic;
use crate::syntax::ast::{Value, ValueKind};

pub(crate) const BAD_LINK: Code = Code::E0313;

/// `{placeholder}` → what the SDK passes on deploy.
pub(crate) const LINK_PLACEHOLDERS: &[(&str, &str)] = &[
    ("run_name", "{{.runName}}"),
    ("project", "{{.executionProject}}"),
    ("domain", "{{.executionDomain}}"),
    ("action_name", "{{.actionName}}"),
    ("parent_action_name", "{{.actionName}}"),
    ("pod_name", "{{.podName}}"),
];

pub(crate) fn lower_links(cx: &mut Cx, v: &Value) -> Option<Vec<Link>> {
    let items: Vec<&Value> = match &v.kind {
        ValueKind::List(items) => items.iter().collect(),
        ValueKind::Map(_) => vec![v],
        _ => {
            mismatch(
                cx,
                v,
                "links",
                "a list of `{ name = \"…\", uri = \"…\" }` blocks",
            );
            return None;
        }
    };
    let mut out = Vec::new();
    let mut ok = true;
    for item in items {
        match link(cx, item) {
            Some(l) => out.push(l),
            None => ok = false,
        }
    }
    ok.then_some(out)
}

fn link(cx: &mut Cx, v: &Value) -> Option<Link> {
    let body = value_readers::block(cx, v, "link")?;
    let mut name = None;
    let mut uri: Option<(String, crate::syntax::ast::Value)> = None;
    let mut icon_uri = None;
    let mut ok = true;
    let before = cx.diags.len();
    for attr in known_attrs(cx, body, "link", LINK_ATTRS) {
        let what = format!("link.{}", attr.key.name);
        let Some(text) = value_readers::string(cx, &attr.value, &what) else {
            ok = false;
            continue;
        };
        match attr.key.name.as_str() {
            "name" => name = Some(text),
            "uri" => uri = Some((text, attr.value.clone())),
            "icon_uri" => icon_uri = Some(text),
            _ => {}
        }
    }
    if !ok || cx.diags.len() > before {
        return None;
    }
    let (Some(name), Some((uri, uri_value))) = (name, uri) else {
        cx.error(
            BAD_LINK,
            body.span,
            "a link needs a `name` and a `uri`",
            "write `{ name = \"Dashboard\", uri = \"https://…/{run_name}\" }`",
        );
        return None;
    };
    let wire_uri = map_placeholders(cx, &uri, &uri_value)?;
    Some(Link {
        name,
        uri,
        wire_uri,
        icon_uri,
        at: cx.at(v.span),
    })
}

/// Replace `{name}` placeholders; `{{…}}` is kept verbatim (already a Flyte
/// template). Unknown names are reported.
fn map_placeholders(cx: &mut Cx, uri: &str, value: &Value) -> Option<String> {
    let mut out = String::with_capacity(uri.len());
    let mut rest = uri;
    let mut ok = true;
    while let Some(open) = rest.find('{') {
        out.push_str(&rest[..open]);
        let after = &rest[open..];
        if after.starts_with("{{") {
            let end = after.find("}}").map_or(after.len(), |e| e + 2);
            out.push_str(&after[..end]);
            rest = &after[end..];
            continue;
        }
        let Some(close) = after.find('}') else {
            cx.error(
                BAD_LINK,
                value.span,
                "unclosed `{` in link uri",
                "close the placeholder, e.g. `{run_name}`",
            );
            return None;
        };
        let name = &after[1..close];
        match LINK_PLACEHOLDERS.iter().find(|(p, _)| *p == name) {
            Some((_, wire)) => out.push_str(wire),
            None => {
                let names: Vec<&str> = LINK_PLACEHOLDERS.iter().map(|(p, _)| *p).collect();
                {
                    let at = cx.narrow(cx.at(value.span), &format!("{{{name}}}"));
                    cx.push(
                        Diagnostic::error(
                            BAD_LINK,
                            at,
                            format!("unknown placeholder `{{{name}}}` in link uri"),
                        )
                        .with_help(match suggest_name(name, &names) {
                            Some(s) => format!("did you mean `{{{s}}}`?"),
                            None => {
                                format!("placeholders are {}", value_readers::list_words(&names))
                            }
                        }),
                    );
                }
                ok = false;
                out.push_str(&after[..=close]);
            }
        }
        rest = &after[close + 1..];
    }
    out.push_str(rest);
    ok.then_some(out)
}
