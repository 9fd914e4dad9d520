"""``dealroom import``: cases a review found broken, each kept as a specification.

Like tests/test_import.py, each test starts from the enterprise example
published once (version 1, with its .docx), edits the document as Word writes
edits, and runs the command as a seller would.
"""

from __future__ import annotations

import json
import os
import stat
from pathlib import Path

import pytest

from test_import import (BUYER, TODAY, as_json, deal, dealroom, edited, imported,  # noqa: F401
                         plan_diff, published_once)


def history(deal: Path) -> list[dict]:
    return json.loads(dealroom("history", "plan.yaml", "--json", cwd=deal).stdout)["revisions"]


# -- edits that made the merged plan invalid ------------------------------------------

def test_done_with_a_day_in_the_due_cell_of_an_open_step_writes_done_on_once(deal):
    docx = edited(deal, lambda w: w.set_cell("S2", "Due", "Done 3 Dec 2026", BUYER))
    before = (deal / "plan.yaml").read_text()
    done = imported(deal, docx, "--apply")
    assert done.returncode == 0, done.stderr
    assert plan_diff(deal, before) == ["-    status: in_progress", "+    status: done",
                                       "+    done_on: 2026-12-03"]


def test_two_new_steps_with_the_same_text_get_two_ids(deal):
    row = {"Step": "Kickoff call", "Owner": "Priya Raman"}
    docx = edited(deal, lambda w: w.add_row("S3", row, BUYER), lambda w: w.add_row("C4", row, BUYER))
    before = (deal / "plan.yaml").read_text()
    done = imported(deal, docx, "--apply")
    assert done.returncode == 0, done.stderr
    added = [line for line in plan_diff(deal, before) if "id: " in line]
    assert sorted(added) == ["+  - id: kickoff-call", "+  - id: kickoff-call-2"]


def test_a_new_step_called_signature_does_not_take_the_anchors_id(deal):
    docx = edited(deal, lambda w: w.add_row("S3", {"Step": "Signature", "Owner": "Priya Raman",
                                                   "Due": "1 Feb 2027"}, BUYER))
    before = (deal / "plan.yaml").read_text()
    done = imported(deal, docx, "--apply")
    assert done.returncode == 0, done.stderr
    assert "+  - id: signature-2" in plan_diff(deal, before)


def test_a_new_person_with_a_long_name_gets_an_id_the_plan_accepts(deal):
    name = "Maximiliana Alexandra Christophine Montgomery-Worthington of Corvane Freight"
    docx = edited(deal, lambda w: w.set_cell("C4", "Owner", name, BUYER))
    before = (deal / "plan.yaml").read_text()
    done = imported(deal, docx, "--apply")
    assert done.returncode == 0, done.stderr
    assert "+  - id: maximiliana-alexandra-christophine-montgomery-wo" in plan_diff(deal, before)


@pytest.mark.parametrize("owners, question", [
    ("Priya Raman and Tomas Lindqvist", "S2 owner: Priya Raman and Tomas Lindqvist are both on "
     "the buyer side; a step has one owner, or two for a shared step, one on each side: ask who "
     "owns it"),
    ("Priya Raman, Ethan Cole and Tomas Lindqvist", "S2 owner: Priya Raman, Ethan Cole and Tomas "
     "Lindqvist are 3 people; a step has one owner, or two for a shared step, one on each "
     "side: ask who owns it")])
def test_owners_a_plan_cannot_hold_are_a_question_and_the_other_edits_still_merge(
        deal, owners, question):
    docx = edited(deal, lambda w: w.set_cell("S2", "Owner", owners, BUYER),
                  lambda w: w.set_cell("B4", "Status", "Done", BUYER))
    data = as_json(deal, docx, "--apply")
    assert [(e["kind"], e["code"], e["merge"], e["question"]) for e in data["edits"]] == [
        ("change", "B4", "take", None), ("question", "S2", "left", question)]
    assert data["applied"]


def test_a_shared_step_named_for_one_person_on_each_side_is_taken(deal):
    docx = edited(deal, lambda w: w.set_cell("S2", "Owner", "Priya Raman and Ethan Cole", BUYER))
    before = (deal / "plan.yaml").read_text()
    assert imported(deal, docx, "--apply").returncode == 0
    assert plan_diff(deal, before) == ["-    owner: lena-hoffmann",
                                       "+    owners: [priya-raman, ethan-cole]"]


