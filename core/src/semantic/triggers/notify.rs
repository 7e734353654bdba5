//! Trigger notifications: `notify <channel> { … }` blocks and
//! `notification_rule = "…"` (the SDK's `flyte.notify` classes and
//! `NamedRule`), sent as the triggered run's notification settings.
//!
//! Decisions:
//! - One block per notification, named by its channel (`email`, `slack`,
//!   `teams`, `webhook`, `delivery` for the SDK's `NamedDelivery`); the
//!   fields keep the SDK's keyword names so a definition reads the same in
//!   both languages.
//! - What the SDK checks (a phase, a recipient, a URL, a name) is checked
//!   here; so are the limits Flyte's API validates and the SDK does not
//!   (phases listed once, a subject that is not empty, a URL of at most
//!   2,000 characters, at most 20 headers of bounded length, a known HTTP
//!   method): a trigger Flyte would refuse is an error, not a failed deploy.
//! - Defaults the SDK fills in (subjects, bodies, messages) are applied by
//!   the backend, so the bindings pass only what was written.

use super::super::cx::Cx;
use super::super::suggest;
use super::super::value_readers::{self, list_words};
use super::attributes::set_twice;
use crate::diagnostics::{Code, Diagnostic};
use crate::source::{FileSpan, Span};
use crate::syntax::ast::{self, ValueKind};

/// E0418: a notification Flyte or the SDK would refuse.
const BAD_NOTIFICATION: Code = Code::E0418;

/// The run phases a notification may fire on (the SDK's
/// `_SUPPORTED_PHASES`), in `flyteidl2.common.ActionPhase` order.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Phase {
    Succeeded,
    Failed,
    Aborted,
    TimedOut,
}

impl Phase {
    const ALL: [Phase; 4] = [
        Phase::Succeeded,
        Phase::Failed,
        Phase::Aborted,
        Phase::TimedOut,
    ];

    /// The word written in `.task` (the SDK's enum value).
    pub fn word(self) -> &'static str {
        match self {
            Phase::Succeeded => "succeeded",
            Phase::Failed => "failed",
            Phase::Aborted => "aborted",
            Phase::TimedOut => "timed_out",
        }
    }

    /// The member of `flyte.models.ActionPhase`.
    pub fn sdk_member(self) -> &'static str {
        match self {
            Phase::Succeeded => "SUCCEEDED",
            Phase::Failed => "FAILED",
            Phase::Aborted => "ABORTED",
            Phase::TimedOut => "TIMED_OUT",
        }
    }

    fn from_word(word: &str) -> Option<Phase> {
        Phase::ALL.into_iter().find(|p| p.word() == word)
    }
}

/// The HTTP methods of the SDK's `Webhook.method` literal.
pub const HTTP_METHODS: &[&str] = &[
    "POST", "PUT", "PATCH", "GET", "DELETE", "HEAD", "OPTIONS", "TRACE", "CONNECT",
];

/// Where a notification goes; `None` fields were not written (the backend
/// applies the SDK's defaults).
#[derive(Debug, Clone, PartialEq)]
pub enum Delivery {
    /// `NamedDelivery`: a delivery config set up on the platform.
    Named { name: String },
    Email {
        recipients: Vec<String>,
        cc: Vec<String>,
        bcc: Vec<String>,
        subject: Option<String>,
        body: Option<String>,
        html_body: Option<String>,
    },
    Slack {
        webhook_url: String,
        message: Option<String>,
        blocks: Option<Vec<serde_json::Value>>,
    },
    Teams {
        webhook_url: String,
        title: Option<String>,
        message: Option<String>,
        card: Option<serde_json::Value>,
    },
    Webhook {
        url: String,
        method: Option<&'static str>,
        headers: Option<Vec<(String, String)>>,
        body: Option<serde_json::Value>,
    },
}

/// One `notify <channel> { … }` block.
#[derive(Debug, Clone, PartialEq)]
pub struct Notification {
    pub on_phase: Vec<Phase>,
    pub delivery: Delivery,
    /// The channel word of the block.
    pub at: FileSpan,
}

/// A trigger's notification settings (`RunSpec.notification_settings`).
#[derive(Debug, Clone, PartialEq)]
pub enum Notifications {
    /// `notification_rule = "…"`: a rule set up on the platform.
    Rule(String),
    Inline(Vec<Notification>),
}

