//! Trigger notifications (`notify <channel> { … }`, `notification_rule`):
//! what a valid block reads as, and every rejection rendered. The wire form
//! is compared with the SDK in conformance case 31_trigger_notifications.

mod expect_code;
mod semantic_support;

use semantic_support::check;
use taskc_core::diagnostics::Code;
use taskc_core::semantic::triggers::{Delivery, Notifications, Phase};

/// Template `t` with one input and a cron trigger `tr` holding `body`.
fn trigger(body: &str) -> String {
    format!(
        "template t in alerts {{\n  inputs {{ region: str = \"eu\" }}\n  trigger tr {{\n    cron = \"0 * * * *\"\n{body}  }}\n}}\n"
    )
}

/// `$name` (named after `$code`): `$body` in a trigger reports `$code` and
/// the trigger is dropped; snapshot of the rendering.
macro_rules! rejected {
    ($name:ident, $code:ident, $body:expr) => {
        #[test]
        fn $name() {
            let checked = check(&trigger($body));
            expect_code::assert_named_after(stringify!($name), Code::$code);
            expect_code::assert_reports(&checked.diagnostics, Code::$code, || checked.render());
            assert!(
                checked.triggers.is_empty(),
                "a trigger with errors was returned"
            );
            insta::assert_snapshot!(stringify!($name), checked.render());
        }
    };
}

#[test]
fn every_channel_reads_its_fields() {
    let checked = check(&trigger(
        r#"    notify email { on_phase = [failed, timed_out], recipients = ["a@x.dev"], subject = "s" }
    notify slack { on_phase = succeeded, webhook_url = "https://s", blocks = [{ type = "divider" }] }
    notify teams { on_phase = aborted, webhook_url = "https://t", card = { n = 2.5 } }
    notify webhook { on_phase = failed, url = "https://w", method = "PATCH", headers { "X-Key" = "k" } }
    notify delivery { on_phase = failed, name = "oncall" }
"#,
    ));
    assert!(checked.diagnostics.is_empty(), "{}", checked.render());
    let Some(Notifications::Inline(list)) = &checked.trigger("tr").notifications else {
        panic!("no inline notifications");
    };
    assert_eq!(list.len(), 5);
    assert_eq!(list[0].on_phase, vec![Phase::Failed, Phase::TimedOut]);
    assert_eq!(
        list[0].delivery,
        Delivery::Email {
            recipients: vec!["a@x.dev".into()],
            cc: vec![],
            bcc: vec![],
            subject: Some("s".into()),
            body: None,
            html_body: None,
        }
    );
    assert_eq!(
        list[1].delivery,
        Delivery::Slack {
            webhook_url: "https://s".into(),
            message: None,
            blocks: Some(vec![serde_json::json!({"type": "divider"})]),
        }
    );
    assert_eq!(
        list[2].delivery,
        Delivery::Teams {
            webhook_url: "https://t".into(),
            title: None,
            message: None,
            card: Some(serde_json::json!({"n": 2.5})),
        }
    );
    assert_eq!(
        list[3].delivery,
        Delivery::Webhook {
            url: "https://w".into(),
            method: Some("PATCH"),
            headers: Some(vec![("X-Key".into(), "k".into())]),
            body: None,
        }
    );
    assert_eq!(
        list[4].delivery,
        Delivery::Named {
            name: "oncall".into()
        }
    );
}

#[test]
fn a_named_rule_is_read() {
    let checked = check(&trigger("    notification_rule = \"oncall-alerts\"\n"));
    assert!(checked.diagnostics.is_empty(), "{}", checked.render());
    assert_eq!(
        checked.trigger("tr").notifications,
        Some(Notifications::Rule("oncall-alerts".into()))
    );
}

#[test]
fn a_trigger_without_notifications_has_none() {
    let checked = check(&trigger(""));
    assert!(checked.diagnostics.is_empty(), "{}", checked.render());
    assert_eq!(checked.trigger("tr").notifications, None);
}

rejected!(
    e0418_unknown_channel,
    E0418,
    "    notify slak { on_phase = failed, webhook_url = \"https://s\" }\n"
);
rejected!(
    e0418_unknown_field,
    E0418,
    "    notify email { on_phase = failed, recipient = [\"a@x.dev\"] }\n"
);
rejected!(
    e0418_missing_required_fields,
    E0418,
    "    notify webhook { method = POST }\n"
);
rejected!(
    e0302_unsupported_phase,
    E0302,
    "    notify delivery { on_phase = running, name = \"oncall\" }\n"
);
rejected!(
    e0418_phase_listed_twice,
    E0418,
    "    notify delivery { on_phase = [failed, aborted, failed], name = \"oncall\" }\n"
);
rejected!(
    e0418_no_phase,
    E0418,
    "    notify delivery { on_phase = [], name = \"oncall\" }\n"
);
rejected!(
    e0418_recipients_as_one_string,
    E0418,
    "    notify email { on_phase = failed, recipients = \"a@x.dev\" }\n"
);
rejected!(
    e0418_no_recipient,
    E0418,
    "    notify email { on_phase = failed, recipients = [] }\n"
);
rejected!(
    e0418_empty_subject,
    E0418,
    "    notify email { on_phase = failed, recipients = [\"a@x.dev\"], subject = \"\" }\n"
);
rejected!(
    e0418_empty_delivery_name,
    E0418,
    "    notify delivery { on_phase = failed, name = \"\" }\n"
);
rejected!(
    e0302_unknown_http_method,
    E0302,
    "    notify webhook { on_phase = failed, url = \"https://w\", method = FETCH }\n"
);
rejected!(
    e0418_header_value_too_long,
    E0418,
    "    notify webhook {\n      on_phase = failed\n      url = \"https://w\"\n      headers { Authorization = \"Bearer 0123456789012345678901234567890123456789012345\" }\n    }\n"
);
rejected!(
    e0418_rule_and_blocks,
    E0418,
    "    notification_rule = \"oncall\"\n    notify delivery { on_phase = failed, name = \"x\" }\n"
);
rejected!(
    e0416_field_set_twice,
    E0416,
    "    notify delivery { on_phase = failed, name = \"x\", name = \"y\" }\n"
);

#[test]
fn e0418_url_longer_than_flyte_accepts() {
    let long = format!("https://w/{}", "a".repeat(1991));
    let checked = check(&trigger(&format!(
        "    notify webhook {{ on_phase = failed, url = \"{long}\" }}\n"
    )));
    expect_code::assert_reports(&checked.diagnostics, Code::E0418, || checked.render());
    assert!(
        checked.render().contains("2001 characters"),
        "{}",
        checked.render()
    );
    let fits = format!("https://w/{}", "a".repeat(1990));
    let checked = check(&trigger(&format!(
        "    notify webhook {{ on_phase = failed, url = \"{fits}\" }}\n"
    )));
    assert!(checked.diagnostics.is_empty(), "{}", checked.render());
}

#[test]
fn e0418_more_headers_than_flyte_accepts() {
    let headers: Vec<String> = (0..21).map(|i| format!("h{i} = \"v\"")).collect();
    let checked = check(&trigger(&format!(
        "    notify webhook {{ on_phase = failed, url = \"https://w\", headers {{ {} }} }}\n",
        headers.join(", ")
    )));
    expect_code::assert_reports(&checked.diagnostics, Code::E0418, || checked.render());
    assert!(
        checked.render().contains("21 headers"),
        "{}",
        checked.render()
    );
}
