//! `trigger <name> { … }` blocks (LANGUAGE.md §3.5): the schedule, the
//! inputs a triggered run gets, and the run settings, checked against the
//! task's inputs. Produces what `DeployTaskRequest.triggers` needs
//! (WIRE.md §5.9).
//!
//! The block is read through the shared machinery of the semantic pass: one
//! `Cx` for the file, the value readers of `value_readers` (in the
//! `Wording::Assignment` form trigger diagnostics have always had), the
//! SDK's description cut of `limits`, and `cron` for expressions and zones.
//! `attributes` reads the block's entries and run settings, `schedule` its
//! schedule, `inputs` the values a triggered run gets.
//!
//! Decisions:
//! - Cron is the standard 5-field form described in `cron`; the expression
//!   is sent as written.
//! - A `rate` must be a whole number of minutes: the SDK's `FixedRate` counts
//!   minutes and always sends `FIXED_RATE_UNIT_MINUTE`, so `2h` is sent as 120
//!   minutes and `90s` is an error.
//! - `schedule = hourly|daily|weekly|monthly|minutely` stands for the SDK's
//!   `Trigger.hourly()` etc.: its cron string and, unless `description` is
//!   written, its description.
//! - Required task inputs that a trigger neither sets nor binds are not an
//!   error here (the SDK does not check them either); they are listed in
//!   [`Trigger::unbound_inputs`] for a lint.
//! - A description over 255 characters is cut like the SDK does
//!   (`text[:247] + "...(tr.)"`).

mod attributes;
mod inputs;
mod notify;
mod schedule;

use super::cx::Cx;
use super::limits::{DESCRIPTION_LIMIT, truncate_description};
use super::types::{Type, TypeTable};
use super::value_readers::{self, Wording};
use super::values::TypedValue;
use crate::diagnostics::Diagnostic;
use crate::source::{FileId, FileSpan};
use crate::syntax::ast::{self, DurationLit};
use attributes::{collect_attributes, max_action_concurrency, string_map};

pub use super::cron::{CronProblem, validate_cron};
use crate::diagnostics::Code;
pub use notify::{
    CHANNELS, Channel, Delivery, HTTP_METHODS, Notification, Notifications, Phase, channel,
};

/// One input of the task a trigger belongs to.
#[derive(Debug, Clone, PartialEq)]
pub struct InputSig<'a> {
    pub name: &'a str,
    pub ty: &'a Type,
    /// The task's checked default, if any.
    pub default: Option<&'a TypedValue>,
    pub at: FileSpan,
}

/// The SDK's `Trigger.hourly()` … `Trigger.minutely()`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Preset {
    Hourly,
    Daily,
    Weekly,
    Monthly,
    Minutely,
}

impl Preset {
    pub const ALL: [Preset; 5] = [
        Preset::Hourly,
        Preset::Daily,
        Preset::Weekly,
        Preset::Monthly,
        Preset::Minutely,
    ];

    pub fn name(self) -> &'static str {
        match self {
            Preset::Hourly => "hourly",
            Preset::Daily => "daily",
            Preset::Weekly => "weekly",
            Preset::Monthly => "monthly",
            Preset::Minutely => "minutely",
        }
    }

    /// The cron string the SDK uses (WIRE.md §5.9).
    pub fn cron(self) -> &'static str {
        match self {
            Preset::Hourly => "0 * * * *",
            Preset::Daily => "0 0 * * *",
            Preset::Weekly => "0 0 * * 0",
            Preset::Monthly => "0 0 1 * *",
            Preset::Minutely => "* * * * *",
        }
    }

    /// The SDK's default description for the preset.
    pub fn description(self) -> &'static str {
        match self {
            Preset::Hourly => "A trigger that runs every hour",
            Preset::Daily => "A trigger that runs daily at midnight",
            Preset::Weekly => "A trigger that runs weekly on Sundays at midnight",
            Preset::Monthly => "A trigger that runs monthly on the 1st at midnight",
            Preset::Minutely => "A trigger that runs every minute",
        }
    }

    pub fn from_name(name: &str) -> Option<Preset> {
        Preset::ALL.into_iter().find(|p| p.name() == name)
    }
}

