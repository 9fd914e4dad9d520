"""``check`` reads the history store when the plan has one: MAP007 and MAP016 run."""

from __future__ import annotations

import json
import shutil

from test_command_warnings import ROOT, TODAY, dealroom


def findings_and_skipped(folder, *flags):
    done = dealroom("check", "plan.yaml", "--json", "--today", TODAY, *flags, cwd=folder)
    report = json.loads(done.stdout)["plans"][0]
    return done, {s["code"] for s in report["skipped_rules"]}


def test_after_a_publish_check_runs_the_rules_that_need_history(tmp_path):
    shutil.copyfile(ROOT / "examples" / "enterprise.yaml", tmp_path / "plan.yaml")
    _, skipped = findings_and_skipped(tmp_path)
    assert skipped == {"MAP007", "MAP016"}
    assert dealroom("publish", "plan.yaml", "--to", "html", "--today", TODAY, cwd=tmp_path).returncode == 0
    done, skipped = findings_and_skipped(tmp_path)
    assert skipped == set() and done.stderr == ""


def test_a_store_elsewhere_is_read_with_store(tmp_path):
    shutil.copyfile(ROOT / "examples" / "enterprise.yaml", tmp_path / "plan.yaml")
    assert dealroom("publish", "plan.yaml", "--to", "html", "--store", "elsewhere.sqlite3",
                    "--today", TODAY, cwd=tmp_path).returncode == 0
    assert findings_and_skipped(tmp_path)[1] == {"MAP007", "MAP016"}
    assert findings_and_skipped(tmp_path, "--store", "elsewhere.sqlite3")[1] == set()


def test_a_store_that_cannot_be_read_is_said_and_the_check_goes_on(tmp_path):
    shutil.copyfile(ROOT / "examples" / "enterprise.yaml", tmp_path / "plan.yaml")
    (tmp_path / ".dealroom").mkdir()
    (tmp_path / ".dealroom" / "history.sqlite3").write_text("not a database")
    done, skipped = findings_and_skipped(tmp_path)
    assert done.returncode == 0 and skipped == {"MAP007", "MAP016"}
    assert done.stderr.startswith("dealroom: warning: .dealroom/history.sqlite3")
    assert done.stderr.endswith("; checked without the history\n")
