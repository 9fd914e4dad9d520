"""`dealroom publish` and `dealroom history`: versions kept, slips recorded with reasons."""

from __future__ import annotations

import json
import os
import re
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
DAY = "2026-11-21"


def dealroom(*args: str, cwd: Path, **popen) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "generator", *args], cwd=cwd, capture_output=True,
                          text=True, env={**os.environ, "DEALROOM_AUTHOR": "Ethan Cole"}, **popen)


@pytest.fixture
def deal(tmp_path) -> Path:
    shutil.copy(ROOT / "examples" / "enterprise.yaml", tmp_path / "plan.yaml")
    return tmp_path


def move_two_committed_dates(plan: Path) -> None:
    text = plan.read_text(encoding="utf-8")
    text, moved = re.subn(r"(\n\s+due: )sec-questionnaire \+ 10bd\n", r"\1sec-questionnaire + 15bd\n", text, 1)
    text, also = re.subn(r"(\n\s+due: )2026-12-04\n", r"\g<1>2026-12-11\n", text, 1)
    assert moved == also == 1
    plan.write_text(text, encoding="utf-8")


def publish(deal: Path, *extra: str) -> subprocess.CompletedProcess:
    done = dealroom("publish", "plan.yaml", "--to", "html", "-o", "out", "--today", DAY, *extra, cwd=deal)
    assert done.returncode == 0, done.stderr
    assert "Traceback" not in done.stderr
    return done


def test_two_versions_with_two_slips_and_their_reasons(deal):
    publish(deal, "--note", "After the kickoff call")
    room = deal / "out" / "corvane-quillstone"
    first = (room / "v1" / "index.html").read_bytes()
    move_two_committed_dates(deal / "plan.yaml")
    done = publish(deal, "--note", "After the 21 Nov call", "--reason", "S3=CISO out until the 14th",
                   "--reason", "business-case=CFO moved the budget review a week")
    assert "published version 2 of corvane-quillstone" in done.stdout
    assert (room / "v1" / "index.html").read_bytes() == first           # v1 never rewritten
    assert (room / "v2" / "index.html").read_bytes() == (room / "index.html").read_bytes()
    history = dealroom("history", "plan.yaml", cwd=deal).stdout
    assert "moved 14 Dec → 21 Dec 2026, 7 days later: CISO out until the 14th" in history
    assert "moved 4 Dec → 11 Dec 2026, 7 days later: CFO moved the budget review a week" in history
    page = (room / "index.html").read_text(encoding="utf-8")
    assert '<span class="was">was 14 Dec 2026</span>' in page
    assert '<span class="was">was 4 Dec 2026</span>' in page
    assert "CISO out until the 14th" in page.split('id="history-heading"')[1]


def test_publishing_the_same_plan_twice_records_one_revision(deal):
    publish(deal)
    again = publish(deal)
    assert "nothing changed since version 1; nothing recorded" in again.stdout
    revisions = json.loads(dealroom("history", "plan.yaml", "--json", cwd=deal).stdout)["revisions"]
    assert [r["number"] for r in revisions] == [1]


def test_history_json_lists_revisions_and_slips(deal):
    publish(deal)
    move_two_committed_dates(deal / "plan.yaml")
    publish(deal, "--note", "Dates agreed on the call")
    report = json.loads(dealroom("history", "plan.yaml", "--json", cwd=deal).stdout)
    assert report["schema"] == "dealroom.history/1"
    assert [r["note"] for r in report["revisions"]] == [None, "Dates agreed on the call"]
    assert {task: slip["days"] for task, slip in report["slips"].items()} == \
        {"business-case": 7, "sec-review": 7}
    reasons = [m["reason"] for slip in report["slips"].values() for m in slip["moves"]]
    assert reasons == ["Dates agreed on the call", "Dates agreed on the call"]


def test_a_reason_for_a_task_that_does_not_exist_is_a_usage_error(deal):
    done = dealroom("publish", "plan.yaml", "--reason", "Z9=whatever", "-o", "out", cwd=deal)
    assert done.returncode == 2
    assert "no task has the code or id 'Z9'" in done.stderr
    assert not (deal / "out").exists() and not (deal / ".dealroom").exists()


def test_history_without_a_store_says_how_to_start_one(deal):
    done = dealroom("history", "plan.yaml", cwd=deal)
    assert done.returncode == 2
    assert "no history yet; record one with: dealroom publish plan.yaml" in done.stderr


