//! `trigger <name> { … }` blocks (LANGUAGE.md §3.5): the schedule, the
//! inputs a triggered run gets, and the run settings, checked against the
//! task's inputs. Produces what `DeployTaskRequest.triggers` needs
//! (WIRE.md §5.9).
//!
//! Decisions:
//! - Cron is the standard 5-field form (minute hour day-of-month month
//!   day-of-week) with `*`, `,`, `-`, `/`, `?`, month and weekday names, and
//!   the macros `@yearly`, `@annually`, `@monthly`, `@weekly`, `@daily`,
//!   `@midnight`, `@hourly`: what a standard cron parser accepts. Seconds and
//!   year fields and the Quartz extensions `L`, `W`, `#` are rejected, since
//!   Flyte schedules have minute granularity. The expression is sent as
//!   written.
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

use std::str::FromStr;

use super::suggest;
use super::types::{Type, TypeTable};
use super::values::{self, TypedValue};
use crate::diagnostics::{Code, Diagnostic};
use crate::source::{FileId, FileSpan, Span};
use crate::syntax::ast::{self, DurationLit, ValueKind};

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
];

const SCHEDULE_ATTRIBUTES: [&str; 3] = ["cron", "rate", "schedule"];

/// Longest `TaskTrigger.name` the backend accepts (WIRE.md §1).
pub const MAX_TRIGGER_NAME_LEN: usize = 255;
/// Longest description before the SDK cuts it.
pub const MAX_DESCRIPTION_LEN: usize = 255;

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
    let mut cx = Cx {
        types,
        file,
        task_id,
        task_inputs: inputs,
        diags: Vec::new(),
    };
    let trigger = cx.resolve(block);
    let trigger = trigger.filter(|_| !cx.diags.iter().any(Diagnostic::is_error));
    (trigger, cx.diags)
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
                    Code::E0417,
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

struct Cx<'a> {
    types: &'a TypeTable,
    file: FileId,
    task_id: &'a str,
    task_inputs: &'a [InputSig<'a>],
    diags: Vec<Diagnostic>,
}

/// The attributes of a block after the unknown, repeated and malformed
/// ones were reported.
struct Attrs<'b> {
    list: Vec<&'b ast::Attribute>,
}

impl<'b> Attrs<'b> {
    fn get(&self, name: &str) -> Option<&'b ast::Attribute> {
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
        "notifications" => Some("taskc does not support trigger notifications"),
        _ => None,
    };
    alias.map(str::to_string).unwrap_or_else(|| {
        suggest::help_did_you_mean(name, TRIGGER_ATTRIBUTES.iter().copied())
            .unwrap_or_else(|| format!("a trigger accepts {}", TRIGGER_ATTRIBUTES.join(", ")))
    })
}

