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
from generator.plan.loader import load_plan

ROOT = Path(__file__).resolve().parent.parent
TODAY = "2026-12-01"
DEAL = "corvane-quillstone"
BUYER = "Lena Hoffmann"
EXAMPLE = load_plan(ROOT / "examples" / "enterprise.yaml").plan


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
        ("change", "S3", "if_missed", EXAMPLE.task("sec-review").if_missed, "Go-live slips a month"),
        ("change", "C1", "title", EXAMPLE.task("msa-draft").title, "Nora sends the MSA redline-ready"),
        ("change", "C4", "owner", ["ethan-cole"], ["marcus-bell"]),
    ]
    expected_who = [BUYER] if author else []
    assert all(e["who"] == expected_who for e in data["edits"])
    assert all((e["when"] is not None) == bool(author) for e in data["edits"])


@pytest.mark.parametrize("author", [BUYER, None], ids=["tracked", "untracked"])
def test_a_new_row_is_a_proposed_step_in_its_tables_workstream(deal, author):
    docx = edited(deal, lambda w: w.add_row("S3", {"Step": "Pen test report shared", "Owner":
                                                   "Daniel Whitfield", "Due": "18 Dec 2026"}, author))
    (edit,) = as_json(deal, docx)["edits"]
    assert (edit["kind"], edit["merge"], edit["workstream"], edit["who"]) == (
        "new_step", "take", "security", [BUYER] if author else [])
    assert edit["proposal"] == {"title": "Pen test report shared", "workstream": "security",
                                "if_missed": None, "owners": ["daniel-whitfield"],
                                "due": "2026-12-18", "status": "not_started"}


@pytest.mark.parametrize("author", [BUYER, None], ids=["tracked", "untracked"])
def test_a_deleted_row_is_a_proposed_removal_that_apply_never_makes(deal, author):
    docx = edited(deal, lambda w: w.delete_row("C5", author))
    before = (deal / "plan.yaml").read_text()
    data = as_json(deal, docx, "--apply")
    assert [(e["kind"], e["merge"], e["code"], e["who"]) for e in data["edits"]] == [
        ("removal", "left", "C5", [BUYER] if author else [])]
    assert (deal / "plan.yaml").read_text() == before and data["recorded_version"] is None
    text = imported(deal, docx).stdout
    assert "Steps the buyer deleted (not removed: delete them from the plan yourself if you " \
           "agree) (1):\n  C5  Marcus opens" in text


def test_a_comment_is_the_reason_for_its_rows_moved_date_or_else_a_note(deal):
    docx = edited(deal, lambda w: w.set_cell("S2", "Due", "7 Dec 2026", BUYER),
                  lambda w: w.comment("S2", "Due", "CISO out until the 7th", BUYER),
                  lambda w: w.comment("C3", "Step", "Our GC joins from the 10th", "Helen Marsh"))
    edits = as_json(deal, docx)["edits"]
    assert [(e["kind"], e["code"], e["reason"], e["new"], e["who"]) for e in edits] == [
        ("change", "S2", "CISO out until the 7th", "2026-12-07", [BUYER]),
        ("note", "C3", None, "Our GC joins from the 10th", ["Helen Marsh"])]


def test_what_cannot_be_read_without_guessing_is_a_question_never_applied(deal):
    docx = edited(deal, lambda w: w.set_cell("S2", "Due", "next week"),
                  lambda w: w.set_cell("B4", "Status", "sort of"),
                  lambda w: w.set_cell("C4", "Owner", ""))
    before = (deal / "plan.yaml").read_text()
    data = as_json(deal, docx, "--apply")
    assert [(e["kind"], e["code"], e["question"]) for e in data["edits"]] == [
        ("question", "B4", 'B4 status: "sort of" is not a status: write one of Done, Complete, '
         'Completed, Finished, Signed, ✓, ✔, Yes (done); In progress, Started, Ongoing, Underway, '
         'WIP (in progress); Blocked, On hold, Stuck, Waiting (blocked); Not started, To do, '
         'Todo, Open, Planned, Not yet (not started)'),
        ("question", "S2", 'S2 due: "next week" is not a date: write it as 30 Nov 2026'),
        ("question", "C4", "C4: the owner was deleted; a step needs a named owner, so it was kept"),
    ]
    assert (deal / "plan.yaml").read_text() == before