/// A channel: its word, what it is, its fields (with how each is written
/// and what it does, for editors) and which of them are required.
#[derive(Debug, PartialEq, Eq)]
pub struct Channel {
    pub word: &'static str,
    pub doc: &'static str,
    pub fields: &'static [&'static str],
    pub field_docs: &'static [(&'static str, &'static str)],
    required: &'static [&'static str],
}

const ON_PHASE: (&str, &str) = (
    "succeeded | failed | aborted | timed_out | [phase, …]",
    "The run phases that send this notification.",
);

/// Every channel, in the order the language documents them.
pub const CHANNELS: &[Channel] = &[
    Channel {
        word: "email",
        doc: "An email (`flyte.notify.Email`)",
        fields: &[
            "on_phase",
            "recipients",
            "cc",
            "bcc",
            "subject",
            "body",
            "html_body",
        ],
        field_docs: &[
            ON_PHASE,
            ("[\"address\", …]", "The `To:` addresses; at least one."),
            ("[\"address\", …]", "The `Cc:` addresses."),
            ("[\"address\", …]", "The `Bcc:` addresses."),
            (
                "\"text\"",
                "Subject template (default `Run {{.Run.Name}} {{.Phase}}`).",
            ),
            ("\"text\"", "Plain-text body template."),
            (
                "\"html\"",
                "HTML body template; the email is then multipart.",
            ),
        ],
        required: &["on_phase", "recipients"],
    },
    Channel {
        word: "slack",
        doc: "A Slack message through an incoming webhook (`flyte.notify.Slack`)",
        fields: &["on_phase", "webhook_url", "message", "blocks"],
        field_docs: &[
            ON_PHASE,
            (
                "\"https://hooks.slack.com/…\"",
                "The Slack incoming webhook.",
            ),
            ("\"text\"", "Message template (ignored with `blocks`)."),
            ("[{ … }, …]", "Block Kit blocks for a rich message."),
        ],
        required: &["on_phase", "webhook_url"],
    },
    Channel {
        word: "teams",
        doc: "A Microsoft Teams message through a webhook (`flyte.notify.Teams`)",
        fields: &["on_phase", "webhook_url", "title", "message", "card"],
        field_docs: &[
            ON_PHASE,
            ("\"https://…\"", "The Teams webhook."),
            ("\"text\"", "Card title template (ignored with `card`)."),
            ("\"text\"", "Message template (ignored with `card`)."),
            ("{ … }", "An adaptive card for a rich message."),
        ],
        required: &["on_phase", "webhook_url"],
    },
    Channel {
        word: "webhook",
        doc: "An HTTP request (`flyte.notify.Webhook`)",
        fields: &["on_phase", "url", "method", "headers", "body"],
        field_docs: &[
            ON_PHASE,
            (
                "\"https://…\"",
                "The URL to call (template variables allowed).",
            ),
            (
                "POST | PUT | PATCH | GET | DELETE | …",
                "HTTP method (default POST).",
            ),
            ("headers { Name = \"value\" }", "At most 20 headers."),
            ("body { … }", "JSON body; string values are templates."),
        ],
        required: &["on_phase", "url"],
    },
    Channel {
        word: "delivery",
        doc: "A delivery config set up on the platform (`flyte.notify.NamedDelivery`)",
        fields: &["on_phase", "name"],
        field_docs: &[ON_PHASE, ("\"name\"", "The delivery config's name.")],
        required: &["on_phase", "name"],
    },
];

/// The channel written `notify <word> { … }`.
pub fn channel(word: &str) -> Option<&'static Channel> {
    CHANNELS.iter().find(|c| c.word == word)
}

fn channel_words() -> Vec<&'static str> {
    CHANNELS.iter().map(|c| c.word).collect()
}

/// Flyte's limits on a webhook (`WebhookDeliveryTemplate`'s validation).
const MAX_URL_CHARS: usize = 2000;
const MAX_HEADERS: usize = 20;
const MAX_HEADER_KEY_CHARS: usize = 20;
const MAX_HEADER_VALUE_CHARS: usize = 50;