impl Cx<'_> {
    fn at(&self, span: Span) -> FileSpan {
        FileSpan::new(self.file, span)
    }

    fn error(
        &mut self,
        code: Code,
        span: Span,
        message: impl Into<String>,
        help: impl Into<String>,
    ) {
        let diagnostic = Diagnostic::error(code, self.at(span), message).with_help(help);
        self.diags.push(diagnostic);
    }

    fn resolve(&mut self, block: &ast::LabeledBlock) -> Option<Trigger> {
        let name = &block.label;
        if name.name.chars().count() > MAX_TRIGGER_NAME_LEN {
            self.error(
                Code::E0415,
                name.span,
                format!(
                    "trigger name is {} characters long; Flyte accepts at most {MAX_TRIGGER_NAME_LEN}",
                    name.name.chars().count()
                ),
                "use a shorter name",
            );
        }
        let attrs = self.collect_attributes(&block.body);
        let schedule = self.schedule(&attrs);

        let description = match attrs.get("description") {
            Some(attr) => self.string(attr).map(|s| truncate_description(&s)),
            None => match &schedule {
                Some(Schedule::Cron {
                    preset: Some(preset),
                    ..
                }) => Some(preset.description().to_string()),
                _ => None,
            },
        };
        let active = attrs.get("active").map_or(Some(true), |a| self.boolean(a));
        let interruptible = attrs.get("interruptible").map(|a| self.boolean(a));
        let overwrite_cache = attrs
            .get("overwrite_cache")
            .map_or(Some(false), |a| self.boolean(a));
        let queue = attrs.get("queue").map(|a| self.string(a));
        let max_action_concurrency = attrs
            .get("max_action_concurrency")
            .map(|a| self.max_action_concurrency(a));
        let env_vars = self.string_map(attrs.get("env_vars"));
        let labels = self.string_map(attrs.get("labels"));
        let annotations = self.string_map(attrs.get("annotations"));
        let context = self.string_map(attrs.get("context"));
        if let Some(context) = attrs.get("context").and(context.as_ref()) {
            if context.iter().any(|(k, _)| k == KICKOFF_CONTEXT_KEY) {
                let span = attrs.get("context").map_or(block.span, |a| a.value.span);
                self.error(
                    Code::E0402,
                    span,
                    format!("the context key `{KICKOFF_CONTEXT_KEY}` is reserved"),
                    "Flyte uses it to carry the input bound to `trigger_time`; bind the input with \
                     `inputs { <name> = trigger_time }` instead",
                );
            }
        }

        let scheduled = schedule.as_ref().is_none_or(Schedule::is_scheduled);
        let (inputs, kickoff_input) = self.inputs(attrs.get("inputs"), name, scheduled);

        let schedule = schedule?;
        let inputs = inputs?;
        let literals = self.literals(&inputs);
        let unbound_inputs = self
            .task_inputs
            .iter()
            .filter(|sig| sig.default.is_none() && !inputs.iter().any(|(n, _)| n == sig.name))
            .map(|sig| sig.name.to_string())
            .collect();
        Some(Trigger {
            name: name.name.clone(),
            at: self.at(name.span),
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
            attributes: attrs
                .list
                .iter()
                .map(|a| (a.key.name.clone(), self.at(a.span)))
                .collect(),
        })
    }

    /// Known attributes, each once, written with `=` or as a block.
    fn collect_attributes<'b>(&mut self, body: &'b ast::Body) -> Attrs<'b> {
        let mut list: Vec<&ast::Attribute> = Vec::new();
        for entry in &body.entries {
            let attr = match entry {
                ast::Entry::Attr(attr) => attr,
                ast::Entry::Field(field) => {
                    self.error(
                        Code::E0402,
                        field.span,
                        format!(
                            "`{}: …` declares an input; a trigger sets input values",
                            field.name.name
                        ),
                        format!("write `inputs {{ {} = <value> }}`", field.name.name),
                    );
                    continue;
                }
                ast::Entry::Labeled(inner) => {
                    self.error(
                        Code::E0401,
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
                    self.error(
                        Code::E0401,
                        returns.keyword,
                        "`returns` cannot appear inside a trigger",
                        "declare outputs on the template",
                    );
                    continue;
                }
            };
            let key = attr.key.name.as_str();
            if !TRIGGER_ATTRIBUTES.contains(&key) {
                self.diags.push(
                    Diagnostic::error(
                        Code::E0401,
                        self.at(attr.key.span),
                        format!("unknown trigger attribute `{key}`"),
                    )
                    .with_primary_label("not a trigger attribute")
                    .with_help(unknown_attribute_help(key)),
                );
                continue;
            }
            if attr.op == ast::AssignOp::Append {
                self.error(
                    Code::E0402,
                    attr.op_span,
                    format!("`{key} +=` is not allowed in a trigger"),
                    format!(
                        "triggers inherit nothing, so there is nothing to add to; write `{key} = …`"
                    ),
                );
                continue;
            }
            if let Some(first) = list.iter().find(|a| a.key.name == key) {
                self.diags.push(
                    Diagnostic::error(
                        Code::E0416,
                        self.at(attr.key.span),
                        format!("`{key}` is set twice in this trigger"),
                    )
                    .with_primary_label("set again here")
                    .with_label(self.at(first.key.span), "first set here")
                    .with_help("remove one of them"),
                );
                continue;
            }
            list.push(attr);
        }
        Attrs { list }
    }

    fn wrong_kind(&mut self, attr: &ast::Attribute, expected: &str, help: impl Into<String>) {
        let found = match &attr.value.kind {
            ValueKind::Ident(word) => format!("the name `{word}`"),
            ValueKind::Map(_) => "a block".to_string(),
            other => other.describe().to_string(),
        };
        self.diags.push(
            Diagnostic::error(
                Code::E0402,
                self.at(attr.value.span),
                format!("`{}` must be {expected}, found {found}", attr.key.name),
            )
            .with_primary_label(format!("this is {found}"))
            .with_help(help),
        );
    }

    fn string(&mut self, attr: &ast::Attribute) -> Option<String> {
        match &attr.value.kind {
            ValueKind::Str(s) => Some(s.value.clone()),
            ValueKind::Ident(word) => {
                self.wrong_kind(
                    attr,
                    "a string",
                    format!("quote it: `{} = \"{word}\"`", attr.key.name),
                );
                None
            }
            _ => {
                self.wrong_kind(
                    attr,
                    "a string",
                    format!("write `{} = \"…\"`", attr.key.name),
                );
                None
            }
        }
    }

    fn boolean(&mut self, attr: &ast::Attribute) -> Option<bool> {
        match &attr.value.kind {
            ValueKind::Bool(b) => Some(*b),
            ValueKind::Str(s) if matches!(s.value.as_str(), "true" | "false") => {
                let help = format!("remove the quotes: `{} = {}`", attr.key.name, s.value);
                self.wrong_kind(attr, "`true` or `false`", help);
                None
            }
            _ => {
                self.wrong_kind(
                    attr,
                    "`true` or `false`",
                    format!(
                        "write `{} = true` or `{} = false`",
                        attr.key.name, attr.key.name
                    ),
                );
                None
            }
        }
    }

    fn max_action_concurrency(&mut self, attr: &ast::Attribute) -> Option<u32> {
        let ValueKind::Int(n) = attr.value.kind else {
            self.wrong_kind(
                attr,
                "an integer",
                "write `max_action_concurrency = 4`, or `0` for the platform default",
            );
            return None;
        };
        match u32::try_from(n) {
            Ok(value) if value != 1 => Some(value),
            _ => {
                self.diags.push(
                    Diagnostic::error(
                        Code::E0414,
                        self.at(attr.value.span),
                        format!("max_action_concurrency must be 0 (platform default) or at least 2, got {n}"),
                    )
                    .with_help(if n == 1 {
                        "a value of 1 would deadlock the run: the parent action holds a concurrency \
                         slot while waiting for its child actions to run"
                            .to_string()
                    } else {
                        format!("use 0 for the platform default, or a count from 2 to {}", u32::MAX)
                    }),
                );
                None
            }
        }
    }

    /// A `{ key = "value" }` block; `None` when absent gives an empty list.
    fn string_map(&mut self, attr: Option<&ast::Attribute>) -> Option<Vec<(String, String)>> {
        let Some(attr) = attr else {
            return Some(Vec::new());
        };
        let ValueKind::Map(body) = &attr.value.kind else {
            let help = format!("write `{} {{ key = \"value\" }}`", attr.key.name);
            self.wrong_kind(attr, "a block of strings", help);
            return None;
        };
        let mut ok = true;
        let mut out: Vec<(String, String)> = Vec::new();
        let mut spans: Vec<Span> = Vec::new();
        for entry in &body.entries {
            let ast::Entry::Attr(item) = entry else {
                self.error(
                    Code::E0402,
                    entry.span(),
                    format!("expected `key = \"value\"` in `{}`", attr.key.name),
                    "each entry is `key = \"value\"`",
                );
                ok = false;
                continue;
            };
            if let Some(pos) = out.iter().position(|(k, _)| *k == item.key.name) {
                self.diags.push(
                    Diagnostic::error(
                        Code::E0416,
                        self.at(item.key.span),
                        format!("`{}` is set twice in `{}`", item.key.name, attr.key.name),
                    )
                    .with_primary_label("set again here")
                    .with_label(self.at(spans[pos]), "first set here")
                    .with_help("remove one of them"),
                );
                ok = false;
                continue;
            }
            match &item.value.kind {
                ValueKind::Str(s) if item.op != ast::AssignOp::Append => {
                    out.push((item.key.name.clone(), s.value.clone()));
                    spans.push(item.key.span);
                }
                _ => {
                    let help = match &item.value.kind {
                        ValueKind::Int(n) => format!("quote it: `{} = \"{n}\"`", item.key.name),
                        ValueKind::Bool(b) => format!("quote it: `{} = \"{b}\"`", item.key.name),
                        ValueKind::Ident(w) => format!("quote it: `{} = \"{w}\"`", item.key.name),
                        _ => format!("write `{} = \"…\"`", item.key.name),
                    };
                    self.error(
                        Code::E0402,
                        item.value.span,
                        format!("values in `{}` must be strings", attr.key.name),
                        help,
                    );
                    ok = false;
                }
            }
        }
        ok.then_some(out)
    }

    // ---- schedule ---------------------------------------------------------

    fn schedule(&mut self, attrs: &Attrs) -> Option<Schedule> {
        let written: Vec<&ast::Attribute> = attrs
            .list
            .iter()
            .copied()
            .filter(|a| SCHEDULE_ATTRIBUTES.contains(&a.key.name.as_str()))
            .collect();
        let mut ok = true;
        if let [first, rest @ ..] = written.as_slice() {
            for extra in rest {
                self.diags.push(
                    Diagnostic::error(
                        Code::E0403,
                        self.at(extra.key.span),
                        format!(
                            "a trigger has one schedule, but both `{}` and `{}` are set",
                            first.key.name, extra.key.name
                        ),
                    )
                    .with_primary_label("second schedule")
                    .with_label(self.at(first.key.span), "schedule set here")
                    .with_help("keep one of `cron`, `rate` and `schedule`; for several schedules write several triggers"),
                );
                ok = false;
            }
        }
        // Each written schedule is still checked, so one run shows every problem.
        let mut resolved = None;
        for attr in &written {
            let schedule = match attr.key.name.as_str() {
                "cron" => self.cron(attr, attrs).map(|expression| (expression, None)),
                "schedule" => self.preset(attr).map(|p| (p.cron().to_string(), Some(p))),
                _ => {
                    let rate = self.rate(attr, attrs);
                    if resolved.is_none() {
                        resolved = rate;
                    }
                    continue;
                }
            };
            let timezone = self.timezone(attrs);
            if let (Some((expression, preset)), Some(timezone)) = (schedule, timezone) {
                if resolved.is_none() {
                    resolved = Some(Schedule::Cron {
                        expression,
                        timezone,
                        preset,
                    });
                }
            }
        }
        let kind = written.first().map(|a| a.key.name.as_str());
        self.check_schedule_options(attrs, kind);
        if written.is_empty() {
            return Some(Schedule::Manual);
        }
        if !ok {
            return None;
        }
        resolved
    }

    /// `timezone` goes with cron schedules, `start_time` with rates.
    fn check_schedule_options(&mut self, attrs: &Attrs, kind: Option<&str>) {
        let described = match kind {
            Some("rate") => "a `rate` schedule",
            Some(_) => "a cron schedule",
            None => "a manual trigger (no schedule)",
        };
        if let Some(tz) = attrs.get("timezone") {
            if !matches!(kind, Some("cron" | "schedule")) {
                self.error(
                    Code::E0406,
                    tz.key.span,
                    format!("`timezone` has no effect on {described}"),
                    "`timezone` applies to `cron = \"…\"` and `schedule = …` triggers; remove it",
                );
            }
        }
        if let Some(start) = attrs.get("start_time") {
            if kind != Some("rate") {
                self.error(
                    Code::E0406,
                    start.key.span,
                    format!("`start_time` has no effect on {described}"),
                    "`start_time` applies to `rate = …` triggers; remove it",
                );
            }
        }
    }

    fn cron(&mut self, attr: &ast::Attribute, _attrs: &Attrs) -> Option<String> {
        let expression = self.string(attr)?;
        match validate_cron(&expression) {
            Ok(()) => Some(expression),
            Err(problem) => {
                self.diags.push(
                    Diagnostic::error(
                        Code::E0404,
                        self.at(attr.value.span),
                        format!(
                            "invalid cron expression {expression:?}: {}",
                            problem.message
                        ),
                    )
                    .with_primary_label("not a 5-field cron expression")
                    .with_help(problem.help),
                );
                None
            }
        }
    }

    /// The zone of a cron schedule: `"UTC"` unless written.
    fn timezone(&mut self, attrs: &Attrs) -> Option<String> {
        let Some(attr) = attrs.get("timezone") else {
            return Some("UTC".to_string());
        };
        let zone = self.string(attr)?;
        if chrono_tz::Tz::from_str(&zone).is_ok() {
            return Some(zone);
        }
        // Abbreviations are too short for spelling suggestions: `PST` is
        // one letter away from `EST`, a different zone.
        let abbreviation = zone.len() <= 5 && zone.chars().all(|c| c.is_ascii_uppercase());
        let help = zone_abbreviation_help(&zone)
            .or_else(|| {
                if abbreviation {
                    return None;
                }
                suggest::help_did_you_mean(&zone, chrono_tz::TZ_VARIANTS.iter().map(|tz| tz.name()))
            })
            .unwrap_or_else(|| {
            "use an IANA time zone name such as \"UTC\", \"Europe/London\" or \"America/New_York\""
                .into()
        });
        self.diags.push(
            Diagnostic::error(
                Code::E0405,
                self.at(attr.value.span),
                format!("unknown time zone {zone:?}"),
            )
            .with_primary_label("not an IANA time zone")
            .with_help(help),
        );
        None
    }

    fn preset(&mut self, attr: &ast::Attribute) -> Option<Preset> {
        let names = Preset::ALL.map(Preset::name);
        let (word, quoted) = match &attr.value.kind {
            ValueKind::Ident(word) => (word.as_str(), false),
            ValueKind::Str(s) => (s.value.as_str(), true),
            _ => {
                self.wrong_kind(
                    attr,
                    "a preset",
                    format!(
                        "write `schedule = hourly`; presets are {}",
                        names.join(", ")
                    ),
                );
                return None;
            }
        };
        match Preset::from_name(word) {
            Some(_) if quoted => {
                self.wrong_kind(
                    attr,
                    "a preset name",
                    format!("write it without quotes: `schedule = {word}`"),
                );
                None
            }
            Some(preset) => Some(preset),
            None => {
                let help = suggest::help_did_you_mean(word, names)
                    .map(|h| format!("{h} (presets are {})", names.join(", ")))
                    .unwrap_or_else(|| {
                        format!(
                            "presets are {}; for anything else write `cron = \"…\"`",
                            names.join(", ")
                        )
                    });
                self.error(
                    Code::E0409,
                    attr.value.span,
                    format!("unknown schedule preset `{word}`"),
                    help,
                );
                None
            }
        }
    }

    fn rate(&mut self, attr: &ast::Attribute, attrs: &Attrs) -> Option<Schedule> {
        let start_time = match attrs.get("start_time") {
            None => Some(None),
            Some(start) => self.start_time(start).map(Some),
        };
        let every = match &attr.value.kind {
            ValueKind::Duration(d) => *d,
            ValueKind::Int(n) => {
                self.wrong_kind(attr, "a duration", format!("add a unit: `rate = {n}m`"));
                return None;
            }
            _ => {
                self.wrong_kind(attr, "a duration", "write e.g. `rate = 90m` or `rate = 2h`");
                return None;
            }
        };
        const MINUTE: u128 = 60 * 1_000_000_000;
        let problem = if every.nanos == 0 {
            Some((
                "a rate must be longer than zero".to_string(),
                "write e.g. `rate = 5m`".to_string(),
            ))
        } else if every.nanos % MINUTE != 0 {
            let down = every.nanos / MINUTE;
            let up = down + 1;
            let help = if down == 0 {
                "write at least `1m`".to_string()
            } else {
                format!("write `{down}m` or `{up}m`")
            };
            Some((
                "a rate must be a whole number of minutes (Flyte's fixed rates count minutes)"
                    .to_string(),
                help,
            ))
        } else if u32::try_from(every.nanos / MINUTE).is_err() {
            Some((
                format!("a rate can be at most {} minutes", u32::MAX),
                "write a shorter rate".to_string(),
            ))
        } else {
            None
        };
        if let Some((message, help)) = problem {
            self.error(Code::E0407, attr.value.span, message, help);
            return None;
        }
        let minutes = u32::try_from(every.nanos / MINUTE).ok()?;
        Some(Schedule::Rate {
            every,
            minutes,
            start_time: start_time?,
        })
    }

    fn start_time(&mut self, attr: &ast::Attribute) -> Option<String> {
        let text = self.string(attr)?;
        match values::normalize_rfc3339(&text) {
            Ok(normalized) => Some(normalized),
            Err(err) => {
                self.error(
                    Code::E0408,
                    attr.value.span,
                    format!("invalid `start_time`: {}", err.message),
                    err.help,
                );
                None
            }
        }
    }

    // ---- inputs -----------------------------------------------------------

    fn available_inputs(&self) -> String {
        let mut names: Vec<&str> = self.task_inputs.iter().map(|i| i.name).collect();
        names.sort_unstable();
        let quoted: Vec<String> = names.iter().map(|n| format!("'{n}'")).collect();
        format!("[{}]", quoted.join(", "))
    }

    /// The written inputs (`None` on error) and the `trigger_time` binding.
    fn inputs(
        &mut self,
        attr: Option<&ast::Attribute>,
        trigger: &ast::Ident,
        scheduled: bool,
    ) -> (Option<Vec<(String, TypedValue)>>, Option<String>) {
        let Some(attr) = attr else {
            return (Some(Vec::new()), None);
        };
        let ValueKind::Map(body) = &attr.value.kind else {
            self.wrong_kind(attr, "a block", "write `inputs { name = value, … }`");
            return (None, None);
        };
        let mut ok = true;
        let mut out: Vec<(String, TypedValue)> = Vec::new();
        let mut spans: Vec<Span> = Vec::new();
        let mut kickoff: Option<(String, Span)> = None;
        for entry in &body.entries {
            let ast::Entry::Attr(item) = entry else {
                self.error(
                    Code::E0402,
                    entry.span(),
                    "expected `name = value` in `inputs`",
                    "each entry sets one task input: `name = value` or `name = trigger_time`",
                );
                ok = false;
                continue;
            };
            if item.op == ast::AssignOp::Append {
                self.error(
                    Code::E0402,
                    item.op_span,
                    "`+=` is not allowed in `inputs`",
                    format!("write `{} = …`", item.key.name),
                );
                ok = false;
                continue;
            }
            let name = item.key.name.as_str();
            if let Some(pos) = out.iter().position(|(n, _)| n == name) {
                self.diags.push(
                    Diagnostic::error(
                        Code::E0416,
                        self.at(item.key.span),
                        format!("input `{name}` is set twice in this trigger"),
                    )
                    .with_primary_label("set again here")
                    .with_label(self.at(spans[pos]), "first set here")
                    .with_help("remove one of them"),
                );
                ok = false;
                continue;
            }
            let binds_time = values::is_trigger_time(&item.value);
            if binds_time && !scheduled {
                self.error(
                    Code::E0412,
                    item.value.span,
                    format!(
                        "Trigger '{}' uses TriggerTime, which is only available on schedule (Cron/FixedRate) triggers.",
                        trigger.name
                    ),
                    "`trigger_time` is the time a scheduled run was due; add `cron = \"…\"`, `rate = …` or `schedule = …`, or set the input to a fixed value",
                );
                ok = false;
                continue;
            }
            let Some(sig) = self.task_inputs.iter().find(|i| i.name == name) else {
                let message = if binds_time {
                    format!(
                        "For a scheduled trigger, the TriggerTime input '{name}' must be an input to the task, but not found in task {}. Available inputs: {}",
                        self.task_id,
                        self.available_inputs()
                    )
                } else {
                    format!(
                        "Trigger default input '{name}' must be an input to the task, but not found in task {}. Available inputs: {}",
                        self.task_id,
                        self.available_inputs()
                    )
                };
                let help =
                    suggest::help_did_you_mean(name, self.task_inputs.iter().map(|i| i.name))
                        .unwrap_or_else(|| {
                            if self.task_inputs.is_empty() {
                                "this task has no inputs; remove the entry".to_string()
                            } else {
                                "a trigger can only set inputs the task declares".to_string()
                            }
                        });
                self.diags.push(
                    Diagnostic::error(Code::E0410, self.at(item.key.span), message)
                        .with_primary_label("not an input of this task")
                        .with_help(help),
                );
                ok = false;
                continue;
            };
            if binds_time {
                if !matches!(sig.ty, Type::Datetime)
                    && !matches!(sig.ty, Type::Optional(inner) if **inner == Type::Datetime)
                {
                    self.diags.push(
                        Diagnostic::error(
                            Code::E0411,
                            self.at(item.value.span),
                            format!(
                                "`trigger_time` is a `datetime`, but input `{name}` is `{}`",
                                sig.ty.display()
                            ),
                        )
                        .with_label(sig.at, format!("`{name}` declared here"))
                        .with_help("bind `trigger_time` to a `datetime` input"),
                    );
                    ok = false;
                    continue;
                }
                if let Some((first, first_span)) = &kickoff {
                    self.diags.push(
                        Diagnostic::error(
                            Code::E0413,
                            self.at(item.value.span),
                            format!("`trigger_time` is already bound to input `{first}`"),
                        )
                        .with_primary_label("bound again here")
                        .with_label(self.at(*first_span), "bound here first")
                        .with_help(
                            "a trigger passes its time to one input; set the other to a value",
                        ),
                    );
                    ok = false;
                    continue;
                }
                kickoff = Some((name.to_string(), item.value.span));
                out.push((name.to_string(), TypedValue::TriggerTime));
                spans.push(item.key.span);
                continue;
            }
            match values::check_value(self.types, self.file, &item.value, sig.ty) {
                Ok(value) => {
                    out.push((name.to_string(), value));
                    spans.push(item.key.span);
                }
                Err(mut errors) => {
                    self.diags.append(&mut errors);
                    ok = false;
                }
            }
        }
        (ok.then_some(out), kickoff.map(|(name, _)| name))
    }

    /// What the SDK sends as `inputs.literals`.
    fn literals(&self, inputs: &[(String, TypedValue)]) -> Vec<(String, TypedValue)> {
        let own = inputs
            .iter()
            .filter(|(_, v)| *v != TypedValue::TriggerTime)
            .cloned();
        let defaults = self.task_inputs.iter().filter_map(|sig| {
            let set = inputs
                .iter()
                .any(|(n, v)| n == sig.name && *v != TypedValue::TriggerTime);
            match (sig.default, set) {
                (Some(default), false) => Some((sig.name.to_string(), default.clone())),
                _ => None,
            }
        });
        own.chain(defaults).collect()
    }
}

