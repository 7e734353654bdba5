//! A trigger's notifications as `RunSpec.notification_settings`, built the
//! way the SDK's `notifications_serde` does: the channel classes' defaults
//! (subjects, bodies, messages) filled in, Slack and Teams sent as JSON
//! webhooks, bodies written by Python's `json.dumps`.

use taskc_wire::flyteidl2::common::ActionPhase;
use taskc_wire::flyteidl2::notification::{
    DeliveryConfigTemplate, EmailDeliveryTemplate, EmailRecipient, HttpMethod, InlineEmailTemplate,
    WebhookDeliveryTemplate, email_delivery_template,
};
use taskc_wire::flyteidl2::task::{InlineRule, InlineRuleList, inline_rule, run_spec};

use super::convert::python_json_dumps;
use crate::semantic::triggers::{Delivery, Notification, Notifications, Phase};

/// The SDK's `Email.subject` default.
const EMAIL_SUBJECT: &str = "Run {{.Run.Name}} {{.Phase}}";
/// The SDK's `Email.body` default.
const EMAIL_BODY: &str = "Run: {{.Run.Name}}\nProject/Domain: {{.Run.Project}}/{{.Run.Domain}}\nPhase: {{.Phase}}\nError: {{.Error}}\n";
/// What the SDK sends as the HTML template of an email without one.
const EMAIL_NO_HTML: &str = "No HTML body";
/// The SDK's `Slack.message` default (without `blocks`).
const SLACK_MESSAGE: &str =
    "Run: {{.Run.Name}} finished with phase {{.Phase}}\n | {{.Run.Project}}/{{.Run.Domain}}\n";
/// The SDK's `Teams.title` default.
const TEAMS_TITLE: &str = "Run {{.Run.Name}} {{.Phase}}";
/// The SDK's `Teams.message` default (without `card`).
const TEAMS_MESSAGE: &str = EMAIL_BODY;

/// `RunSpec.notification_settings` of a trigger.
pub(super) fn notification_settings(
    notifications: Option<&Notifications>,
) -> Option<run_spec::NotificationSettings> {
    Some(match notifications? {
        Notifications::Rule(name) => {
            run_spec::NotificationSettings::NotificationRuleName(name.clone())
        }
        Notifications::Inline(list) => {
            run_spec::NotificationSettings::NotificationRules(InlineRuleList {
                rules: list.iter().map(inline_rule).collect(),
            })
        }
    })
}

fn inline_rule(n: &Notification) -> InlineRule {
    let delivery = match &n.delivery {
        Delivery::Named { name } => inline_rule::Delivery::DeliveryConfigName(name.clone()),
        other => inline_rule::Delivery::DeliveryTemplate(template(other)),
    };
    InlineRule {
        on_phases: n.on_phase.iter().map(|p| phase(*p) as i32).collect(),
        delivery: Some(delivery),
    }
}

fn phase(p: Phase) -> ActionPhase {
    match p {
        Phase::Succeeded => ActionPhase::Succeeded,
        Phase::Failed => ActionPhase::Failed,
        Phase::Aborted => ActionPhase::Aborted,
        Phase::TimedOut => ActionPhase::TimedOut,
    }
}

fn template(delivery: &Delivery) -> DeliveryConfigTemplate {
    let json_post = |url: &str, body: serde_json::Value| DeliveryConfigTemplate {
        webhook: Some(WebhookDeliveryTemplate {
            url: url.to_string(),
            method: HttpMethod::Post as i32,
            headers: [("Content-Type".to_string(), "application/json".to_string())].into(),
            body_template: python_json_dumps(&body),
        }),
        email: None,
    };
    match delivery {
        Delivery::Named { .. } => DeliveryConfigTemplate::default(),
        Delivery::Email {
            recipients,
            cc,
            bcc,
            subject,
            body,
            html_body,
        } => {
            let to = |list: &[String]| -> Vec<EmailRecipient> {
                list.iter()
                    .map(|address| EmailRecipient {
                        name: String::new(),
                        address: address.clone(),
                    })
                    .collect()
            };
            DeliveryConfigTemplate {
                webhook: None,
                email: Some(EmailDeliveryTemplate {
                    to: to(recipients),
                    cc: to(cc),
                    bcc: to(bcc),
                    content: Some(email_delivery_template::Content::Inline(
                        InlineEmailTemplate {
                            subject: subject.as_deref().unwrap_or(EMAIL_SUBJECT).to_string(),
                            text_template: body.as_deref().unwrap_or(EMAIL_BODY).to_string(),
                            // `html_body or "No HTML body"`: an empty one too.
                            html_template: html_body
                                .as_deref()
                                .filter(|h| !h.is_empty())
                                .unwrap_or(EMAIL_NO_HTML)
                                .to_string(),
                        },
                    )),
                }),
            }
        }
        Delivery::Slack {
            webhook_url,
            message,
            blocks,
        } => {
            // `{"blocks": …} if blocks else {"text": message}`, where the
            // message defaults only when neither was given.
            let body = match blocks {
                Some(blocks) if !blocks.is_empty() => {
                    serde_json::json!({ "blocks": blocks })
                }
                _ => {
                    let text = match (message, blocks) {
                        (Some(m), _) => serde_json::Value::from(m.as_str()),
                        (None, None) => serde_json::Value::from(SLACK_MESSAGE),
                        (None, Some(_)) => serde_json::Value::Null,
                    };
                    serde_json::json!({ "text": text })
                }
            };
            json_post(webhook_url, body)
        }
        Delivery::Teams {
            webhook_url,
            title,
            message,
            card,
        } => {
            // `card or {"title": title, "text": message}`; the message
            // defaults only when neither it nor a card was given.
            let body = match card {
                Some(card) if card.as_object().is_some_and(|m| !m.is_empty()) => card.clone(),
                _ => {
                    let text = match (message, card) {
                        (Some(m), _) => serde_json::Value::from(m.as_str()),
                        (None, None) => serde_json::Value::from(TEAMS_MESSAGE),
                        (None, Some(_)) => serde_json::Value::Null,
                    };
                    serde_json::json!({
                        "title": title.as_deref().unwrap_or(TEAMS_TITLE),
                        "text": text,
                    })
                }
            };
            json_post(webhook_url, body)
        }
        Delivery::Webhook {
            url,
            method,
            headers,
            body,
        } => {
            let body = body.clone().unwrap_or_else(|| {
                serde_json::json!({
                    "run": "{{.Run.Name}}",
                    "project": "{{.Run.Project}}",
                    "domain": "{{.Run.Domain}}",
                    "phase": "{{.Phase}}",
                    "error": "{{.Error}}",
                })
            });
            DeliveryConfigTemplate {
                webhook: Some(WebhookDeliveryTemplate {
                    url: url.clone(),
                    method: http_method(method.unwrap_or("POST")) as i32,
                    headers: headers.iter().flatten().cloned().collect(),
                    body_template: python_json_dumps(&body),
                }),
                email: None,
            }
        }
    }
}

fn http_method(method: &str) -> HttpMethod {
    HttpMethod::from_str_name(&format!("HTTP_METHOD_{method}")).unwrap_or(HttpMethod::Post)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_method_the_language_accepts_has_a_wire_value() {
        for m in crate::semantic::triggers::HTTP_METHODS {
            let wire = http_method(m);
            assert_eq!(wire.as_str_name(), format!("HTTP_METHOD_{m}"), "{m}");
        }
    }
}