/// When a trigger fires.
#[derive(Debug, Clone, PartialEq)]
pub enum Schedule {
    Cron {
        /// As written (or the preset's string).
        expression: String,
        /// An IANA zone; `"UTC"` unless written, as in the SDK.
        timezone: String,
        preset: Option<Preset>,
    },
    /// `FixedRate { value: minutes, unit: FIXED_RATE_UNIT_MINUTE }`.
    Rate {
        every: DurationLit,
        minutes: u32,
        /// RFC 3339 in UTC, as a protobuf `Timestamp` prints.
        start_time: Option<String>,
    },
    /// No automation (`TYPE_NONE`).
    Manual,
}

impl Schedule {
    pub fn is_scheduled(&self) -> bool {
        !matches!(self, Schedule::Manual)
    }
}

/// A checked trigger.
#[derive(Debug, Clone, PartialEq)]
pub struct Trigger {
    pub name: String,
    /// The trigger's name in `trigger <name> { … }`.
    pub at: FileSpan,
    pub schedule: Schedule,
    /// `None` when neither written nor implied by a preset.
    pub description: Option<String>,
    /// `auto_activate`; true unless `active = false`.
    pub active: bool,
    /// The `inputs { … }` entries as written, `trigger_time` bindings included
    /// (as [`TypedValue::TriggerTime`]).
    pub inputs: Vec<(String, TypedValue)>,
    /// The input bound to `trigger_time` (`kickoff_time_input_arg`).
    pub kickoff_input: Option<String>,
    /// `TaskTriggerSpec.inputs.literals`: the trigger's own values (without
    /// the `trigger_time` binding) followed by the task's defaults it does not
    /// set, in task declaration order.
    pub literals: Vec<(String, TypedValue)>,
    /// Task inputs without a default that the trigger neither sets nor binds.
    pub unbound_inputs: Vec<String>,
    pub env_vars: Vec<(String, String)>,
    pub interruptible: Option<bool>,
    pub overwrite_cache: bool,
    pub queue: Option<String>,
    pub max_action_concurrency: Option<u32>,
    pub labels: Vec<(String, String)>,
    pub annotations: Vec<(String, String)>,
    /// `custom_context`, in written order.
    pub context: Vec<(String, String)>,
    /// `notify` blocks or `notification_rule`.
    pub notifications: Option<Notifications>,
    /// Where each attribute was written, in source order (for lints and
    /// editor features).
    pub attributes: Vec<(String, FileSpan)>,
}

/// The context key the SDK uses to carry the kickoff input's name.
pub const KICKOFF_CONTEXT_KEY: &str = "_u_kickoff_time_input_arg";

/// Every attribute a trigger block accepts.
pub const TRIGGER_ATTRIBUTES: &[&str] = &[
    "cron",
    "timezone",
    "rate",
    "start_time",
    "schedule",
    "description",
    "active",
    "inputs",
    "env_vars",
    "interruptible",
    "overwrite_cache",
    "queue",
    "max_action_concurrency",
    "labels",
    "annotations",
    "context",
    "notification_rule",
];

/// Longest `TaskTrigger.name` the backend accepts (WIRE.md §1).
pub const MAX_TRIGGER_NAME_LEN: usize = 255;
/// Longest description before the SDK cuts it.
pub const MAX_DESCRIPTION_LEN: usize = DESCRIPTION_LIMIT;

