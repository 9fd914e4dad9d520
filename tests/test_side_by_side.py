"""The slow writers laid out side by side give the same files as one after another."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from generator.errors import PlanError, Problem
from generator.rendering import side_by_side
from generator.rendering.side_by_side import run_all

ROOT = Path(__file__).resolve().parent.parent


def test_results_come_back_in_order_from_the_children():
    jobs = [lambda n=n: {f"file{n}": bytes([n]) * 100_000 + str(os.getpid()).encode()}
            for n in range(3)]
    results = run_all(jobs)
    assert [list(r) for r in results] == [["file0"], ["file1"], ["file2"]]
    pids = {r[f"file{n}"][100_000:] for n, r in enumerate(results)}
    assert len(pids) == (3 if side_by_side._may_fork() else 1)


def test_a_child_that_fails_is_run_again_here_so_its_own_error_is_raised():
    def broken():
        raise PlanError([Problem("plan.yaml", 3, 5, "tasks[0]", "the writer's own words")])

    with pytest.raises(PlanError) as caught:
        run_all([lambda: {"a": b"1"}, broken])
    assert caught.value.problems[0].message == "the writer's own words"


def test_when_the_first_job_fails_the_children_are_stopped(tmp_path):
    marker = tmp_path / "child-finished"

    def slow_child():
        import time

        time.sleep(30)
        marker.write_text("finished")
        return {}

    def failing():
        raise ValueError("first")

    with pytest.raises(ValueError, match="first"):
        run_all([failing, slow_child])
    assert not marker.exists()


def test_the_deal_room_pdf_and_brief_are_the_same_bytes_either_way(tmp_path):
    written = {}
    for setting in ("0", "1"):
        folder = tmp_path / setting
        done = subprocess.run(
            [sys.executable, "-m", "generator", "render", str(ROOT / "examples" / "enterprise.yaml"),
             "--to", "pdf,brief", "-o", str(folder), "--today", "2026-12-01"],
            capture_output=True, text=True, timeout=300,
            env={**os.environ, "DEALROOM_SIDE_BY_SIDE": setting})
        assert done.returncode == 0, done.stderr
        written[setting] = [(folder / "corvane-quillstone" / name).read_bytes()
                            for name in ("corvane-quillstone.pdf", "brief.pdf", "brief.html")]
    assert written["0"] == written["1"]
