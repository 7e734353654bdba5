import flyte
import flyte.models
import flyte.notify
from flyte.models import ActionPhase

env = flyte.TaskEnvironment(name="alerts")

every_channel = flyte.Trigger(
    name="nightly",
    automation=flyte.Cron("0 2 * * *"),
    notifications=(
        flyte.notify.Email(
            on_phase=(ActionPhase.FAILED, ActionPhase.TIMED_OUT),
            recipients=("oncall@example.com", "ml@example.com"),
            cc=("lead@example.com",),
            bcc=("audit@example.com",),
            subject="Nightly {{.Run.Name}}: {{.Phase}}",
            body="Error: {{.Error}}",
            html_body="<b>{{.Phase}}</b>",
        ),
        flyte.notify.Email(on_phase=ActionPhase.SUCCEEDED, recipients=("team@example.com",)),
        flyte.notify.Slack(
            on_phase=ActionPhase.FAILED,
            webhook_url="https://hooks.slack.com/services/T/B/X",
            message="🚨 Run {{.Run.Name}} failed: {{.Error}}",
        ),
        flyte.notify.Slack(on_phase=ActionPhase.ABORTED, webhook_url="https://hooks.slack.com/services/T/B/Y"),
        flyte.notify.Slack(
            on_phase=ActionPhase.SUCCEEDED,
            webhook_url="https://hooks.slack.com/services/T/B/Z",
            blocks=(
                {"type": "section", "text": {"type": "mrkdwn", "text": "*{{.Run.Name}}* done"}},
                {"type": "divider"},
            ),
        ),
        flyte.notify.Teams(
            on_phase=ActionPhase.SUCCEEDED,
            webhook_url="https://outlook.office.com/webhook/A",
            title="✅ Task Complete",
            message="Run {{.Run.Name}} completed",
        ),
        flyte.notify.Teams(on_phase=ActionPhase.FAILED, webhook_url="https://outlook.office.com/webhook/B"),
        flyte.notify.Teams(
            on_phase=ActionPhase.TIMED_OUT,
            webhook_url="https://outlook.office.com/webhook/C",
            card={"type": "AdaptiveCard", "version": "1.4", "body": [{"type": "TextBlock", "text": "{{.Phase}}", "wrap": True}], "minHeight": 2.5},
        ),
        flyte.notify.Webhook(
            on_phase=ActionPhase.FAILED,
            url="https://api.example.com/alerts",
            method="PUT",
            headers={"Content-Type": "application/json", "X-API-Key": "secret"},
            body={"phase": "{{.Phase}}", "run": "{{.Run.Name}}", "retry": 3, "urgent": True, "tags": ["ml", "nightly"], "note": None},
        ),
        flyte.notify.Webhook(on_phase=ActionPhase.SUCCEEDED, url="https://api.example.com/done"),
        flyte.notify.NamedDelivery(on_phase=ActionPhase.FAILED, name="slack-oncall"),
    ),
)

by_rule = flyte.Trigger(
    name="hourly",
    automation=flyte.Cron("0 * * * *"),
    notifications=flyte.notify.NamedRule("oncall-alerts"),
)


@env.task(triggers=(every_channel, by_rule))
def report(region: str = "eu") -> str:
    return region
