"""The real round trip: a buyer edits the Word deal room in LibreOffice, the seller imports it.

LibreOffice is driven through UNO by Debian's own python3 (tests/libreoffice.py,
tests/libreoffice_buyer.py) as a buyer works: typing over cells, inserting and
deleting rows, commenting, with change recording on and then off, and saving
as .docx. Every edit must come back with its step, field, old and new value
and (when recorded) its author; ``--apply`` must change exactly those lines.
"""

from __future__ import annotations

import difflib
import json
import shutil
from pathlib import Path

import pytest

import libreoffice
from test_import import DEAL, ROOT, TODAY, dealroom

BUYER = "Lena Hoffmann"
EDITS = [
    {"op": "set_cell", "code": "S2", "column": "Due", "text": "7 Dec 2026"},
    {"op": "comment", "code": "S2", "column": "Due", "text": "CISO out until the 7th"},
    {"op": "set_cell", "code": "B4", "column": "Status", "text": "Done"},
    {"op": "set_cell", "code": "C4", "column": "Owner", "text": "Marcus Bell"},
    {"op": "add_row", "after": "S3", "cells": {"Step": "Pen test report shared with Corvane",
                                               "Owner": "Daniel Whitfield", "Due": "18 Dec 2026"}},
    {"op": "delete_row", "code": "C5"},
]


@pytest.fixture(scope="module")
def office():
    libreoffice.require()
    with libreoffice.LibreOffice() as running:
        yield running


@pytest.fixture
def deal(tmp_path) -> Path:
    shutil.copyfile(ROOT / "examples" / "enterprise.yaml", tmp_path / "plan.yaml")
    done = dealroom("publish", "plan.yaml", "--to", "docx", "--today", TODAY, cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    return tmp_path


@pytest.mark.parametrize("record", [True, False], ids=["recording", "not-recording"])
def test_a_buyers_edits_in_libreoffice_come_back_and_apply_exactly(office, deal, record):
    edited = deal / "edited-by-corvane.docx"
    office.edit(deal / "out" / DEAL / f"{DEAL}.docx", edited, EDITS, record=record, author=BUYER)
    done = dealroom("import", "plan.yaml", str(edited), "--json", "--today", TODAY, cwd=deal)
    assert done.returncode == 0, done.stderr
    edits = json.loads(done.stdout)["edits"]
    who = [BUYER] if record else []
    assert [(e["kind"], e["code"], e["field"], e["old"], e["new"], e["who"]) for e in edits] == [
        ("change", "B4", "status", "in_progress", "done", who),
        ("change", "S2", "due", "2026-11-30", "2026-12-07", who),
        ("new_step", None, None, None, "Pen test report shared with Corvane", who),
        ("change", "C4", "owner", ["ethan-cole"], ["marcus-bell"], who),
        ("removal", "C5", None, _title("vendor-onboarding"), None, who),
    ]
    assert edits[1]["reason"] == "CISO out until the 7th"
    assert edits[2]["proposal"]["owners"] == ["daniel-whitfield"]
    assert edits[2]["proposal"]["due"] == "2026-12-18"

    before = (deal / "plan.yaml").read_text()
    applied = dealroom("import", "plan.yaml", str(edited), "--apply", "--today", TODAY, cwd=deal)
    assert applied.returncode == 0, applied.stderr
    done_on = _tracked_day(edits[0]) if record else TODAY
    assert _diff(before, (deal / "plan.yaml").read_text()) == [
        "-    status: in_progress", "+    status: done", f"+    done_on: {done_on}",
        "-    due: 2026-11-30", "+    due: 2026-12-07",
        "-    owner: ethan-cole", "+    owner: marcus-bell",
        "+  # added in the buyer's Word document (made from version 1), imported 2026-12-01",
        "+  - id: pen-test-report-shared-with-corvane",
        "+    title: Pen test report shared with Corvane", "+    workstream: security",
        "+    owner: daniel-whitfield", "+    due: 2026-12-18"]
    again = dealroom("import", "plan.yaml", str(edited), "--apply", "--today", TODAY, cwd=deal)
    assert again.returncode == 0 and (deal / "plan.yaml").read_text() != before
    history = json.loads(dealroom("history", "plan.yaml", "--json", cwd=deal).stdout)
    assert [r["source"] for r in history["revisions"]] == ["publish", "import:docx"]
    assert history["revisions"][-1]["author"] == (BUYER if record else "Ethan Cole")


def _title(task_id: str) -> str:
    from generator.plan.loader import load_plan

    return load_plan(ROOT / "examples" / "enterprise.yaml").plan.task(task_id).title


def _tracked_day(edit: dict) -> str:
    return edit["when"][:10]


def _diff(before: str, after: str) -> list[str]:
    return [line for line in difflib.unified_diff(before.splitlines(), after.splitlines(),
                                                  lineterm="", n=0)
            if line[:1] in "+-" and not line.startswith(("+++", "---"))]