def test_an_invalid_merged_plan_says_what_is_wrong(deal):
    import datetime as dt

    from generator.errors import DocumentError
    from generator.importing.edits import BuyerEdit
    from generator.importing.merged_plan import merged_plan
    from generator.plan.loader import load_plan

    loaded = load_plan(deal / "plan.yaml")
    finished = BuyerEdit(kind="change", code="S2", task_id="sec-questionnaire", field="status",
                         new="finished")
    with pytest.raises(DocumentError) as raised:
        merged_plan(loaded, (finished,), 1, dt.date(2026, 12, 1))
    assert str(raised.value).splitlines()[1:] == [
        "  tasks[8].status: unknown status 'finished'; allowed: not_started, in_progress, done, "
        "blocked"]


# -- importing twice ----------------------------------------------------------------

def test_a_new_person_named_as_owner_imports_twice_without_a_conflict(deal):
    docx = edited(deal, lambda w: w.set_cell("C4", "Owner", "Sam Okoye", BUYER))
    assert imported(deal, docx, "--apply").returncode == 0
    after_first = (deal / "plan.yaml").read_text()
    data = as_json(deal, docx, "--apply")
    assert [(e["code"], e["merge"]) for e in data["edits"]] == [("C4", "already")]
    assert (data["undecided"], data["applied"]) == (0, False)
    assert (deal / "plan.yaml").read_text() == after_first


def test_an_edit_that_would_change_another_step_too_is_refused():
    from generator.errors import DocumentError
    from generator.importing.edits import BuyerEdit
    from generator.importing.merged_plan import _check_landed
    from generator.plan.loader import read_plan

    from test_plan_edits import PLAN

    moved = BuyerEdit(kind="change", code="S2", task_id="review", field="due", new="2027-02-03")
    before = read_plan(PLAN, "plan.yaml").plan
    landed = read_plan(PLAN.replace("due: 2027-01-20", "due: 2027-02-03"), "plan.yaml").plan
    _check_landed(before, landed, (moved,), "plan.yaml")
    spilled = PLAN.replace("due: 2027-01-20", "due: 2027-02-03").replace("owner: maria-chen",
                                                                         "owner: dana-ross")
    with pytest.raises(DocumentError) as raised:
        _check_landed(before, read_plan(spilled, "plan.yaml").plan, (moved,), "plan.yaml")
    assert str(raised.value) == (
        "plan.yaml: cannot write the buyer's edits into the plan without changing something else "
        "(the owner of the step questionnaire), so nothing was written: edit the plan by hand "
        "from the report")


# -- the plan file and its backup -----------------------------------------------------

def moved_s2(deal: Path) -> Path:
    return edited(deal, lambda w: w.set_cell("S2", "Due", "7 Dec 2026", BUYER))


def test_apply_through_a_symbolic_link_writes_the_file_it_points_to(deal):
    (deal / "plans").mkdir()
    (deal / "plan.yaml").rename(deal / "plans" / "corvane.yaml")
    (deal / "plan.yaml").symlink_to(Path("plans") / "corvane.yaml")
    done = imported(deal, moved_s2(deal), "--apply")
    assert done.returncode == 0, done.stderr
    assert (deal / "plan.yaml").is_symlink()
    assert "    due: 2026-12-07\n" in (deal / "plans" / "corvane.yaml").read_text()


def test_apply_keeps_the_plans_permissions_and_its_backup_is_no_more_readable(deal):
    os.chmod(deal / "plan.yaml", 0o600)
    assert imported(deal, moved_s2(deal), "--apply").returncode == 0
    (backup,) = (deal / ".dealroom" / "backups").iterdir()
    assert [stat.S_IMODE(p.stat().st_mode) for p in (deal / "plan.yaml", backup)] == [0o600, 0o600]


def test_a_read_only_plan_is_not_replaced(deal):
    os.chmod(deal / "plan.yaml", 0o444)
    before = (deal / "plan.yaml").read_text()
    done = imported(deal, moved_s2(deal), "--apply")
    assert (done.returncode, done.stderr) == (2, (
        "dealroom: output error: plan.yaml: is read-only, so nothing was written: make it "
        "writable (chmod u+w plan.yaml) to merge the buyer's edits into it\n"))
    assert (deal / "plan.yaml").read_text() == before and len(history(deal)) == 1
    assert not (deal / ".dealroom" / "backups").exists()


def test_two_backups_made_in_one_second_are_both_kept(tmp_path):
    from generator.importing.apply import _backup

    plan = tmp_path / "plan.yaml"
    first, second = _backup(plan, "first\n", 0o644), _backup(plan, "second\n", 0o644)
    assert [first.read_text(), second.read_text()] == ["first\n", "second\n"]


