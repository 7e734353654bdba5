//! A trigger's notifications as the SDK objects that describe them
//! (`flyte.notify.Email(…)`, `NamedRule(…)`), with only the fields the
//! `.task` file wrote: the SDK fills in the same defaults the backend does.

use super::expr::Py;
use super::settings::json;
use crate::semantic::triggers::{Delivery, Notification, Notifications};

/// The `notifications=` argument of `flyte.Trigger`.
pub(super) fn notifications(n: &Notifications) -> Py {
    match n {
        Notifications::Rule(name) => {
            Py::call("flyte.notify.NamedRule", vec![(None, Py::str(name))])
        }
        Notifications::Inline(list) => Py::Tuple(list.iter().map(notification).collect()),
    }
}

fn notification(n: &Notification) -> Py {
    let phases: Vec<Py> = n
        .on_phase
        .iter()
        .map(|p| Py::raw(format!("flyte.models.ActionPhase.{}", p.sdk_member())))
        .collect();
    let on_phase = match phases.as_slice() {
        [one] => one.clone(),
        _ => Py::Tuple(phases),
    };
    let mut kwargs = vec![("on_phase", on_phase)];
    let strings = |items: &[String]| Py::Tuple(items.iter().map(|s| Py::str(s)).collect());
    let class = match &n.delivery {
        Delivery::Named { name } => {
            kwargs.push(("name", Py::str(name)));
            "NamedDelivery"
        }
        Delivery::Email {
            recipients,
            cc,
            bcc,
            subject,
            body,
            html_body,
        } => {
            kwargs.push(("recipients", strings(recipients)));
            if !cc.is_empty() {
                kwargs.push(("cc", strings(cc)));
            }
            if !bcc.is_empty() {
                kwargs.push(("bcc", strings(bcc)));
            }
            text(&mut kwargs, "subject", subject);
            text(&mut kwargs, "body", body);
            text(&mut kwargs, "html_body", html_body);
            "Email"
        }
        Delivery::Slack {
            webhook_url,
            message,
            blocks,
        } => {
            kwargs.push(("webhook_url", Py::str(webhook_url)));
            text(&mut kwargs, "message", message);
            if let Some(blocks) = blocks {
                kwargs.push(("blocks", Py::Tuple(blocks.iter().map(json).collect())));
            }
            "Slack"
        }
        Delivery::Teams {
            webhook_url,
            title,
            message,
            card,
        } => {
            kwargs.push(("webhook_url", Py::str(webhook_url)));
            text(&mut kwargs, "title", title);
            text(&mut kwargs, "message", message);
            if let Some(card) = card {
                kwargs.push(("card", json(card)));
            }
            "Teams"
        }
        Delivery::Webhook {
            url,
            method,
            headers,
            body,
        } => {
            kwargs.push(("url", Py::str(url)));
            if let Some(method) = method {
                kwargs.push(("method", Py::str(method)));
            }
            if let Some(headers) = headers {
                let pairs = headers
                    .iter()
                    .map(|(k, v)| (Py::str(k), Py::str(v)))
                    .collect();
                kwargs.push(("headers", Py::Dict(pairs)));
            }
            if let Some(body) = body {
                kwargs.push(("body", json(body)));
            }
            "Webhook"
        }
    };
    Py::kwcall(format!("flyte.notify.{class}"), kwargs)
}

/// A string field, passed only when written.
fn text(kwargs: &mut Vec<(&'static str, Py)>, key: &'static str, v: &Option<String>) {
    if let Some(v) = v {
        kwargs.push((key, Py::str(v)));
    }
}