/// Zone abbreviations people write, with the IANA zone that observes them.
/// (Some, like `EST` and `CET`, are also IANA names and never get here.)
fn zone_abbreviation_help(zone: &str) -> Option<String> {
    let iana = match zone {
        "PST" | "PDT" | "PT" => "America/Los_Angeles",
        "CST" | "CDT" | "CT" => "America/Chicago",
        "MDT" | "MT" => "America/Denver",
        "EDT" | "ET" => "America/New_York",
        "BST" => "Europe/London",
        "CEST" => "Europe/Paris",
        "IST" => "Asia/Kolkata",
        "JST" => "Asia/Tokyo",
        "AEST" | "AEDT" => "Australia/Sydney",
        _ => return None,
    };
    Some(format!(
        "abbreviations are not time zones; use the IANA name of a place, e.g. \"{iana}\" \
         (which also follows daylight saving time)"
    ))
}

/// An optional attribute's checked value: absent is fine (`Some(None)`), a
/// failed check is not (`None`).
fn optional<T>(checked: Option<Option<T>>) -> Option<Option<T>> {
    match checked {
        None => Some(None),
        Some(value) => value.map(Some),
    }
}

/// The SDK's cut for long descriptions: `text[:247] + "...(tr.)"`.
fn truncate_description(text: &str) -> String {
    if text.chars().count() <= MAX_DESCRIPTION_LEN {
        return text.to_string();
    }
    let kept: String = text.chars().take(MAX_DESCRIPTION_LEN - 8).collect();
    format!("{kept}...(tr.)")
}