/// The notification settings of a trigger: `Some(None)` when it has none,
/// `None` when something was reported.
pub(super) fn notifications(
    cx: &mut Cx,
    rule: Option<&ast::Attribute>,
    blocks: &[&ast::LabeledBlock],
) -> Option<Option<Notifications>> {
    if let Some(rule) = rule {
        let name = value_readers::string(cx, &rule.value, "notification_rule")?;
        if name.is_empty() {
            cx.error(
                BAD_NOTIFICATION,
                rule.value.span,
                "`notification_rule` cannot be empty",
                "name a notification rule set up on the platform, or leave it out",
            );
            return None;
        }
        if let Some(first) = blocks.first() {
            cx.push(
                Diagnostic::error(
                    BAD_NOTIFICATION,
                    cx.at(first.kind.span),
                    "a trigger has either a `notification_rule` or `notify` blocks, not both",
                )
                .with_primary_label("a notify block")
                .with_label(cx.at(rule.key.span), "the rule")
                .with_help(
                    "Flyte takes one of the two (the SDK's `notifications` is a `NamedRule` or \
                     notifications); move the deliveries into the rule, or drop the rule",
                ),
            );
            return None;
        }
        return Some(Some(Notifications::Rule(name)));
    }
    if blocks.is_empty() {
        return Some(None);
    }
    let mut out = Vec::new();
    let mut ok = true;
    for block in blocks {
        match notification(cx, block) {
            Some(n) => out.push(n),
            None => ok = false,
        }
    }
    ok.then_some(Some(Notifications::Inline(out)))
}

fn notification(cx: &mut Cx, block: &ast::LabeledBlock) -> Option<Notification> {
    let word = block.label.name.as_str();
    let Some(channel) = channel(word) else {
        let words = channel_words();
        let help = suggest::help_did_you_mean(word, words.iter().copied())
            .unwrap_or_else(|| format!("a notification goes to {}", list_words(&words)));
        cx.error(
            BAD_NOTIFICATION,
            block.label.span,
            format!("unknown notification channel `{word}`"),
            help,
        );
        return None;
    };
    let fields = fields(cx, block, channel)?;
    let get = |name: &str| fields.iter().copied().find(|a| a.key.name == name);
    let mut ok = true;
    for name in channel.required {
        if get(name).is_none() {
            cx.push(
                Diagnostic::error(
                    BAD_NOTIFICATION,
                    cx.at(block.label.span),
                    format!("`notify {word}` needs `{name}`"),
                )
                .with_primary_label(format!("`{name}` is missing"))
                .with_help(required_help(name)),
            );
            ok = false;
        }
    }
    let on_phase = get("on_phase").and_then(|a| phases(cx, a));
    let text = |cx: &mut Cx, name: &str| -> Option<Option<String>> {
        match get(name) {
            None => Some(None),
            Some(a) => value_readers::string(cx, &a.value, name).map(Some),
        }
    };
    let delivery = match word {
        "email" => {
            let recipients = get("recipients").and_then(|a| addresses(cx, a, true));
            let cc = get("cc").map_or(Some(Vec::new()), |a| addresses(cx, a, false));
            let bcc = get("bcc").map_or(Some(Vec::new()), |a| addresses(cx, a, false));
            let subject = text(cx, "subject");
            if let (Some(Some(s)), Some(a)) = (&subject, get("subject")) {
                if s.is_empty() {
                    cx.error(
                        BAD_NOTIFICATION,
                        a.value.span,
                        "an email `subject` cannot be empty",
                        "Flyte requires a subject; leave it out to use the default \
                         \"Run {{.Run.Name}} {{.Phase}}\"",
                    );
                    ok = false;
                }
            }
            let body = text(cx, "body");
            let html_body = text(cx, "html_body");
            Delivery::Email {
                recipients: recipients?,
                cc: cc?,
                bcc: bcc?,
                subject: subject?,
                body: body?,
                html_body: html_body?,
            }
        }
        "slack" | "teams" => {
            let webhook_url = get("webhook_url").and_then(|a| url(cx, a));
            let message = text(cx, "message");
            if word == "slack" {
                let blocks = match get("blocks") {
                    None => Some(None),
                    Some(a) => json_objects(cx, a).map(Some),
                };
                Delivery::Slack {
                    webhook_url: webhook_url?,
                    message: message?,
                    blocks: blocks?,
                }
            } else {
                let title = text(cx, "title");
                let card = match get("card") {
                    None => Some(None),
                    Some(a) => json_object(cx, &a.value, "card").map(Some),
                };
                Delivery::Teams {
                    webhook_url: webhook_url?,
                    title: title?,
                    message: message?,
                    card: card?,
                }
            }
        }
        "webhook" => {
            let url = get("url").and_then(|a| url(cx, a));
            let method = match get("method") {
                None => Some(None),
                Some(a) => value_readers::word(cx, &a.value, "method", HTTP_METHODS)
                    .and_then(|m| HTTP_METHODS.iter().copied().find(|k| *k == m))
                    .map(Some),
            };
            let headers = match get("headers") {
                None => Some(None),
                Some(a) => headers(cx, a).map(Some),
            };
            let body = match get("body") {
                None => Some(None),
                Some(a) => json_object(cx, &a.value, "body").map(Some),
            };
            Delivery::Webhook {
                url: url?,
                method: method?,
                headers: headers?,
                body: body?,
            }
        }
        _ => {
            let name = get("name").and_then(|a| non_empty(cx, a, "the name of a delivery config"));
            Delivery::Named { name: name? }
        }
    };
    let on_phase = on_phase?;
    ok.then(|| Notification {
        on_phase,
        delivery,
        at: cx.at(block.label.span),
    })
}

