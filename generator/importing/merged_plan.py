"""The plan with the merged buyer edits written in, and what that changes downstream.

:func:`merged_plan` turns the edits the merge takes into splices of the plan
file (:mod:`generator.importing.plan_edits`), loads the result as any plan is
loaded, and checks that every value landed. :func:`consequences` then says
which dates move with the buyer's (relative dates and dependencies) and how
the projected signature and go-live move.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from pathlib import Path

from generator.errors import DocumentError, PlanError
from generator.importing.edits import NEW_PERSON
from generator.importing.plan_edits import PlanText
from generator.plan.codes import task_codes
from generator.plan.dates import readable
from generator.plan.loader import LoadedPlan, read_plan
from generator.record import Record

SLUG_LENGTH = 48
"""The longest id made from a name or a step's text, leaving room for ``-2`` (ids: 64 at most)."""
RESERVED_IDS = frozenset({"signature", "go_live"})
"""Anchors of relative dates, which no step may take as its id."""


class MergedPlan(Record):
    """The plan file's new text, loaded, and what was rewritten on the way."""

    text: str
    loaded: LoadedPlan
    rules_replaced: tuple[str, ...] = ()
    """Relative dates the buyer's date replaced, in words."""


def merged_plan(loaded: LoadedPlan, take, version: int | None, today: dt.date) -> MergedPlan:
    """``loaded`` with the edits ``take`` written in."""
    writer = _Writer(loaded, version, today, take)
    for edit in take:
        writer.write(edit)
    text = writer.plan_text.result()
    try:
        merged = read_plan(text, loaded.file, folder=Path(loaded.file).parent)
    except PlanError as error:
        problems = "\n".join(f"  {p.path}: {p.message}" if p.path else f"  {p.message}"
                              for p in error.problems)
        raise DocumentError(f"the buyer's edits would make {loaded.file} invalid, so nothing was "
                            f"written:\n{problems}") from None
    _check_landed(loaded.plan, merged.plan, take, loaded.file)
    return MergedPlan(text=text, loaded=merged, rules_replaced=tuple(writer.rules_replaced))


# -- the check that the edits, and only they, landed ------------------------------------

SECTIONS = ("objectives", "cost_of_inaction", "workstreams", "risks", "assumptions", "branding")
STEP_FIELDS = ("title", "workstream", "owner", "due", "commitment", "status", "done_on", "kind",
               "gate", "depends_on", "if_missed", "notes", "internal")
"""A step's fields as the plan file writes them (``owner`` for the owners, ``due`` as written)."""
ANY = object()
"""An expected value that may be anything (the ``done_on`` an import adds to a step now done)."""


def _check_landed(before, after, take, filename: str) -> None:
    """Every step, person and section the edits did not touch reads as before, and each
    edited field as the edit says: a layout of the plan file the splices misjudged must
    never change another step silently."""
    wrong = _unexpected(before, after, take)
    if wrong:
        raise DocumentError(f"{filename}: cannot write the buyer's edits into the plan without "
                            f"changing something else ({wrong}), so nothing was written: edit "
                            "the plan by hand from the report")


def _unexpected(before, after, take) -> str | None:
    """What reads otherwise than expected after the edits, in words; None when all is well."""
    if any(getattr(before, name) != getattr(after, name) for name in SECTIONS) or \
            _deal_written(before.deal) != _deal_written(after.deal):
        return "the deal, its workstreams, risks or assumptions"
    people = {p.id: p for p in after.people}
    for person in before.people:
        if people.get(person.id) != person:
            return f"the person {person.id}"
    expected = _expected(before, take)
    for task in before.tasks:
        now = after.task(task.id)
        for field in STEP_FIELDS:
            want = expected.get((task.id, field), _step_value(before, task, field))
            if now is None or (want is not ANY and _step_value(before, now, field, after) != want):
                return f"the {field.replace('_', ' ')} of the step {task.id}"
    added = sum(e.kind == "new_step" for e in take)
    return None if len(after.tasks) == len(before.tasks) + added else "the list of steps"