/// Why a cron expression was rejected.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CronProblem {
    pub message: String,
    pub help: String,
}

const CRON_HELP: &str = "five fields: minute (0-59), hour (0-23), day of month (1-31), month (1-12 or JAN-DEC), day of week (0-6 or SUN-SAT); e.g. \"0 * * * *\" runs hourly";

/// Expressions the cron parser already accepted in this process. The
/// language server checks every trigger of a workspace after each
/// keystroke, and parsing the cron expressions was the largest part of that
/// (a few milliseconds for a hundred triggers); the same texts come back
/// every time.
mod valid_crons {
    use std::collections::HashSet;
    use std::sync::{Mutex, PoisonError};

    /// Far more distinct schedules than a workspace has; past it the set
    /// starts over, so a long-running server cannot grow without bound.
    const LIMIT: usize = 4096;

    static VALID: Mutex<Option<HashSet<String>>> = Mutex::new(None);

    pub(super) fn known(expression: &str) -> bool {
        let valid = VALID.lock().unwrap_or_else(PoisonError::into_inner);
        valid.as_ref().is_some_and(|set| set.contains(expression))
    }

    pub(super) fn remember(expression: &str) {
        let mut valid = VALID.lock().unwrap_or_else(PoisonError::into_inner);
        let set = valid.get_or_insert_with(HashSet::new);
        if set.len() >= LIMIT {
            set.clear();
        }
        set.insert(expression.to_string());
    }
}