/// The block's `key = value` fields, each known and written once.
fn fields<'b>(
    cx: &mut Cx,
    block: &'b ast::LabeledBlock,
    channel: &Channel,
) -> Option<Vec<&'b ast::Attribute>> {
    debug_assert_eq!(channel.fields.len(), channel.field_docs.len());
    let word = channel.word;
    let mut out: Vec<&ast::Attribute> = Vec::new();
    let mut ok = true;
    for entry in &block.body.entries {
        let ast::Entry::Attr(attr) = entry else {
            cx.error(
                BAD_NOTIFICATION,
                entry.span(),
                format!("`notify {word}` holds `field = value` entries only"),
                format!("its fields are {}", list_words(channel.fields)),
            );
            ok = false;
            continue;
        };
        let key = attr.key.name.as_str();
        if !channel.fields.contains(&key) {
            let help = suggest::help_did_you_mean(key, channel.fields.iter().copied())
                .unwrap_or_else(|| format!("`notify {word}` takes {}", list_words(channel.fields)));
            cx.push(
                Diagnostic::error(
                    BAD_NOTIFICATION,
                    cx.at(attr.key.span),
                    format!("`notify {word}` has no field `{key}`"),
                )
                .with_primary_label("unknown field")
                .with_help(help),
            );
            ok = false;
            continue;
        }
        if attr.op == ast::AssignOp::Append {
            cx.error(
                BAD_NOTIFICATION,
                attr.op_span,
                format!("`{key} +=` is not allowed in a notification"),
                format!("write `{key} = …`"),
            );
            ok = false;
            continue;
        }
        if let Some(first) = out.iter().find(|a| a.key.name == key) {
            set_twice(cx, attr, first, "notification");
            ok = false;
            continue;
        }
        out.push(attr);
    }
    ok.then_some(out)
}

fn required_help(name: &str) -> &'static str {
    match name {
        "on_phase" => "write `on_phase = failed` or a list such as `[failed, timed_out]`",
        "recipients" => "write `recipients = [\"oncall@example.com\"]`",
        "webhook_url" => "write `webhook_url = \"https://…\"`",
        "url" => "write `url = \"https://…\"`",
        _ => "write `name = \"…\"`, the name of a delivery config set up on the platform",
    }
}

/// `on_phase = failed` or `[failed, timed_out]`: known, at least one, each
/// once (Flyte rejects a phase listed twice).
fn phases(cx: &mut Cx, attr: &ast::Attribute) -> Option<Vec<Phase>> {
    let words: Vec<&str> = Phase::ALL.iter().map(|p| p.word()).collect();
    let items: &[ast::Value] = match &attr.value.kind {
        ValueKind::List(items) => items,
        _ => std::slice::from_ref(&attr.value),
    };
    if items.is_empty() {
        cx.error(
            BAD_NOTIFICATION,
            attr.value.span,
            "`on_phase` lists no phase",
            format!("name at least one of {}", list_words(&words)),
        );
        return None;
    }
    let mut out: Vec<(Phase, Span)> = Vec::new();
    let mut ok = true;
    for item in items {
        let Some(word) = value_readers::word(cx, item, "on_phase", &words) else {
            ok = false;
            continue;
        };
        let Some(phase) = Phase::from_word(word) else {
            ok = false;
            continue;
        };
        if let Some((_, first)) = out.iter().find(|(p, _)| *p == phase) {
            cx.push(
                Diagnostic::error(
                    BAD_NOTIFICATION,
                    cx.at(item.span),
                    format!("phase `{word}` is listed twice"),
                )
                .with_primary_label("listed again here")
                .with_label(cx.at(*first), "first listed here")
                .with_help("Flyte accepts each phase once; remove one"),
            );
            ok = false;
            continue;
        }
        out.push((phase, item.span));
    }
    ok.then(|| out.into_iter().map(|(p, _)| p).collect())
}

