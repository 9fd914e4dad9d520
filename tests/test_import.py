"""``dealroom import``: the buyer's edits read back from the Word deal room and merged.

Each test starts from the enterprise example published once (version 1, with
its .docx), edits the document as Word writes edits (tests/docx_edits.py),
and runs the command as a seller would.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import jsonschema
import pytest

from docx_edits import WordEdits

ROOT = Path(__file__).resolve().parent.parent
TODAY = "2026-12-01"
DEAL = "corvane-quillstone"
BUYER = "Lena Hoffmann"


def dealroom(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    done = subprocess.run([sys.executable, "-m", "generator", *args], cwd=cwd, capture_output=True,
                          text=True, timeout=300,
                          env={**__import__("os").environ, "DEALROOM_AUTHOR": "Ethan Cole"})
    assert "Traceback" not in done.stderr, done.stderr
    return done


@pytest.fixture(scope="module")
def published_once(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("published")
    shutil.copyfile(ROOT / "examples" / "enterprise.yaml", folder / "plan.yaml")
    done = dealroom("publish", "plan.yaml", "--to", "docx", "--today", TODAY, cwd=folder)
    assert done.returncode == 0, done.stderr
    return folder


@pytest.fixture
def deal(published_once, tmp_path) -> Path:
    """A copy of the published deal: plan.yaml, its store, and out/<deal>/<deal>.docx."""
    folder = tmp_path / "deal"
    shutil.copytree(published_once, folder)
    return folder


def document(deal: Path) -> Path:
    return deal / "out" / DEAL / f"{DEAL}.docx"


def edited(deal: Path, *edits, name="edited.docx") -> Path:
    word = WordEdits(document(deal))
    for edit in edits:
        edit(word)
    return word.save(deal / name)


def imported(deal: Path, docx: Path, *flags: str) -> subprocess.CompletedProcess:
    return dealroom("import", "plan.yaml", str(docx), "--today", TODAY, *flags, cwd=deal)


def as_json(deal: Path, docx: Path, *flags: str) -> dict:
    done = imported(deal, docx, "--json", *flags)
    data = json.loads(done.stdout)
    schema = json.loads((ROOT / "docs" / "import.schema.json").read_text())
    jsonschema.validate(data, schema)
    return data


def changes_of(data: dict) -> list[tuple]:
    return [(e["kind"], e["code"], e["field"], e["old"], e["new"]) for e in data["edits"]]


def plan_diff(deal: Path, before: str) -> list[str]:
    import difflib

    after = (deal / "plan.yaml").read_text()
    return [line for line in difflib.unified_diff(before.splitlines(), after.splitlines(),
                                                  lineterm="", n=0)
            if line[:1] in "+-" and not line.startswith(("+++", "---"))]


# -- what is found ------------------------------------------------------------------

def test_an_unedited_document_has_no_edits(deal):
    done = imported(deal, document(deal))
    assert done.returncode == 0
    assert done.stdout.splitlines()[-1] == "no edits: the document reads as version 1 was published"


@pytest.mark.parametrize("author", [BUYER, None], ids=["tracked", "untracked"])
def test_every_kind_of_cell_edit_is_found_with_or_without_track_changes(deal, author):
    docx = edited(deal,
                  lambda w: w.set_cell("S2", "Due", "7 Dec 2026", author),
                  lambda w: w.set_cell("B4", "Status", "Done", author),
                  lambda w: w.set_cell("C4", "Owner", "Marcus Bell", author),
                  lambda w: w.set_cell("C1", "Step", "Nora sends the MSA redline-ready", author),
                  lambda w: w.set_cell("S3", "If it is missed", "Go-live slips a month", author))
    data = as_json(deal, docx)
    assert changes_of(data) == [
        ("change", "B4", "status", "in_progress", "done"),
        ("change", "S2", "due", "2026-11-30", "2026-12-07"),
        ("change", "S3", "if_missed", None, "Go-live slips a month"),
        ("change", "C1", "title",
         "Quillstone sends its MSA and order form for Corvane legal review", 
         "Nora sends the MSA redline-ready"),
        ("change", "C4", "owner", ["ethan-cole"], ["marcus-bell"]),
    ]
    expected_who = [BUYER] if author else []
    assert all(e["who"] == expected_who for e in data["edits"])
    assert all((e["when"] is not None) == bool(author) for e in data["edits"])