def test_apply_changes_exactly_the_edited_lines_and_records_the_buyer_as_author(deal):
    docx = edited(deal, lambda w: w.set_cell("S2", "Due", "7 Dec 2026", BUYER),
                  lambda w: w.comment("S2", "Due", "CISO out until the 7th", BUYER),
                  lambda w: w.set_cell("B4", "Status", "Done", "Tomas Lindqvist"),
                  lambda w: w.set_cell("C4", "Owner", "Marcus Bell", BUYER),
                  lambda w: w.add_row("S3", {"Step": "Pen test report shared", "Owner":
                                             "Sam Okoye", "Due": "18 Dec 2026"}, BUYER))
    before = (deal / "plan.yaml").read_text()
    done = imported(deal, docx, "--apply")
    assert done.returncode == 0, done.stderr
    assert plan_diff(deal, before) == [
        "+  # named as an owner in the buyer's Word document (made from version 1), imported 2026-12-01",
        "+  - id: sam-okoye", "+    name: Sam Okoye", "+    side: buyer", "+    role: other",
        "-    status: in_progress", "+    status: done", "+    done_on: 2026-12-03",
        "-    due: 2026-11-30", "+    due: 2026-12-07",
        "-    owner: ethan-cole", "+    owner: marcus-bell",
        "+  # added in the buyer's Word document (made from version 1), imported 2026-12-01",
        "+  - id: pen-test-report-shared", "+    title: Pen test report shared",
        "+    workstream: security", "+    owner: sam-okoye", "+    due: 2026-12-18"]
    backups = list((deal / ".dealroom" / "backups").iterdir())
    assert [b.read_text() for b in backups] == [before]
    assert done.stdout.splitlines()[-1].endswith("recorded version 2 (import:docx)")
    history = json.loads(dealroom("history", "plan.yaml", "--json", cwd=deal).stdout)
    latest = history["revisions"][-1]
    assert (latest["number"], latest["source"], latest["author"]) == (
        2, "import:docx", f"Tomas Lindqvist, {BUYER}")
    reasons = {c["subject"]: c.get("reason") for c in latest["changes"] if c["kind"] == "date_moved"}
    assert reasons == {"sec-questionnaire": "CISO out until the 7th",
                       "sec-review": "follows S2, which the buyer's document moved"}


def test_importing_the_same_document_twice_changes_nothing_the_second_time(deal):
    docx = edited(deal, lambda w: w.set_cell("S2", "Due", "7 Dec 2026", BUYER),
                  lambda w: w.add_row("S3", {"Step": "Pen test report shared", "Owner":
                                             "Daniel Whitfield"}, BUYER))
    assert imported(deal, docx, "--apply").returncode == 0
    after_first = (deal / "plan.yaml").read_text()
    data = as_json(deal, docx, "--apply")
    assert [e["merge"] for e in data["edits"]] == ["already", "already"]
    assert (data["applied"], data["recorded_version"]) == (False, None)
    assert (deal / "plan.yaml").read_text() == after_first


def test_a_buyers_date_replaces_a_relative_one_and_the_steps_after_it_move(deal):
    docx = edited(deal, lambda w: w.set_cell("S2", "Due", "7 Dec 2026", BUYER),
                  lambda w: w.set_cell("C2", "Due", "6 Jan 2027", BUYER))
    text = imported(deal, docx).stdout
    assert "What else moves:\n  S3 moves with it: 14 Dec 2026 → 21 Dec 2026\n" in text
    assert ("Relative dates replaced:\n  C2 was due 'msa-draft + 10bd'; it is now the buyer's "
            "date, 6 Jan 2027\n") in text
    before = (deal / "plan.yaml").read_text()
    assert imported(deal, docx, "--apply").returncode == 0
    assert "-    due: msa-draft + 10bd" in plan_diff(deal, before)
    assert "+    due: 2027-01-06" in plan_diff(deal, before)


# -- the merge with the seller's changes ---------------------------------------------

def seller_moves_s2(deal: Path, day: str, publish: bool = True) -> None:
    """The seller moves S2 in the plan since the document was made, and publishes it."""
    plan = deal / "plan.yaml"
    text = plan.read_text()
    assert text.count("due: 2026-11-30") == 1
    plan.write_text(text.replace("due: 2026-11-30", f"due: {day}"))
    if publish:  # elsewhere, so that the buyer's document stays where it was sent from
        assert dealroom("publish", "plan.yaml", "--to", "html", "-o", "seller-out", "--today",
                        TODAY, cwd=deal).returncode == 0


def test_the_same_field_changed_on_both_sides_is_a_conflict_and_nothing_is_written(deal):
    docx = edited(deal, lambda w: w.set_cell("S2", "Due", "7 Dec 2026", BUYER),
                  lambda w: w.set_cell("B4", "Status", "Done", BUYER))
    seller_moves_s2(deal, "2026-12-10")
    before = (deal / "plan.yaml").read_text()
    done = imported(deal, docx, "--apply")
    assert done.returncode == 3
    assert done.stderr == ("dealroom: conflict: 1 change made on both sides; nothing was written: "
                           "decide with --prefer buyer|seller or per change, e.g. "
                           "--take S2.due=buyer\n")
    assert ("Changed on both sides (1):\n  S2.due  was 30 Nov 2026; buyer 7 Dec 2026 "
            f"({BUYER}, 3 Dec 2026 10:15 UTC); seller 10 Dec 2026  → undecided") in done.stdout
    assert (deal / "plan.yaml").read_text() == before
    assert not (deal / ".dealroom" / "backups").exists()
    history = json.loads(dealroom("history", "plan.yaml", "--json", cwd=deal).stdout)
    assert len(history["revisions"]) == 2