def _variant(deal: Path, index: int) -> Path:
    folder = deal / f"copy{index}"
    folder.mkdir()
    text = (deal / "plan.yaml").read_text(encoding="utf-8")
    (folder / "plan.yaml").write_text(text.replace("    due: 2026-12-04", f"    due: 2026-12-{10 + index}", 1))
    return folder / "plan.yaml"


@pytest.mark.slow
def test_two_publishes_at_the_same_moment_both_land(deal):
    store = deal / "store.sqlite3"
    plans = [_variant(deal, i) for i in range(2)]
    runs = [subprocess.Popen([sys.executable, "-m", "generator", "publish", str(plan), "--to", "html",
                              "--store", str(store), "-o", str(deal / "out"), "--today", DAY],
                             cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE) for plan in plans]
    results = [run.communicate(timeout=120) + (run.returncode,) for run in runs]
    assert [code for _, _, code in results] == [0, 0], results
    with sqlite3.connect(store) as db:
        assert db.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        assert sorted(n for (n,) in db.execute("SELECT number FROM revisions")) == [1, 2]
    room = deal / "out" / "corvane-quillstone"
    assert (room / "v1" / "index.html").is_file() and (room / "v2" / "index.html").is_file()


@pytest.mark.slow
@pytest.mark.parametrize("after", [0.3, 0.8, 1.5, 2.5])
def test_a_publish_killed_midway_leaves_store_and_folder_whole(deal, after):
    publish(deal)
    move_two_committed_dates(deal / "plan.yaml")
    run = subprocess.Popen([sys.executable, "-m", "generator", "publish", "plan.yaml", "--to",
                            "html,pdf,brief", "-o", "out", "--today", DAY], cwd=deal,
                           stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    time.sleep(after)
    run.send_signal(signal.SIGKILL)
    run.wait()
    with sqlite3.connect(deal / ".dealroom" / "history.sqlite3") as db:
        assert db.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        numbers = sorted(n for (n,) in db.execute("SELECT number FROM revisions"))
    assert numbers in ([1], [1, 2])
    room = deal / "out" / "corvane-quillstone"
    assert sorted(p.name for p in room.iterdir() if p.name.startswith("v")) in (["v1"], ["v1", "v2"])
    if (room / "v2").exists():
        assert sorted(p.name for p in (room / "v2").iterdir()) == \
            ["brief.html", "brief.pdf", "corvane-quillstone.pdf", "index.html"]
    for pdf in room.glob("*.pdf"):
        assert pdf.read_bytes().rstrip().endswith(b"%%EOF")
    done = publish(deal, "--to", "html,pdf,brief")                    # and the next publish mends it
    assert (room / "v2" / "corvane-quillstone.pdf").is_file()
    assert not list(room.glob(".v*"))
    assert "version 2" in done.stdout


def test_publish_refuses_the_sellers_review(deal):
    done = dealroom("publish", "plan.yaml", "--to", "html,review", "-o", "out", cwd=deal)
    assert done.returncode == 2
    assert "--to review: publish writes what the buyer may see" in done.stderr
    assert not (deal / "out").exists() and not (deal / ".dealroom").exists()


def test_the_review_shows_slippage_by_gate_once_there_is_history(deal):
    publish(deal)
    move_two_committed_dates(deal / "plan.yaml")
    publish(deal, "--note", "Dates agreed on the call")
    done = dealroom("render", "plan.yaml", "--to", "review", "-o", "seller", "--today", DAY, cwd=deal)
    assert done.returncode == 0, done.stderr
    review = (deal / "seller" / "corvane-quillstone.seller" / "review.html").read_text(encoding="utf-8")
    assert "Slippage by gate" in review and "Security approval" in review and "+7 days" in review
    assert "MAP007 stale: needs the revision history" not in review


def test_at_a_terminal_publish_asks_why_each_committed_date_moved(deal, monkeypatch):
    from generator.commands.publish import run_publish

    publish(deal)
    move_two_committed_dates(deal / "plan.yaml")
    asked: list[str] = []
    monkeypatch.setattr(sys.stdin, "isatty", lambda: True)
    monkeypatch.setattr("builtins.input", lambda prompt: asked.append(prompt) or "Agreed on the call")
    run_publish(str(deal / "plan.yaml"), "html", None, "Ethan Cole", str(deal / "out"), None,
                ["S3=CISO out until the 14th"], DAY)
    assert asked == ["Tomas approves the business case in the FY27 software budget review (B4) moved "
                     "4 Dec → 11 Dec 2026, 7 days later. Why? "]
    history = dealroom("history", "plan.yaml", cwd=deal).stdout
    assert "7 days later: Agreed on the call" in history
    assert "7 days later: CISO out until the 14th" in history