/// E0401: an entry a trigger block does not accept.
const UNKNOWN_ENTRY: Code = Code::E0401;
/// E0402: a trigger attribute written in the wrong form.
const WRONG_FORM: Code = Code::E0402;
/// E0403: more than one schedule.
const TWO_SCHEDULES: Code = Code::E0403;
/// E0404: an invalid cron expression.
const BAD_CRON: Code = Code::E0404;
/// E0405: an unknown time zone.
const BAD_TIMEZONE: Code = Code::E0405;
/// E0406: `timezone` or `start_time` on a schedule they do not apply to.
const IDLE_OPTION: Code = Code::E0406;
/// E0407: a rate that is not a positive whole number of minutes.
const BAD_RATE: Code = Code::E0407;
/// E0408: an invalid `start_time`.
const BAD_START_TIME: Code = Code::E0408;
/// E0409: an unknown schedule preset.
const UNKNOWN_PRESET: Code = Code::E0409;
/// E0410: a value for an input the task does not have.
const NOT_AN_INPUT: Code = Code::E0410;
/// E0411: `trigger_time` bound to an input that is not a `datetime`.
const TRIGGER_TIME_TYPE: Code = Code::E0411;
/// E0412: `trigger_time` in a trigger without a schedule.
const TRIGGER_TIME_UNSCHEDULED: Code = Code::E0412;
/// E0413: `trigger_time` bound twice.
const TRIGGER_TIME_TWICE: Code = Code::E0413;
/// E0414: a `max_action_concurrency` of 1 or out of range.
const BAD_CONCURRENCY: Code = Code::E0414;
/// E0415: a trigger name longer than Flyte accepts.
const NAME_TOO_LONG: Code = Code::E0415;
/// E0416: an attribute or input set twice.
const SET_TWICE: Code = Code::E0416;
/// E0417: two triggers of a task with one name.
const DUPLICATE_TRIGGER: Code = Code::E0417;

/// The task a trigger belongs to: what its inputs are checked against.
struct Task<'a> {
    types: &'a TypeTable,
    /// `<env>.<function>`, for messages.
    id: &'a str,
    inputs: &'a [InputSig<'a>],
}

/// Check one `trigger` block of task `task_id` (`<env>.<function>`, used in
/// messages) whose inputs are `inputs`. Returns the trigger when the block
/// has no errors.
pub fn resolve_trigger(
    types: &TypeTable,
    file: FileId,
    block: &ast::LabeledBlock,
    task_id: &str,
    inputs: &[InputSig],
) -> (Option<Trigger>, Vec<Diagnostic>) {
    let mut diags = Vec::new();
    let task = Task {
        types,
        id: task_id,
        inputs,
    };
    let mut cx = Cx::new(file, &mut diags).with_wording(Wording::Assignment { code: WRONG_FORM });
    let trigger = resolve(&mut cx, &task, block);
    let trigger = trigger.filter(|_| !diags.iter().any(Diagnostic::is_error));
    (trigger, diags)
}

/// Report triggers of one task that share a name.
pub fn check_unique_trigger_names(
    triggers: &[&ast::LabeledBlock],
    file: FileId,
) -> Vec<Diagnostic> {
    let mut diags = Vec::new();
    for (index, block) in triggers.iter().enumerate() {
        if let Some(first) = triggers[..index]
            .iter()
            .find(|b| b.label.name == block.label.name)
        {
            diags.push(
                Diagnostic::error(
                    DUPLICATE_TRIGGER,
                    FileSpan::new(file, block.label.span),
                    format!(
                        "this task already has a trigger named `{}`",
                        block.label.name
                    ),
                )
                .with_label(FileSpan::new(file, first.label.span), "first defined here")
                .with_help("give each trigger of a task its own name"),
            );
        }
    }
    diags
}