/// Check a cron expression in the dialect described at the top of this module.
pub fn validate_cron(expression: &str) -> Result<(), CronProblem> {
    let trimmed = expression.trim();
    if valid_crons::known(trimmed) {
        return Ok(());
    }
    let problem = |message: String, help: &str| CronProblem {
        message,
        help: help.to_string(),
    };
    if trimmed.is_empty() {
        return Err(problem("it is empty".into(), CRON_HELP));
    }
    let expanded = if let Some(macro_name) = trimmed.strip_prefix('@') {
        match macro_name.to_ascii_lowercase().as_str() {
            "yearly" | "annually" => "0 0 1 1 *",
            "monthly" => "0 0 1 * *",
            "weekly" => "0 0 * * 0",
            "daily" | "midnight" => "0 0 * * *",
            "hourly" => "0 * * * *",
            other if other.starts_with("every") => {
                return Err(problem(
                    "`@every` is not a cron expression".into(),
                    "write `rate = 90m` for a fixed interval",
                ));
            }
            _ => {
                return Err(problem(
                    format!("unknown macro `{trimmed}`"),
                    "the macros are @yearly, @annually, @monthly, @weekly, @daily, @midnight and @hourly",
                ));
            }
        }
    } else {
        trimmed
    };
    let fields: Vec<&str> = expanded.split_whitespace().collect();
    if fields.len() != 5 {
        let help = match fields.len() {
            6 | 7 => "Flyte schedules have minute granularity: drop the seconds (and year) field",
            _ => CRON_HELP,
        };
        return Err(problem(
            format!("it has {} fields, expected 5", fields.len()),
            help,
        ));
    }
    const NAMES: [&str; 19] = [
        "JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC", "SUN",
        "MON", "TUE", "WED", "THU", "FRI", "SAT",
    ];
    // `L`, `W` and `#` also occur in month and weekday names (JUL, WED):
    // only a character left over once the names are removed is an extension.
    let extension = fields.iter().find_map(|field| {
        NAMES
            .iter()
            .fold(field.to_ascii_uppercase(), |acc, name| {
                acc.replace(name, "")
            })
            .chars()
            .find(|c| matches!(c, 'L' | 'W' | '#'))
    });
    if let Some(special) = extension {
        return Err(problem(
            format!("`{special}` is a Quartz extension, not standard cron"),
            "standard cron has no `L`, `W` or `#`: list the days explicitly, or schedule more \
             often and let the task skip the runs it does not want",
        ));
    }
    let parser = croner::parser::CronParser::builder()
        .seconds(croner::parser::Seconds::Disallowed)
        .year(croner::parser::Year::Disallowed)
        .build();
    // The common case, a valid expression, costs one parse; only a bad one
    // is parsed again field by field to name the field at fault (each
    // parse costs tens of microseconds, and the language server runs this
    // for every trigger on every keystroke).
    if parser.parse(expanded).is_ok() {
        valid_crons::remember(trimmed);
        return Ok(());
    }
    // Parse each field alone (the others `*`) so the message can name the
    // field at fault.
    const FIELDS: [(&str, &str); 5] = [
        ("minute", "minutes are 0-59"),
        ("hour", "hours are 0-23"),
        ("day-of-month", "days of the month are 1-31"),
        ("month", "months are 1-12 or JAN-DEC"),
        (
            "day-of-week",
            "days of the week are 0-7 (0 and 7 are Sunday) or SUN-SAT",
        ),
    ];
    for (index, (name, range)) in FIELDS.iter().enumerate() {
        let alone: Vec<&str> = (0..5)
            .map(|i| {
                if i == index {
                    fields.get(i).copied().unwrap_or("*")
                } else {
                    "*"
                }
            })
            .collect();
        if let Err(err) = parser.parse(&alone.join(" ")) {
            let text = fields.get(index).copied().unwrap_or("");
            return Err(CronProblem {
                message: format!("the {name} field `{text}` {}", cron_error_text(&err)),
                help: format!(
                    "{range}; each field is `*`, a value, a range `a-b`, a list `a,b` or a step `*/n`"
                ),
            });
        }
    }
    parser
        .parse(expanded)
        .map(|_| ())
        .map_err(|err| problem(format!("it {}", cron_error_text(&err)), CRON_HELP))
}

