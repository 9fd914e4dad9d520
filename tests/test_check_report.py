"""The report of a plan that cannot be used: errors with the warnings that explain them."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
FIXTURE = "tests/fixtures/four-errors.yaml"


def check(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "generator", "check", *args], cwd=ROOT,
                          capture_output=True, text=True)


def test_errors_and_the_unknown_key_behind_them_are_listed_in_file_order():
    done = check(FIXTURE)
    assert done.returncode == 1
    assert "Traceback" not in done.stderr
    lines = done.stdout.splitlines()
    assert lines[0] == f"{FIXTURE}: 4 errors; the plan cannot be used until they are fixed"
    assert [line.split(": ")[1] for line in lines[1:]] == [
        "error", "warning", "error", "error", "error"]
    assert lines[2] == (f"  {FIXTURE}:24:5: warning: tasks[1].ownr: unknown key 'ownr' (did you mean "
                        "'owner'?); allowed here: id, title, workstream, owner, owners, due, date, "
                        "status, done_on, kind, gate, depends_on, if_missed, notes, internal")


def test_the_json_report_of_a_broken_plan_keeps_its_warnings():
    done = check(FIXTURE, "--json")
    plan = json.loads(done.stdout)["plans"][0]
    assert done.returncode == 1
    assert (plan["valid"], len(plan["errors"]), len(plan["warnings"])) == (False, 4, 1)
    assert plan["warnings"][0]["path"] == "tasks[1].ownr"
    assert plan["metrics"] is None


def test_strict_turns_the_unknown_key_into_a_fifth_error():
    done = check(FIXTURE, "--strict")
    assert done.returncode == 1
    assert done.stdout.splitlines()[0].endswith("5 errors; the plan cannot be used until they are fixed")
