"""``import --apply`` and ``publish`` of one deal at the same time.

Both take the deal's store lock before recording, and each checks under the
lock that the plan file still holds the text it read. So whatever the order,
the revisions are numbered without gaps, the plan keeps the seller's and the
buyer's edits, and when both commands succeed the latest revision is the
plan as it now stands (a publish never records a plan read before the import
rewrote it). A publish that read the plan too early says so and records
nothing.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

from docx_edits import WordEdits
from test_import import DEAL, ROOT, TODAY, dealroom

ROUNDS = 5


def start(*args: str, cwd: Path) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "generator", *args], cwd=cwd, text=True,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            env={**os.environ, "DEALROOM_AUTHOR": "Ethan Cole"})


def one_race(folder: Path) -> tuple[int, int]:
    shutil.copyfile(ROOT / "examples" / "enterprise.yaml", folder / "plan.yaml")
    assert dealroom("publish", "plan.yaml", "--to", "docx", "--today", TODAY, cwd=folder).returncode == 0
    edited = WordEdits(folder / "out" / DEAL / f"{DEAL}.docx") \
        .set_cell("S2", "Due", "7 Dec 2026", "Lena Hoffmann").save(folder / "edited.docx")
    plan = folder / "plan.yaml"
    plan.write_text(plan.read_text().replace("due: 2026-12-04", "due: 2026-12-09", 1))
    imported = start("import", "plan.yaml", "edited.docx", "--apply", "--today", TODAY, cwd=folder)
    published = start("publish", "plan.yaml", "--to", "html", "--today", TODAY, cwd=folder)
    results = [(p.wait(timeout=300), *p.communicate()) for p in (imported, published)]
    for status, _, stderr in results:
        assert "Traceback" not in stderr
    (import_status, _, import_err), (publish_status, _, publish_err) = results
    assert import_status == 0 or import_err == (
        "dealroom: plan changed: plan.yaml has changes of your own not yet published (after "
        "version 1); nothing was written: publish them first (dealroom publish plan.yaml), so "
        "that the history does not record them as the buyer's, then import again\n"), import_err
    if import_status:  # the import came first: once the seller's change is published, it goes in
        assert dealroom("import", "plan.yaml", "edited.docx", "--apply", "--today", TODAY,
                        cwd=folder).returncode == 0
    assert publish_status == 0 or publish_err == (
        "dealroom: plan changed: plan.yaml changed while it was being published; nothing was "
        "written: run the command again\n"), publish_err
    text = plan.read_text()
    assert "due: 2026-12-07" in text and "due: 2026-12-09" in text
    numbers = [r["number"] for r in json.loads(
        dealroom("history", "plan.yaml", "--json", cwd=folder).stdout)["revisions"]]
    assert numbers == list(range(1, len(numbers) + 1))
    again = dealroom("publish", "plan.yaml", "--to", "html", "--today", TODAY, cwd=folder)
    if publish_status == 0:
        assert again.stdout.startswith("nothing changed since version"), again.stdout
    return import_status, publish_status


def test_import_and_publish_at_once_never_record_a_stale_plan(tmp_path):
    outcomes = [one_race(tmp_path / f"round{n}") for n in range(ROUNDS)
                if (tmp_path / f"round{n}").mkdir() is None]
    assert len(outcomes) == ROUNDS


def hold_store_lock(folder: Path):
    """The deal's store lock, held by the test as a running import would hold it."""
    import fcntl

    from generator.publishing.lock import store_lock_file

    lock = store_lock_file(folder / ".dealroom" / "history.sqlite3", DEAL)
    lock.parent.mkdir(parents=True, exist_ok=True)
    handle = os.open(lock, os.O_RDWR | os.O_CREAT, 0o644)
    fcntl.flock(handle, fcntl.LOCK_EX)
    return handle


def test_a_publish_waiting_while_an_import_rewrites_the_plan_records_nothing(tmp_path):
    shutil.copyfile(ROOT / "examples" / "enterprise.yaml", tmp_path / "plan.yaml")
    assert dealroom("publish", "plan.yaml", "--to", "html", "--today", TODAY, cwd=tmp_path).returncode == 0
    plan = tmp_path / "plan.yaml"
    plan.write_text(plan.read_text().replace("due: 2026-12-04", "due: 2026-12-09", 1))
    handle = hold_store_lock(tmp_path)
    try:
        waiting = start("publish", "plan.yaml", "--to", "html", "--today", TODAY, cwd=tmp_path)
        assert waiting.stderr.readline().startswith("dealroom: waiting for another publish of")
        plan.write_text(plan.read_text().replace("due: 2026-11-30", "due: 2026-12-07", 1))
    finally:
        os.close(handle)
    status, _, stderr = waiting.wait(timeout=300), *waiting.communicate()
    assert (status, stderr) == (1, "dealroom: plan changed: plan.yaml changed while it was being "
                                   "published; nothing was written: run the command again\n")
    history = json.loads(dealroom("history", "plan.yaml", "--json", cwd=tmp_path).stdout)
    assert [r["number"] for r in history["revisions"]] == [1]