@pytest.mark.parametrize("full, error, message", [
    ("backups", "StoreError", "cannot keep a backup of {plan} in {backups} (No space left on "
     "device); nothing was written"),
    ("plan", "OutputError", "{plan}: cannot be written (No space left on device); nothing was "
     "written into it: check its folder's permissions and free space")])
def test_a_disk_that_takes_no_file_is_an_error_saying_so_not_a_traceback(deal, monkeypatch, full,
                                                                         error, message):
    import datetime as dt
    import errno

    from generator import files
    from generator.history.store import Store
    from generator.importing import apply
    from generator.plan.loader import load_plan

    write = files.write_atomically

    def full_disk(path, data, mode=None):
        if (Path(path).parent.name == "backups") == (full == "backups"):
            raise OSError(errno.ENOSPC, "No space left on device", str(path))
        write(path, data, mode)

    monkeypatch.setattr(files, "write_atomically", full_disk)
    loaded, docx = load_plan(deal / "plan.yaml"), moved_s2(deal)
    with Store.open(deal / ".dealroom" / "history.sqlite3") as store, \
            pytest.raises(Exception) as raised:
        apply.import_document(loaded, docx, store, apply=True, prefer=None, decisions={},
                              author=None, fallback_author="Ethan Cole", today=dt.date(2026, 12, 1))
    assert (type(raised.value).__name__, str(raised.value)) == (error, message.format(
        plan=deal / "plan.yaml", backups=deal / ".dealroom" / "backups"))
    assert len(history(deal)) == 1


# -- decisions ------------------------------------------------------------------------

def seller_moves_s2(deal: Path) -> None:
    """The seller moves S2 since the document was made, and publishes it (version 2)."""
    plan = deal / "plan.yaml"
    plan.write_text(plan.read_text().replace("due: 2026-11-30", "due: 2026-12-10"))
    assert dealroom("publish", "plan.yaml", "--to", "html", "-o", "seller-out", "--today", TODAY,
                    cwd=deal).returncode == 0


@pytest.mark.parametrize("flags, message", [
    (("--prefer", "seller", "--take", "S22.due=buyer"),
     "--take S22.due=buyer names no change in the buyer's document (the changes made on both "
     "sides are S2.due); nothing was written"),
    (("--take", "s2.date=buyer"),
     "--take 's2.date=buyer': date is not a field of a step; write CODE.FIELD=buyer or "
     "CODE.FIELD=seller, FIELD being one of title, owner, due, status, if_missed, done_on")])
def test_a_decision_that_names_no_conflict_is_a_usage_error_not_ignored(deal, flags, message):
    seller_moves_s2(deal)
    before = (deal / "plan.yaml").read_text()
    done = imported(deal, moved_s2(deal), "--apply", *flags)
    assert (done.returncode, done.stderr) == (2, f"dealroom: usage error: {message}\n")
    assert (deal / "plan.yaml").read_text() == before and len(history(deal)) == 2


def test_a_decision_when_nothing_was_changed_on_both_sides_says_so(deal):
    done = imported(deal, moved_s2(deal), "--take", "S3.due=buyer")
    assert (done.returncode, done.stderr) == (2, (
        "dealroom: usage error: --take S3.due=buyer names no change in the buyer's document (the "
        "changes made on both sides are none); nothing was written\n"))


def test_a_decision_taken_already_is_no_error_when_the_import_runs_again(deal):
    seller_moves_s2(deal)
    docx = moved_s2(deal)
    assert imported(deal, docx, "--apply", "--take", "S2.due=buyer").returncode == 0
    again = imported(deal, docx, "--apply", "--take", "S2.due=buyer")
    assert (again.returncode, again.stderr) == (0, "")


# -- what must be a question, never a guess ---------------------------------------------

@pytest.mark.parametrize("owner", ["TBD", "—", "?", "n/a", "To be decided"])
def test_an_owner_cell_that_names_nobody_is_a_question_not_a_new_person(deal, owner):
    docx = edited(deal, lambda w: w.set_cell("S2", "Owner", owner, BUYER))
    (edit,) = as_json(deal, docx)["edits"]
    assert (edit["kind"], edit["question"]) == (
        "question", f'S2 owner: "{owner}" names nobody: ask the buyer who owns it')


def test_a_row_moved_to_another_workstreams_table_is_a_question_and_its_edits_still_read(deal):
    def move_s2_below_c4(word):
        row = word.row("S2")
        row.getparent().remove(row)
        word.row("C4").addnext(row)

    docx = edited(deal, move_s2_below_c4, lambda w: w.set_cell("S2", "Due", "7 Dec 2026", BUYER))
    data = as_json(deal, docx)
    assert [(e["kind"], e["code"], e["question"]) for e in data["edits"]] == [
        ("change", "S2", None),
        ("question", "S2", "S2 is in the table of Legal & procurement now, not of Security & "
         "compliance: an import moves no step to another workstream; move it in the plan if you "
         "agree")]