def test_apply_waits_for_the_sellers_own_changes_to_be_published(deal):
    """Else the history would record the seller's unpublished move as the buyer's."""
    docx = edited(deal, lambda w: w.set_cell("B4", "Status", "Done", BUYER))
    seller_moves_s2(deal, "2026-12-10", publish=False)
    before = (deal / "plan.yaml").read_text()
    done = imported(deal, docx, "--apply")
    assert (done.returncode, done.stderr) == (1, (
        "dealroom: plan changed: plan.yaml has changes of your own not yet published (after "
        "version 1); nothing was written: publish them first (dealroom publish plan.yaml), so "
        "that the history does not record them as the buyer's, then import again\n"))
    assert (deal / "plan.yaml").read_text() == before
    assert imported(deal, docx).returncode == 0  # the change set can still be read
    assert dealroom("publish", "plan.yaml", "--to", "html", "-o", "seller-out", "--today", TODAY,
                    cwd=deal).returncode == 0
    assert imported(deal, docx, "--apply").returncode == 0
    history = json.loads(dealroom("history", "plan.yaml", "--json", cwd=deal).stdout)
    assert [(r["source"], r["author"]) for r in history["revisions"]] == [
        ("publish", "Ethan Cole"), ("publish", "Ethan Cole"), ("import:docx", BUYER)]


@pytest.mark.parametrize("flags, due", [
    (("--prefer", "buyer"), "2026-12-07"), (("--prefer", "seller"), "2026-12-10"),
    (("--prefer", "seller", "--take", "S2.due=buyer"), "2026-12-07"),
    (("--take", "s2.due=seller"), "2026-12-10")])
def test_a_conflict_is_decided_by_prefer_or_per_change(deal, flags, due):
    docx = edited(deal, lambda w: w.set_cell("S2", "Due", "7 Dec 2026", BUYER),
                  lambda w: w.set_cell("B4", "Status", "Done", BUYER))
    seller_moves_s2(deal, "2026-12-10")
    done = imported(deal, docx, "--apply", *flags)
    assert done.returncode == 0, done.stderr
    text = (deal / "plan.yaml").read_text()
    assert f"due: {due}" in text and "status: done" in text


def test_a_bad_decision_is_a_usage_error(deal):
    done = imported(deal, document(deal), "--take", "S2=buyer")
    assert (done.returncode, done.stderr.splitlines()[-1]) == (2, (
        "dealroom: usage error: --take 'S2=buyer': write it as CODE.FIELD=buyer or "
        "CODE.FIELD=seller, e.g. --take S2.due=buyer").replace("S2.due", "S3.due"))


def test_a_date_that_pushes_the_signature_step_past_the_target_says_so(deal):
    docx = edited(deal, lambda w: w.set_cell("A2", "Due", "3 Feb 2027", "Tomas Lindqvist"))
    assert as_json(deal, docx)["consequences"] == [
        "A1 moves with it: 12 Jan 2027 → 26 Jan 2027",
        "A3 moves with it: 25 Jan 2027 → 8 Feb 2027",
        "A3 (signature) is now due 8 Feb 2027, after the target signature date, 25 Jan 2027"]


def test_control_characters_a_buyer_pasted_become_spaces(deal):
    docx = edited(deal, lambda w: w.set_cell("C1", "Step", "Nora\x85sends\x9fthe MSA", BUYER))
    (edit,) = as_json(deal, docx, "--apply")["edits"]
    assert (edit["new"], edit["merge"]) == ("Nora sends the MSA", "take")
    assert "    title: Nora sends the MSA\n" in (deal / "plan.yaml").read_text()


def test_the_report_is_a_table_of_code_step_field_change_who_when_and_why(deal):
    docx = edited(deal, lambda w: w.set_cell("S2", "Due", "7 Dec 2026", BUYER),
                  lambda w: w.comment("S2", "Due", "CISO out until the 7th", BUYER),
                  lambda w: w.set_cell("B4", "Status", "Done", BUYER),
                  lambda w: w.set_cell("C2", "Due", "mid January"),
                  lambda w: w.delete_row("C5", BUYER))
    assert imported(deal, docx).stdout.splitlines()[1:] == [
        "",
        "Changes by the buyer (2):",
        "  B4  Tomas approves the business case in the…  status  In progress → Done  "
        "(Lena Hoffmann, 3 Dec 2026 10:15 UTC)",
        "  S2  Quillstone returns the security questio…  due     30 Nov 2026 → 7 Dec 2026  "
        "(Lena Hoffmann, 3 Dec 2026 10:15 UTC)  why: CISO out until the 7th",
        "",
        "Steps the buyer deleted (not removed: delete them from the plan yourself if you agree) (1):",
        "  C5  Marcus opens the Quillstone supplier re…    row deleted  "
        "(Lena Hoffmann, 3 Dec 2026 10:15 UTC)",
        "",
        "Questions (not applied) (1):",
        "  C2  Helen returns first-round redlines on t…  due  \"mid January\" is not a date: write "
        "it as 16 Dec 2026  (not tracked)",
        "",
        "What else moves:",
        "  S3 moves with it: 14 Dec 2026 → 21 Dec 2026",
        "",
        "nothing written: run again with --apply to merge 2 edits"]
