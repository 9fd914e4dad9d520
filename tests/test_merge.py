"""The three-way merge: base (the version sent), the buyer's document, the plan now."""

from __future__ import annotations

import copy

from generator.importing.edits import BuyerEdit, ChangeSet
from generator.importing.merge import merge

BASE = {"tasks": [
    {"id": "questionnaire", "title": "Return the questionnaire", "workstream": "security",
     "owners": ["maria-chen"], "due": "2026-12-14", "status": "not_started", "done_on": None,
     "if_missed": None},
    {"id": "review", "title": "Security review", "workstream": "security",
     "owners": ["raj-patel"], "due": "2027-01-10", "status": "not_started", "done_on": None,
     "if_missed": None},
]}


def now(**changes):
    """The plan now: the base with the seller's changes since (task id → field values)."""
    plan = copy.deepcopy(BASE)
    for task in plan["tasks"]:
        task.update(changes.get(task["id"], {}))
    return plan


def edit(task_id, field, old, new, code="S1"):
    return BuyerEdit(kind="change", code=code, task_id=task_id, field=field, old=old, new=new)


def changes(*edits):
    return ChangeSet(deal_id="d", version=1, document_id="0" * 12, file="x.docx", edits=edits)


MOVED = edit("questionnaire", "due", "2026-12-14", "2027-01-07")


def test_a_field_only_the_buyer_changed_is_taken():
    merged = merge(changes(MOVED), BASE, now())
    assert merged.take == (MOVED,) and not merged.conflicts


def test_a_field_the_plan_already_holds_is_already_there():
    merged = merge(changes(MOVED), BASE, now(questionnaire={"due": "2027-01-07"}))
    assert merged.already == (MOVED,) and not merged.take


def test_both_sides_changed_differently_is_a_conflict_until_decided():
    seller_moved = now(questionnaire={"due": "2027-01-04"})
    merged = merge(changes(MOVED), BASE, seller_moved)
    (conflict,) = merged.undecided
    assert (conflict.key, conflict.seller, conflict.decided) == ("S1.due", "2027-01-04", None)
    assert not merged.take
    assert merge(changes(MOVED), BASE, seller_moved, prefer="buyer").take == (MOVED,)
    by_seller = merge(changes(MOVED), BASE, seller_moved, prefer="seller")
    assert not by_seller.take and not by_seller.undecided
    one_by_one = merge(changes(MOVED), BASE, seller_moved, prefer="seller",
                       decisions={"s1.due": "buyer"})
    assert one_by_one.take == (MOVED,)


def test_the_seller_changing_another_field_of_the_step_is_no_conflict():
    merged = merge(changes(MOVED), BASE, now(questionnaire={"status": "in_progress"}))
    assert merged.take == (MOVED,)


def test_a_step_the_seller_removed_and_the_buyer_changed_is_a_conflict_the_buyer_cannot_win():
    removed = {"tasks": [BASE["tasks"][1]]}
    merged = merge(changes(MOVED), BASE, removed, prefer="buyer")
    (conflict,) = merged.undecided
    assert conflict.seller is None and not merged.take


def test_owners_compare_as_lists():
    swapped = edit("review", "owner", ["raj-patel"], ["maria-chen"], code="S2")
    assert merge(changes(swapped), BASE, now()).take == (swapped,)
    assert merge(changes(swapped), BASE, now(review={"owners": ["maria-chen"]})).already == (swapped,)


def test_a_new_step_already_in_its_workstream_is_not_added_twice():
    new = BuyerEdit(kind="new_step", workstream="security", new="Pilot",
                    proposal={"title": "Pilot  with users", "workstream": "security"})
    assert merge(changes(new), BASE, now()).take == (new,)
    plan = now()
    plan["tasks"].append({**BASE["tasks"][0], "id": "pilot", "title": "pilot with users"})
    assert merge(changes(new), BASE, plan).already == (new,)


def test_removals_notes_and_questions_are_never_taken():
    left = (BuyerEdit(kind="removal", code="S2", task_id="review"),
            BuyerEdit(kind="note", code="S1", task_id="questionnaire", new="CISO away"),
            BuyerEdit(kind="question", code="S1", task_id="questionnaire", question="?"))
    merged = merge(changes(*left), BASE, now(), prefer="buyer")
    assert merged.left == left and not merged.take