def _expected(before, take) -> dict:
    """(step id, field) → the value each taken edit gives it."""
    expected = {(e.task_id, e.field): e.new for e in take if e.kind == "change"}
    for edit in take:
        task = before.task(edit.task_id) if edit.task_id else None
        if edit.field == "status" and edit.new == "done" and task and not task.done_on:
            expected.setdefault((edit.task_id, "done_on"), ANY)
    return expected


def _step_value(before, task, field: str, after=None):
    """A step's field in the terms of an edit: ISO dates, the due as written, owners by id
    (``new:Name`` for a person the plan ``before`` did not have)."""
    if field == "owner":
        known = {p.id for p in before.people}
        return [o if o in known else NEW_PERSON + after.person(o).name for o in task.owners]
    if field == "due":
        return task.due_written or (task.due.isoformat() if task.due else None)
    value = getattr(task, field)
    return value.isoformat() if isinstance(value, dt.date) else value


def _deal_written(deal):
    """The deal without the signature date it resolves to (from its rule, or from the
    signature step when it has none), which moves with the steps."""
    return deal.replace(signature=None)


class _Writer:
    def __init__(self, loaded: LoadedPlan, version, today: dt.date, take):
        self.plan = loaded.plan
        self.plan_text = PlanText(loaded.text, loaded.file)
        self.version, self.today = version, today
        self.people = {p.id for p in self.plan.people}
        self.task_ids = {t.id for t in self.plan.tasks} | RESERVED_IDS
        self.new_people: dict[str, str] = {}
        self.rules_replaced: list[str] = []
        self.done_on_given = {e.task_id for e in take if e.field == "done_on"}
        """Steps whose done_on the buyer gave: an edit to done does not add another."""

    def write(self, edit) -> None:
        if edit.kind == "new_step":
            self._new_step(edit)
        elif edit.field == "owner":
            self._owners(edit.task_id, edit.new)
        elif edit.field in ("title", "if_missed") and edit.new is None:
            self.plan_text.remove_task_key(edit.task_id, edit.field)
        else:
            self._value(edit)

    def _value(self, edit) -> None:
        task = self.plan.task(edit.task_id)
        self.plan_text.set_task_value(edit.task_id, edit.field, edit.new)
        if edit.field == "due" and task.due_written:
            self.rules_replaced.append(f"{task_codes(self.plan)[task.id]} was due "
                                       f"'{task.due_written}'; it is now the buyer's date, "
                                       f"{readable(dt.date.fromisoformat(edit.new))}")
        if edit.field == "status" and edit.new == "done" and not task.done_on:
            self._done_on(edit)

    def _done_on(self, edit) -> None:
        """``done_on`` is required when an import first records a step as done."""
        if edit.task_id in self.done_on_given:
            return
        day = edit.when.date() if edit.when else self.today
        self.plan_text.set_task_value(edit.task_id, "done_on", day.isoformat())
        self.done_on_given.add(edit.task_id)

    def _owners(self, task_id: str, owners: list[str]) -> None:
        ids = [self._person(owner) for owner in owners]
        key = "owner" if len(ids) == 1 else "owners"
        written = self._written_owner_key(task_id)
        self.plan_text.set_task_value(task_id, key, ids[0] if len(ids) == 1 else ids,
                                      old_key=written)

    def _written_owner_key(self, task_id: str) -> str:
        return "owners" if self.plan_text.task_has_key(task_id, "owners") else "owner"

    def _person(self, owner: str) -> str:
        """A person id; an unknown name becomes a new buyer person."""
        if not owner.startswith(NEW_PERSON):
            return owner
        name = owner[len(NEW_PERSON):]
        if name not in self.new_people:
            person_id = _unique(_slug(name)[:SLUG_LENGTH].strip("-") or "buyer-person", self.people)
            self.people.add(person_id)
            self.new_people[name] = person_id
            self.plan_text.add_person({"id": person_id, "name": name, "side": "buyer",
                                       "role": "other"}, self._said("named as an owner"))
        return self.new_people[name]

    def _new_step(self, edit) -> None:
        proposal = edit.proposal
        ids = [self._person(owner) for owner in proposal["owners"]]
        task_id = _unique(_slug(proposal["title"])[:SLUG_LENGTH].strip("-") or "buyer-step",
                          self.task_ids)
        self.task_ids.add(task_id)
        fields = {"id": task_id, "title": proposal["title"], "workstream": proposal["workstream"]}
        fields.update({"owner": ids[0]} if len(ids) == 1 else {"owners": ids})
        if proposal.get("due"):
            fields["due"] = proposal["due"]
        if proposal.get("status") and proposal["status"] != "not_started":
            fields["status"] = proposal["status"]
            if proposal["status"] == "done":
                fields["done_on"] = (edit.when.date() if edit.when else self.today).isoformat()
        if proposal.get("if_missed"):
            fields["if_missed"] = proposal["if_missed"]
        self.plan_text.add_task(fields, self._said("added"))

    def _said(self, what: str) -> str:
        made_from = f" (made from version {self.version})" if self.version else ""
        return f"{what} in the buyer's Word document{made_from}, imported {self.today.isoformat()}"


