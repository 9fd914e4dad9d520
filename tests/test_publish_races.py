"""Many publishes of one deal at once, and publishes killed at random moments.

Every publish that is not killed exits 0; every recorded revision ends up
with its ``v<N>/`` holding exactly the files of the formats it was published
with; the current files are those of the highest version; nothing half-written
is left; the history says which versions lack their files until a publish
writes them.
"""

from __future__ import annotations

import json
import os
import random
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from generator.history.location import is_url
from postgres import execute

ROOT = Path(__file__).resolve().parent.parent
DAY = "2026-11-21"
DEAL = "corvane-quillstone"
FILES = {"html": ("index.html",), "pdf": (f"{DEAL}.pdf",), "brief": ("brief.pdf", "brief.html")}


class DealFolder(type(Path())):
    """The test's folder, which knows the store its publishes share (``--store``)."""

    store: str = ""


@pytest.fixture
def deal(tmp_path, store_location) -> Path:
    """A folder with the enterprise plan, publishing into a SQLite file, then a PostgreSQL database."""
    shutil.copy(ROOT / "examples" / "enterprise.yaml", tmp_path / "plan.yaml")
    folder = DealFolder(tmp_path)
    folder.store = str(tmp_path / "store.sqlite3") if isinstance(store_location, Path) \
        else store_location
    return folder


def variant(deal: Path, index: int) -> Path:
    """The plan with one date moved by ``index`` days: distinct content per index."""
    folder = deal / f"plan{index}"
    folder.mkdir()
    text = (deal / "plan.yaml").read_text(encoding="utf-8")
    day = f"2027-01-{1 + index % 28:02d}" if index < 28 else f"2027-02-{1 + index % 28:02d}"
    (folder / "plan.yaml").write_text(text.replace("    due: 2026-12-04\n", f"    due: {day}\n", 1),
                                      encoding="utf-8")
    return folder / "plan.yaml"


def start(deal: Path, plan: Path, formats: str, slowed: bool = False) -> subprocess.Popen:
    """A real publish; ``slowed`` pauses it after recording and after each file it writes."""
    command = [str(ROOT / "tests" / "publish_worker.py")] if slowed else ["-m", "generator", "publish"]
    return subprocess.Popen(
        [sys.executable, *command, str(plan), "--to", formats,
         "--store", deal.store, "-o", str(deal / "out"), "--today", DAY],
        cwd=deal, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        env={**os.environ, "DEALROOM_AUTHOR": "Ethan Cole"})


def finish(run: subprocess.Popen) -> tuple[int, str]:
    _, err = run.communicate(timeout=600)
    return run.returncode, err


def stored(deal: Path) -> list[tuple[int, list[str]]]:
    """(number, formats) of every revision, and the store checked whole."""
    if not is_url(deal.store):
        with sqlite3.connect(deal.store) as db:
            assert db.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    rows = execute(Path(deal.store) if not is_url(deal.store) else deal.store,
                   "SELECT number, published_json FROM revisions ORDER BY number")
    return [(number, json.loads(published)["formats"]) for number, published in rows]


def expected_files(formats: list[str]) -> set[str]:
    return {name for name in formats for name in FILES[name]}


def assert_folder_complete(deal: Path, why: str = "") -> None:
    room = deal / "out" / DEAL
    revisions = stored(deal)
    assert [n for n, _ in revisions] == list(range(1, len(revisions) + 1)), why
    for number, formats in revisions:
        version = room / f"v{number}"
        assert version.is_dir(), f"v{number}/ missing {why}"
        assert {p.name for p in version.iterdir()} == expected_files(formats), f"v{number} {why}"
    newest = room / f"v{revisions[-1][0]}"
    current = {p.name for p in room.iterdir() if p.is_file()}
    assert current == {p.name for p in newest.iterdir()}, why
    for name in current:
        assert (room / name).read_bytes() == (newest / name).read_bytes(), f"{name} {why}"
    left = [p.name for p in room.iterdir() if p.name.startswith(".")]
    assert left == [], why


@pytest.mark.slow
def test_eight_publishes_at_once_for_three_rounds_all_land_in_order(deal):
    index = 0
    for round_number in range(3):
        runs = []
        for _ in range(8):
            formats = "html,brief" if index % 3 == 0 else "html"
            runs.append(start(deal, variant(deal, index), formats))
            index += 1
        results = [finish(run) for run in runs]
        assert [code for code, _ in results] == [0] * 8, results
        assert not any("Traceback" in err for _, err in results)
        assert_folder_complete(deal, f"after round {round_number + 1}")
    assert len(stored(deal)) == 24


def history_says_missing(deal: Path, plan: Path) -> list[int]:
    done = subprocess.run([sys.executable, "-m", "generator", "history", str(plan), "--store",
                           deal.store, "--json"], capture_output=True, text=True,
                          timeout=120)
    assert done.returncode == 0, done.stderr
    return [r["number"] for r in json.loads(done.stdout)["revisions"] if r["files_missing"]]


@pytest.mark.slow
def test_publishes_killed_at_random_moments_are_finished_by_the_next_publish(deal):
    seed = int(os.environ.get("DEALROOM_KILL_SEED", time.time_ns() % 100000))
    chance = random.Random(seed)
    why = f"(seed {seed}; rerun with DEALROOM_KILL_SEED={seed})"
    assert finish(start(deal, variant(deal, 0), "html"))[0] == 0
    for index in range(1, 11):
        formats = chance.choice(["html", "html,pdf,brief", "html,brief"])
        victim = start(deal, variant(deal, index), formats, slowed=True)
        bystander = start(deal, variant(deal, 100 + index), "html") if index % 3 == 0 else None
        time.sleep(chance.uniform(0.05, 5.0))
        victim.send_signal(signal.SIGKILL)
        victim.communicate(timeout=60)
        if bystander is not None:
            code, err = finish(bystander)
            assert code == 0 and "Traceback" not in err, (err, why)
    room = deal / "out" / DEAL
    absent = [n for n, _ in stored(deal) if not (room / f"v{n}").is_dir()]
    assert history_says_missing(deal, variant(deal, 200)) == absent, why

    code, err = finish(start(deal, variant(deal, 300), "html"))
    assert code == 0 and "Traceback" not in err, (err, why)
    assert_folder_complete(deal, why)
    assert history_says_missing(deal, deal / "plan300" / "plan.yaml") == [], why