@pytest.mark.parametrize("typed, changes", [
    ("30 Nov 2026 (to confirm)", []),
    ("7 Dec 2026 (to confirm)", [("change", "S2", "due", "2026-11-30", "2026-12-07")])])
def test_to_confirm_written_after_a_committed_date_is_a_question_not_no_edit(deal, typed,
                                                                            changes):
    docx = edited(deal, lambda w: w.set_cell("S2", "Due", typed, BUYER))
    data = as_json(deal, docx)
    assert [(e["kind"], e["code"], e["field"], e["old"], e["new"]) for e in data["edits"]
            if e["kind"] == "change"] == changes
    day = typed.split(" (")[0]
    assert [e["question"] for e in data["edits"] if e["kind"] == "question"] == [
        f"S2: the buyer wrote '(to confirm)' after {day}, a committed date: if they no longer "
        "commit to it, write date: placeholder in the plan"]


def test_the_revision_note_the_buyer_sees_holds_their_comments_not_advice_to_the_seller(deal):
    docx = edited(deal, lambda w: w.set_cell("S4", "Due", "18 Dec 2026", BUYER),
                  lambda w: w.set_cell("S2", "Status", "Done", BUYER),
                  lambda w: w.comment("C3", "Step", "Our GC joins from the 10th", "Helen Marsh"))
    assert imported(deal, docx, "--apply").returncode == 0
    assert history(deal)[-1]["note"] == (
        "Edits from the buyer's Word document (document " + as_json(deal, docx)["document"]["id"]
        + ", made from version 1)\nC3 — Helen Marsh: Our GC joins from the 10th")


def test_a_change_to_a_step_the_seller_removed_says_it_can_only_keep_the_sellers_side(deal):
    plan = deal / "plan.yaml"
    text = plan.read_text()
    plan.write_text(text[:text.index("  - id: go-live-decision")] + text[text.index("risks:"):])
    docx = edited(deal, lambda w: w.set_cell("I4", "Due", "3 Mar 2027", BUYER))
    done = imported(deal, docx, "--apply", "--prefer", "buyer")
    assert (done.returncode, done.stderr) == (3, (
        "dealroom: conflict: 1 change made on both sides; nothing was written: I4 is a step you "
        "removed, so the buyer's I4.due cannot be taken: --take I4.due=seller (or put the step "
        "back in the plan)\n"))
    assert imported(deal, docx, "--apply", "--take", "I4.due=seller").returncode == 0


# -- table shapes ---------------------------------------------------------------------

def merge_cells(word, code: str, first: str, second: str) -> None:
    """Merge two neighbouring cells of a row, as Word's Merge Cells does."""
    from docx_edits import w
    from lxml import etree

    left, right = word.cell(code, first), word.cell(code, second)
    properties = left.find(w("tcPr"))
    if properties is None:
        properties = etree.Element(w("tcPr"))
        left.insert(0, properties)
    etree.SubElement(properties, w("gridSpan"), {w("val"): "2"})
    left.extend(right.findall(w("p")))
    right.getparent().remove(right)


def test_cells_the_buyer_merged_are_a_question_and_never_read_as_the_next_columns(deal):
    docx = edited(deal, lambda w: w.set_cell("S2", "Due", "7 Dec 2026", BUYER),
                  lambda w: merge_cells(w, "S2", "Step", "Owner"))
    data = as_json(deal, docx)
    assert [(e["kind"], e["code"], e["field"], e["new"], e["question"]) for e in data["edits"]] == [
        ("change", "S2", "due", "2026-12-07", None),
        ("question", "S2", None, None, "S2: the buyer merged the Step and Owner cells of table 6 "
         "row 3, so neither was read: ask them to write each in its own cell")]


def test_a_code_cell_merged_with_the_step_leaves_the_row_unread_and_says_so(deal):
    docx = edited(deal, lambda w: merge_cells(w, "S2", "Code", "Step"))
    assert [(e["kind"], e["code"], e["question"]) for e in as_json(deal, docx)["edits"]] == [
        ("question", None, "The buyer merged the Code and Step cells of table 6 row 3, so neither "
         "was read: ask them to write each in its own cell"),
        ("removal", "S2", None)]