def consequences(before, after, edited_ids: set[str], today: dt.date) -> tuple[str, ...]:
    """In words: the dates that move with the buyer's, and the projected milestones."""
    codes = task_codes(after)
    found = []
    for task in after.tasks:
        old = before.task(task.id)
        if task.id not in edited_ids and old is not None and old.due != task.due:
            found.append(f"{codes[task.id]} moves with it: {_day(old.due)} → {_day(task.due)}")
    found += _past_milestones(before, after, codes)
    found += _projected(before, after, today)
    return tuple(found)


MILESTONES = (("signature", "signature", "the target signature date"),
              ("kickoff", "go_live", "go-live"))


def _past_milestones(before, after, codes) -> list[str]:
    """Signature and kickoff steps that now fall after the date they stand for."""
    said = []
    for kind, deal_date, name in MILESTONES:
        target = getattr(after.deal, deal_date)
        for task in after.tasks:
            old = before.task(task.id)
            if task.kind == kind and target and task.due and task.due > target \
                    and not (old and old.due and old.due > target):
                said.append(f"{codes[task.id]} ({kind}) is now due {readable(task.due)}, after "
                            f"{name}, {readable(target)}")
    return said


def following(plan, take) -> dict[str, str]:
    """Why each step whose date is relative to a moved one moved: it follows it.
    (Without this, the revision would give them the import's note as their reason.)"""
    moved = {e.task_id for e in take if e.field == "due"}
    codes = task_codes(plan)
    reasons, changed = {}, True
    while changed:
        changed = False
        for task in plan.tasks:
            anchor = (task.due_written or "").split(" ")[0]
            if task.id not in moved and anchor in moved:
                reasons[task.id] = f"follows {codes[anchor]}, which the buyer's document moved" \
                    if anchor not in reasons else f"follows {codes[anchor]}"
                moved.add(task.id)
                changed = True
    return reasons


def _projected(before, after, today: dt.date) -> list[str]:
    from generator.health.projection import project

    was = project(before, today, before.deal.signature)
    now = project(after, today, after.deal.signature)
    said = []
    for name in ("signature", "go_live"):
        old, new = getattr(was, name), getattr(now, name)
        if old and new and old.projected != new.projected:
            label = "go-live" if name == "go_live" else name
            said.append(f"projected {label}: {readable(old.projected)} → {readable(new.projected)}")
    return said


def _day(day: dt.date | None) -> str:
    return readable(day) if day else "no date"


def _slug(text: str) -> str:
    """An id from a name or a step's text: ``Zoë O'Neil`` → ``zoe-o-neil`` (accents dropped)."""
    bare = "".join(c for c in unicodedata.normalize("NFKD", text.casefold())
                   if not unicodedata.combining(c))
    return re.sub(r"[^a-z0-9]+", "-", bare).strip("-")


def _unique(slug: str, taken: set[str]) -> str:
    candidate, number = slug, 2
    while candidate in taken:
        candidate, number = f"{slug}-{number}", number + 1
    return candidate