fn resolve(cx: &mut Cx, task: &Task, block: &ast::LabeledBlock) -> Option<Trigger> {
    let name = &block.label;
    if name.name.chars().count() > MAX_TRIGGER_NAME_LEN {
        cx.error(
            NAME_TOO_LONG,
            name.span,
            format!(
                "trigger name is {} characters long; Flyte accepts at most {MAX_TRIGGER_NAME_LEN}",
                name.name.chars().count()
            ),
            "use a shorter name",
        );
    }
    let attrs = collect_attributes(cx, &block.body);
    let schedule = schedule::schedule(cx, &attrs);

    let description = match attrs.get("description") {
        Some(attr) => string(cx, attr).map(|s| truncate_description(&s, MAX_DESCRIPTION_LEN)),
        None => match &schedule {
            Some(Schedule::Cron {
                preset: Some(preset),
                ..
            }) => Some(preset.description().to_string()),
            _ => None,
        },
    };
    let active = attrs.get("active").map_or(Some(true), |a| boolean(cx, a));
    let interruptible = attrs.get("interruptible").map(|a| boolean(cx, a));
    let overwrite_cache = attrs
        .get("overwrite_cache")
        .map_or(Some(false), |a| boolean(cx, a));
    let queue = attrs.get("queue").map(|a| string(cx, a));
    let max_action_concurrency = attrs
        .get("max_action_concurrency")
        .map(|a| max_action_concurrency(cx, a));
    let env_vars = string_map(cx, attrs.get("env_vars"));
    let labels = string_map(cx, attrs.get("labels"));
    let annotations = string_map(cx, attrs.get("annotations"));
    let context = string_map(cx, attrs.get("context"));
    if let Some(context) = attrs.get("context").and(context.as_ref()) {
        if context.iter().any(|(k, _)| k == KICKOFF_CONTEXT_KEY) {
            let span = attrs.get("context").map_or(block.span, |a| a.value.span);
            cx.error(
                WRONG_FORM,
                span,
                format!("the context key `{KICKOFF_CONTEXT_KEY}` is reserved"),
                "Flyte uses it to carry the input bound to `trigger_time`; bind the input with \
                 `inputs { <name> = trigger_time }` instead",
            );
        }
    }

    let notifications = notify::notifications(cx, attrs.get("notification_rule"), &attrs.notify);

    let scheduled = schedule.as_ref().is_none_or(Schedule::is_scheduled);
    let (inputs, kickoff_input) = inputs::inputs(cx, task, attrs.get("inputs"), name, scheduled);

    let schedule = schedule?;
    let inputs = inputs?;
    let literals = inputs::literals(task, &inputs);
    let unbound_inputs = task
        .inputs
        .iter()
        .filter(|sig| sig.default.is_none() && !inputs.iter().any(|(n, _)| n == sig.name))
        .map(|sig| sig.name.to_string())
        .collect();
    Some(Trigger {
        name: name.name.clone(),
        at: cx.at(name.span),
        schedule,
        description,
        active: active?,
        inputs,
        kickoff_input,
        literals,
        unbound_inputs,
        env_vars: env_vars?,
        interruptible: optional(interruptible)?,
        overwrite_cache: overwrite_cache?,
        queue: optional(queue)?,
        max_action_concurrency: optional(max_action_concurrency)?,
        labels: labels?,
        annotations: annotations?,
        context: context?,
        notifications: notifications?,
        attributes: attrs
            .list
            .iter()
            .map(|a| (a.key.name.clone(), cx.at(a.span)))
            .collect(),
    })
}

/// A string attribute, read by the shared reader.
fn string(cx: &mut Cx, attr: &ast::Attribute) -> Option<String> {
    value_readers::string(cx, &attr.value, &attr.key.name)
}

/// A `true`/`false` attribute, read by the shared reader.
fn boolean(cx: &mut Cx, attr: &ast::Attribute) -> Option<bool> {
    value_readers::boolean(cx, &attr.value, &attr.key.name)
}

/// An optional attribute's checked value: absent is fine (`Some(None)`), a
/// failed check is not (`None`).
fn optional<T>(checked: Option<Option<T>>) -> Option<Option<T>> {
    match checked {
        None => Some(None),
        Some(value) => value.map(Some),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn descriptions_are_cut_like_the_sdk() {
        let cut = |text: &str| truncate_description(text, MAX_DESCRIPTION_LEN);
        assert_eq!(cut("short"), "short");
        let exact = "é".repeat(255);
        assert_eq!(cut(&exact), exact);
        let long = "é".repeat(256);
        let cut = cut(&long);
        assert_eq!(cut.chars().count(), 255);
        assert!(cut.starts_with(&"é".repeat(247)) && cut.ends_with("...(tr.)"));
    }

    #[test]
    fn presets_round_trip_by_name() {
        for preset in Preset::ALL {
            assert_eq!(Preset::from_name(preset.name()), Some(preset));
            assert_eq!(validate_cron(preset.cron()), Ok(()));
        }
        assert_eq!(Preset::from_name("yearly"), None);
    }
}