fn cron_error_text(err: &croner::errors::CronError) -> String {
    use croner::errors::CronError;
    let text = match err {
        CronError::IllegalCharacters(msg)
        | CronError::ComponentError(msg)
        | CronError::InvalidPattern(msg) => msg.clone(),
        other => other.to_string(),
    };
    // croner writes sentences; the message continues one of ours.
    let text = text.trim_end_matches('.');
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => format!("is invalid: {}{}", first.to_lowercase(), chars.as_str()),
        None => "is invalid".to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cron_names_containing_extension_letters_are_fine() {
        assert_eq!(validate_cron("0 0 * JUL WED"), Ok(()));
        // A second check of the same text answers from the memo, the same way.
        assert!(valid_crons::known("0 0 * JUL WED"));
        assert_eq!(validate_cron("0 0 * JUL WED"), Ok(()));
        // Only accepted texts are remembered.
        for _ in 0..2 {
            assert!(validate_cron("61 0 * * *").is_err());
        }
        assert!(!valid_crons::known("61 0 * * *"));
        assert_eq!(validate_cron("0 0 * jul-dec sat"), Ok(()));
        assert!(validate_cron("0 0 * * 5#2").is_err());
        assert!(validate_cron("0 0 15W * *").is_err());
    }

    #[test]
    fn cron_macros_and_field_counts() {
        for ok in ["@hourly", "@Weekly", "@annually", "*/5 * * * *"] {
            assert_eq!(validate_cron(ok), Ok(()), "{ok}");
        }
        for bad in [
            "@reboot",
            "@every 1h",
            "* * * *",
            "0 0 0 * * * *",
            "0 24 * * *",
            "*/0 * * * *",
        ] {
            assert!(validate_cron(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn descriptions_are_cut_like_the_sdk() {
        assert_eq!(truncate_description("short"), "short");
        let exact = "é".repeat(255);
        assert_eq!(truncate_description(&exact), exact);
        let long = "é".repeat(256);
        let cut = truncate_description(&long);
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

    #[test]
    fn every_trigger_attribute_is_documented_in_the_unknown_help() {
        let help = unknown_attribute_help("zzzzzz");
        for attr in TRIGGER_ATTRIBUTES {
            assert!(help.contains(attr), "{attr}");
        }
    }

    proptest::proptest! {
        #[test]
        fn cron_validation_never_panics(text in "[0-9*/,\\-?LW#@a-zA-Z ]{0,30}") {
            let _ = validate_cron(&text);
        }
    }
}