/// A list of addresses; `recipients` must name at least one.
fn addresses(cx: &mut Cx, attr: &ast::Attribute, required: bool) -> Option<Vec<String>> {
    let what = attr.key.name.as_str();
    if let ValueKind::Str(s) = &attr.value.kind {
        cx.error(
            BAD_NOTIFICATION,
            attr.value.span,
            format!("`{what}` is a list of addresses"),
            format!("write `{what} = [\"{}\"]`", s.value),
        );
        return None;
    }
    let items = value_readers::list(cx, &attr.value, what)?;
    if required && items.is_empty() {
        cx.error(
            BAD_NOTIFICATION,
            attr.value.span,
            "an email needs at least one recipient",
            "write `recipients = [\"oncall@example.com\"]`",
        );
        return None;
    }
    let mut out = Vec::new();
    for item in items {
        out.push(value_readers::string(cx, item, what)?);
    }
    Some(out)
}

fn non_empty(cx: &mut Cx, attr: &ast::Attribute, what: &str) -> Option<String> {
    let key = attr.key.name.as_str();
    let s = value_readers::string(cx, &attr.value, key)?;
    if s.is_empty() {
        cx.error(
            BAD_NOTIFICATION,
            attr.value.span,
            format!("`{key}` cannot be empty"),
            format!("write {what}"),
        );
        return None;
    }
    Some(s)
}

fn url(cx: &mut Cx, attr: &ast::Attribute) -> Option<String> {
    let s = non_empty(cx, attr, "the URL to call")?;
    let chars = s.chars().count();
    if chars > MAX_URL_CHARS {
        cx.error(
            BAD_NOTIFICATION,
            attr.value.span,
            format!("the URL is {chars} characters long; Flyte accepts at most {MAX_URL_CHARS}"),
            "use a shorter URL",
        );
        return None;
    }
    Some(s)
}

/// `headers { … }`: within Flyte's limits on count and length.
fn headers(cx: &mut Cx, attr: &ast::Attribute) -> Option<Vec<(String, String)>> {
    let pairs = value_readers::string_map(cx, &attr.value, "headers")?;
    let mut ok = true;
    if pairs.len() > MAX_HEADERS {
        cx.error(
            BAD_NOTIFICATION,
            attr.value.span,
            format!(
                "{} headers; Flyte accepts at most {MAX_HEADERS}",
                pairs.len()
            ),
            "send fewer headers",
        );
        ok = false;
    }
    for (key, value, span) in &pairs {
        let (k, v) = (key.chars().count(), value.chars().count());
        let problem = if k == 0 || k > MAX_HEADER_KEY_CHARS {
            Some(format!(
                "header name `{key}` has {k} characters; Flyte accepts 1 to {MAX_HEADER_KEY_CHARS}"
            ))
        } else if v == 0 || v > MAX_HEADER_VALUE_CHARS {
            Some(format!(
                "the value of header `{key}` has {v} characters; Flyte accepts 1 to \
                 {MAX_HEADER_VALUE_CHARS}"
            ))
        } else {
            None
        };
        if let Some(message) = problem {
            cx.error(
                BAD_NOTIFICATION,
                *span,
                message,
                "shorten it, or send it in the body",
            );
            ok = false;
        }
    }
    ok.then(|| pairs.into_iter().map(|(k, v, _)| (k, v)).collect())
}

/// A `{ … }` value as a JSON object (`card`, `body`).
fn json_object(cx: &mut Cx, v: &ast::Value, what: &str) -> Option<serde_json::Value> {
    value_readers::block(cx, v, what)?;
    value_readers::to_json(cx, v, what)
}

/// `blocks = [{ … }, …]`: Slack Block Kit blocks.
fn json_objects(cx: &mut Cx, attr: &ast::Attribute) -> Option<Vec<serde_json::Value>> {
    let items = value_readers::list(cx, &attr.value, "blocks")?;
    let mut out = Vec::new();
    let mut ok = true;
    for item in items {
        match json_object(cx, item, "blocks") {
            Some(j) => out.push(j),
            None => ok = false,
        }
    }
    ok.then_some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_field_has_its_documentation() {
        for channel in CHANNELS {
            assert_eq!(
                channel.fields.len(),
                channel.field_docs.len(),
                "{}",
                channel.word
            );
            for name in channel.required {
                assert!(channel.fields.contains(name), "{}.{name}", channel.word);
            }
        }
    }
}
