"""Tests for check.py. Run: .venv-wirecheck/bin/python -m unittest discover -s tools/wirecheck"""

from __future__ import annotations

import json
import pathlib
import sys
import tempfile
import unittest
from typing import List, Tuple

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent))

import check  # noqa: E402
from flyteidl2.task import task_definition_pb2, task_service_pb2  # noqa: E402
from google.protobuf import json_format  # noqa: E402

SPEC = {
    "documentation": {},
    "environment": {"name": "minimal"},
    "shortName": "noop",
    "taskTemplate": {
        "id": {"domain": "development", "name": "minimal.noop", "org": "testorg",
               "project": "testproject", "resourceType": "TASK", "version": "v1"},
        "interface": {"inputs": {}, "outputs": {}},
        "metadata": {"interruptible": False, "retries": {}, "generatesDeck": False},
        "container": {"image": "img", "args": ["a0"]},
        "type": "python",
    },
}
TASK_ID = {"org": "testorg", "project": "testproject", "domain": "development",
           "name": "minimal.noop", "version": "v1"}


class CheckTest(unittest.TestCase):
    def setUp(self) -> None:
        self._tmp = tempfile.TemporaryDirectory()
        self.dir = pathlib.Path(self._tmp.name)

    def tearDown(self) -> None:
        self._tmp.cleanup()

    def write(self, name: str, doc: object) -> pathlib.Path:
        path = self.dir / name
        path.write_text(json.dumps(doc), encoding="utf-8")
        return path

    def run_check(self, *args: str) -> Tuple[int, List[str]]:
        lines: List[str] = []
        code = check.main([*args, str(self.dir)], out=lines.append)
        return code, lines

    def test_valid_task_spec_and_deploy_request_pass(self) -> None:
        self.write("spec.json", SPEC)
        self.write("deploy.json", {"taskId": TASK_ID, "spec": SPEC})
        code, lines = self.run_check("-v")
        self.assertEqual(code, 0, lines)
        self.assertIn("(flyteidl2.task.TaskSpec)", "\n".join(lines))
        self.assertIn("(flyteidl2.task.DeployTaskRequest)", "\n".join(lines))
        self.assertEqual(lines[-1], "2 passed, 0 failed")

    def test_buf_validate_rules_are_enforced(self) -> None:
        self.write("deploy.json", {"taskId": {**TASK_ID, "org": ""}, "spec": SPEC})
        code, lines = self.run_check()
        self.assertEqual(code, 1)
        self.assertIn("validate: task_id.org: must be at least 1 characters [string.min_len]", "\n".join(lines))
        self.assertEqual(lines[-1], "0 passed, 1 failed")

    def deploy_with_rules(self, *rules: dict) -> pathlib.Path:
        trigger = {"name": "t", "spec": {"active": True, "inputs": {}, "runSpec": {
            "notificationRules": {"rules": list(rules)}}}}
        return self.write("deploy.json", {"taskId": TASK_ID, "spec": SPEC, "triggers": [trigger]})

    def test_inline_notification_rules_are_validated_despite_their_cel_rule(self) -> None:
        email = {"email": {"to": [{"address": "a@x"}], "inline": {
            "subject": "s", "htmlTemplate": "h", "textTemplate": "t"}}}
        self.deploy_with_rules({"onPhases": ["ACTION_PHASE_FAILED"], "deliveryTemplate": email},
                               {"onPhases": ["ACTION_PHASE_PAUSED"], "deliveryConfigName": "n"})
        code, lines = self.run_check()
        self.assertEqual(code, 0, lines)

    def test_broken_inline_notification_rules_are_reported(self) -> None:
        hook = {"webhook": {"url": "", "method": "HTTP_METHOD_POST"}}
        self.deploy_with_rules(
            {"onPhases": ["ACTION_PHASE_FAILED", "ACTION_PHASE_FAILED"], "deliveryConfigName": "n"},
            {"onPhases": ["ACTION_PHASE_PAUSED", "ACTION_PHASE_FAILED"], "deliveryTemplate": hook},
            {"onPhases": ["ACTION_PHASE_RUNNING"]},
        )
        code, lines = self.run_check()
        text = "\n".join(lines)
        self.assertEqual(code, 1, text)
        for expected in ("rules[0].on_phases: repeated value must contain unique items",
                         "rules[1]: a rule subscribing to ACTION_PHASE_PAUSED", "[paused_rule_exclusive]",
                         "rules[1].delivery_template.webhook.url:", "rules[2].on_phases[0]: value must be in list",
                         "rules[2]: exactly one field is required in oneof"):
            self.assertIn(expected, text)

    def test_unknown_fields_are_rejected(self) -> None:
        self.write("deploy.json", {"taskId": TASK_ID, "spec": SPEC, "extra": 1})
        code, lines = self.run_check()
        self.assertEqual(code, 1)
        self.assertIn("parse:", "\n".join(lines))

    def test_non_canonical_json_fails_unless_disabled(self) -> None:
        spec = json.loads(json.dumps(SPEC))
        spec["taskTemplate"]["taskTypeVersion"] = 0  # a default value the SDK never prints
        self.write("spec.json", spec)
        code, lines = self.run_check()
        self.assertEqual(code, 1)
        self.assertIn("canonical: .taskTemplate.taskTypeVersion", "\n".join(lines))
        code, lines = self.run_check("--no-canonical")
        self.assertEqual(code, 0, lines)

    def test_int64_must_be_a_string(self) -> None:
        self.write("trig.trigger.json", {"name": "t", "spec": {"inputs": {"literals": [
            {"name": "n", "value": {"scalar": {"primitive": {"integer": 7}}}}]}, "runSpec": {}}})
        code, lines = self.run_check()
        self.assertEqual(code, 1)
        self.assertIn('file has 7, MessageToDict has "7"', "\n".join(lines))

    def test_file_name_and_option_choose_the_type(self) -> None:
        self.write("x.taskspec.json", {})
        self.assertIn("(flyteidl2.task.TaskSpec)", "\n".join(self.run_check("-v")[1]))
        self.assertIn("(flyteidl2.task.TaskTrigger)", "\n".join(self.run_check("-v", "--type", "trigger")[1]))

    def test_pb_sibling_must_match_the_json(self) -> None:
        self.write("deploy.json", {"taskId": TASK_ID, "spec": SPEC})
        msg = json_format.ParseDict({"taskId": TASK_ID, "spec": SPEC}, task_service_pb2.DeployTaskRequest())
        pb = self.dir / "deploy.pb"
        pb.write_bytes(msg.SerializeToString())
        self.assertEqual(self.run_check()[0], 0)

        msg.task_id.version = "v2"
        pb.write_bytes(msg.SerializeToString())
        code, lines = self.run_check()
        self.assertEqual(code, 1)
        self.assertIn("pb: deploy.pb differs from the JSON at .taskId.version", "\n".join(lines))

        msg.task_id.version = "v1"
        pb.write_bytes(msg.SerializeToString() + b"\xf8\x3e\x01")  # field 999 = 1, unknown
        code, lines = self.run_check()
        self.assertEqual(code, 1)
        self.assertIn("carries fields unknown", "\n".join(lines))

    def test_a_json_null_in_a_struct_must_stay_a_null_value_in_the_pb(self) -> None:
        spec = json.loads(json.dumps(SPEC))
        spec["taskTemplate"]["custom"] = {"backlog_length": None}
        self.write("s.taskspec.json", spec)
        msg = json_format.ParseDict(spec, task_definition_pb2.TaskSpec())
        msg.task_template.custom.fields["backlog_length"].ClearField("null_value")  # kind unset
        (self.dir / "s.taskspec.pb").write_bytes(msg.SerializeToString())
        code, lines = self.run_check()
        self.assertEqual(code, 1, lines)
        self.assertIn("pb: s.taskspec.pb differs from the JSON only in bytes", "\n".join(lines))

    def write_manifest(self, files: dict) -> None:
        self.write(check.MANIFEST, {"about": "", "layout": 1, "files": files})

    def test_the_manifest_names_each_files_message(self) -> None:
        # Keys alone would make this a TaskSpec; the manifest says it is a request, so it fails.
        self.write("a.noop.json", SPEC)
        self.write_manifest({"a.noop.json": {"emit": "request", "format": "json",
                                             "message": "flyteidl2.task.DeployTaskRequest"}})
        code, lines = self.run_check()
        self.assertEqual(code, 1, lines)
        self.assertIn("(flyteidl2.task.DeployTaskRequest)", "\n".join(lines))
        self.write_manifest({"a.noop.json": {"emit": "request", "format": "json",
                                             "message": "flyteidl2.task.TaskSpec"}})
        self.assertEqual(self.run_check()[0], 0)

    def test_a_listed_file_that_is_missing_fails(self) -> None:
        self.write_manifest({"gone.json": {"emit": "request", "format": "json",
                                           "message": "flyteidl2.task.TaskSpec"}})
        code, lines = self.run_check()
        self.assertEqual(code, 1)
        self.assertIn("listed in .taskc-build but missing", "\n".join(lines))

    def test_args_must_match_the_container_of_the_same_task(self) -> None:
        self.write("a.noop.json", {"taskId": TASK_ID, "spec": SPEC})
        self.write("a.noop.args.json", ["a0"])
        self.write_manifest({
            "a.noop.json": {"emit": "request", "format": "json", "message": "flyteidl2.task.DeployTaskRequest"},
            "a.noop.args.json": {"emit": "args", "format": "json"},
        })
        code, lines = self.run_check("-v")
        self.assertEqual(code, 0, lines)
        self.assertIn("(args)", "\n".join(lines))
        self.write("a.noop.args.json", ["a1"])
        code, lines = self.run_check()
        self.assertEqual(code, 1)
        self.assertIn("args: differ from the container args of a.noop.json", "\n".join(lines))
        self.write("a.noop.args.json", {"not": "a list"})
        self.assertIn("not a JSON array of strings", "\n".join(self.run_check()[1]))

    def test_sql_must_match_the_statement_of_the_same_task(self) -> None:
        spec = json.loads(json.dumps(SPEC))
        del spec["taskTemplate"]["container"]
        spec["taskTemplate"]["sql"] = {"statement": "SELECT 1", "dialect": "ANSI"}
        self.write("q.count.taskspec.json", spec)
        (self.dir / "q.count.sql").write_text("SELECT 1\n", encoding="utf-8")
        self.write_manifest({
            "q.count.taskspec.json": {"emit": "spec", "format": "json", "message": "flyteidl2.task.TaskSpec"},
            "q.count.sql": {"emit": "sql", "format": "json"},
        })
        self.assertEqual(self.run_check()[0], 0)
        (self.dir / "q.count.sql").write_text("SELECT 2\n", encoding="utf-8")
        code, lines = self.run_check()
        self.assertEqual(code, 1)
        self.assertIn("sql: differs from taskTemplate.sql.statement of q.count.taskspec.json", "\n".join(lines))

    def test_a_pb_without_json_is_decoded_and_validated_on_its_own(self) -> None:
        msg = json_format.ParseDict({"taskId": {**TASK_ID, "org": ""}, "spec": SPEC},
                                    task_service_pb2.DeployTaskRequest())
        (self.dir / "a.noop.pb").write_bytes(msg.SerializeToString())
        self.write_manifest({"a.noop.pb": {"emit": "request", "format": "pb",
                                           "message": "flyteidl2.task.DeployTaskRequest"}})
        code, lines = self.run_check()
        self.assertEqual(code, 1)
        self.assertIn("validate: task_id.org", "\n".join(lines))

    def test_allow_accepts_exactly_the_named_violation(self) -> None:
        no_org = {k: v for k, v in TASK_ID.items() if k != "org"}  # "" is omitted, as the SDK prints it
        self.write("deploy.json", {"taskId": no_org, "spec": SPEC})
        code, lines = self.run_check("-v", "--allow", "task_id.org:string.min_len")
        self.assertEqual(code, 0, lines)
        self.assertIn("allowed: task_id.org", "\n".join(lines))
        code, lines = self.run_check("--allow", "task_id.project:string.min_len")
        self.assertEqual(code, 1, lines)

    def test_no_files_is_a_failure(self) -> None:
        code, lines = self.run_check()
        self.assertEqual(code, 1)
        self.assertEqual(lines, ["0 passed, 0 failed"])


if __name__ == "__main__":
    unittest.main()
