"""The `flyteidl2.task.InlineRule` rules, checked by hand.

`InlineRule` carries a message-level CEL rule, `paused_rule_exclusive`, whose expression names an
enum constant (`flyteidl2.common.ActionPhase.ACTION_PHASE_PAUSED`). protovalidate 2.1.0 cannot
resolve enum constants in CEL and raises an EvaluationError for every message that holds an
inline notification rule, whatever its content. So `split` moves the inline rules out of a copy
of the message (the copy is validated by protovalidate as usual) and `failures` checks each rule
against every constraint `InlineRule` declares: its field rules and that CEL rule evaluated in
Python; its delivery template, a message with rules protovalidate can evaluate, goes back to
protovalidate.
"""

from __future__ import annotations

from typing import Any, Callable, List, Tuple

from flyteidl2.common import phase_pb2
from flyteidl2.task import run_pb2
from google.protobuf.message import Message

RULE = "paused_rule_exclusive"
_LIST = run_pb2.InlineRuleList.DESCRIPTOR.full_name
# `on_phases`: `repeated.items.enum.in` of the descriptor.
_ALLOWED_PHASES = {
    phase_pb2.ACTION_PHASE_SUCCEEDED,
    phase_pb2.ACTION_PHASE_FAILED,
    phase_pb2.ACTION_PHASE_ABORTED,
    phase_pb2.ACTION_PHASE_TIMED_OUT,
    phase_pb2.ACTION_PHASE_PAUSED,
}
# Stands in for the moved-out rules so that the copy keeps a valid `notification_settings`.
_PLACEHOLDER = "inline-rules-checked-apart"


def _repeated(field: Any) -> bool:
    is_repeated = getattr(field, "is_repeated", None)
    return bool(is_repeated) if is_repeated is not None else field.label == field.LABEL_REPEATED


def split(msg: Message) -> Tuple[Message, List[Tuple[str, Message]]]:
    """A copy of `msg` without inline notification rules, and those rules with their paths."""
    copy = type(msg)()
    copy.CopyFrom(msg)
    rules: List[Tuple[str, Message]] = []

    def walk(m: Message, path: str) -> None:
        for field, value in m.ListFields():
            kind = field.message_type
            if kind is None or kind.GetOptions().map_entry:
                continue
            values = list(value) if _repeated(field) else [value]
            for i, v in enumerate(values):
                at = f"{path}.{field.name}" if path else field.name
                at = f"{at}[{i}]" if _repeated(field) else at
                if kind.full_name == _LIST:
                    for j, rule in enumerate(v.rules):
                        kept = run_pb2.InlineRule()
                        kept.CopyFrom(rule)
                        rules.append((f"{at}.rules[{j}]", kept))
                    m.notification_rule_name = _PLACEHOLDER  # replaces the oneof
                else:
                    walk(v, at)

    walk(copy, "")
    return copy, rules


def failures(path: str, rule: Message, validate: Callable[[Message], List[str]]) -> List[str]:
    """Every broken constraint of one `InlineRule`, as `path: message [rule id]` lines."""
    out: List[str] = []
    phases = list(rule.on_phases)
    if not phases:
        out.append(f"{path}.on_phases: value must contain at least 1 item(s) [repeated.min_items]")
    if len(set(phases)) != len(phases):
        out.append(f"{path}.on_phases: repeated value must contain unique items [repeated.unique]")
    for i, p in enumerate(phases):
        if p not in _ALLOWED_PHASES:
            out.append(f"{path}.on_phases[{i}]: value must be in list {sorted(_ALLOWED_PHASES)} [enum.in]")
    if phase_pb2.ACTION_PHASE_PAUSED in phases and len(phases) != 1:
        out.append(f"{path}: a rule subscribing to ACTION_PHASE_PAUSED must not subscribe to other phases [{RULE}]")
    which = rule.WhichOneof("delivery")
    if which is None:
        out.append(f"{path}: exactly one field is required in oneof [required]")
    elif which == "delivery_template":
        out.extend(f"{path}.delivery_template.{line}" for line in validate(rule.delivery_template))
    return out