def test_a_table_whose_columns_were_moved_and_one_deleted_still_reads(deal):
    from docx_edits import w

    def owner_after_due_and_no_if_missed(word):
        for row in word.row("S2").getparent().findall(w("tr")):
            cells = row.findall(w("tc"))
            cells[3].addnext(cells[2])
            row.remove(cells[5])

    docx = edited(deal, owner_after_due_and_no_if_missed,
                  lambda w: w.set_cell("S2", "Due", "7 Dec 2026", BUYER),
                  lambda w: w.set_cell("S3", "Owner", "Priya Raman", BUYER))
    assert [(e["kind"], e["code"], e["field"], e["new"]) for e in as_json(deal, docx)["edits"]] == [
        ("change", "S2", "due", "2026-12-07"), ("change", "S3", "owner", ["priya-raman"])]


def merge_down(word, top: str, below: str, header: str) -> None:
    """Merge a cell with the one below it, as Word's Merge Cells does (the lower one empties)."""
    from docx_edits import w
    from lxml import etree

    for code, value in ((top, "restart"), (below, None)):
        cell = word.cell(code, header)
        properties = cell.find(w("tcPr"))
        if properties is None:
            properties = etree.Element(w("tcPr"))
            cell.insert(0, properties)
        etree.SubElement(properties, w("vMerge"), {w("val"): value} if value else {})
    lower = word.cell(below, header)
    for paragraph in lower.findall(w("p"))[1:]:
        lower.remove(paragraph)
    for run in lower.find(w("p")).findall(w("r")):
        run.getparent().remove(run)


def test_a_cell_merged_with_the_one_above_reads_as_the_merged_cell_not_as_emptied(deal):
    from test_import import EXAMPLE

    docx = edited(deal, lambda w: merge_down(w, "S3", "S4", "If it is missed"))
    assert [(e["kind"], e["code"], e["field"], e["new"]) for e in as_json(deal, docx)["edits"]] == [
        ("change", "S4", "if_missed", EXAMPLE.task("sec-review").if_missed)]


def test_a_row_moved_with_track_changes_on_is_read_where_it_now_stands(deal):
    import copy

    from docx_edits import w

    def move_s2_below_s3_with_a_new_date(word):
        moved = copy.deepcopy(word.row("S2"))
        due = moved.findall(w("tc"))[3]  # Code, Step, Owner, Due
        texts = list(due.iter(w("t")))
        texts[0].text = "7 Dec 2026"
        for text in texts[1:]:
            text.text = ""
        word.row("S3").addnext(moved)
        word._row_properties(moved).append(word._tracked("ins", BUYER))
        word.delete_row("S2", BUYER)  # the first row coded S2: where it stood

    docx = edited(deal, move_s2_below_s3_with_a_new_date)
    assert [(e["kind"], e["code"], e["field"], e["new"]) for e in as_json(deal, docx)["edits"]] == [
        ("change", "S2", "due", "2026-12-07")]


def test_ids_made_from_accented_names_and_text_keep_their_letters(deal):
    docx = edited(deal, lambda w: w.add_row("S3", {"Step": "Überprüfung der Verträge",
                                                   "Owner": "Zoë O'Neil"}, BUYER))
    before = (deal / "plan.yaml").read_text()
    assert imported(deal, docx, "--apply").returncode == 0
    added = [line for line in plan_diff(deal, before) if "id: " in line]
    assert added == ["+  - id: zoe-o-neil", "+  - id: uberprufung-der-vertrage"]


def test_moving_the_signature_step_of_a_plan_without_a_signature_date_is_written(tmp_path):
    from docx_edits import WordEdits
    from generator.plan.codes import task_codes
    from generator.plan.loader import load_plan
    from test_import import ROOT, TODAY

    folder = tmp_path / "deal"
    folder.mkdir()
    text = (ROOT / "examples" / "midmarket.yaml").read_text()
    assert text.count("  signature: 2026-12-16\n") == 1
    (folder / "plan.yaml").write_text(text.replace("  signature: 2026-12-16\n", ""))
    assert dealroom("publish", "plan.yaml", "--to", "docx", "--today", TODAY,
                    cwd=folder).returncode == 0
    (sent,) = (folder / "out").glob("*/*.docx")
    plan = load_plan(folder / "plan.yaml").plan
    (signing,) = [t for t in plan.tasks if t.kind == "signature"]
    code = task_codes(plan)[signing.id]
    moved = WordEdits(sent).set_cell(code, "Due", "18 Dec 2026", BUYER).save(folder / "moved.docx")
    done = dealroom("import", "plan.yaml", str(moved), "--apply", "--today", TODAY, cwd=folder)
    assert done.returncode == 0, done.stderr
    assert load_plan(folder / "plan.yaml").plan.task(signing.id).due.isoformat() == "2026-12-18"
