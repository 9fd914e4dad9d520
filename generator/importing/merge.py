"""The three-way merge of the buyer's edits with the seller's plan.

Base is the revision the document was made from, the buyer's side is the
document, the seller's side is the plan file now. An edit of a field the
seller left as it was is taken; one the plan already holds is already there
(so importing the same document twice changes nothing the second time); a
field both changed differently is a conflict, decided by ``--prefer`` or per
change, and until decided nothing is written. Removals, notes and questions
are never applied: they are listed for the seller.
"""

from __future__ import annotations

from generator.importing.edits import NEW_PERSON, BuyerEdit
from generator.record import Record

SIDES = ("buyer", "seller")


class Conflict(Record):
    """A field the buyer and the seller both changed, differently."""

    edit: BuyerEdit
    """The buyer's edit (``old`` is the base value)."""
    seller: object
    """The plan's value now; None when the seller removed the step."""
    decided: str | None = None
    """``buyer`` or ``seller`` once decided."""

    @property
    def key(self) -> str:
        """``S3.due``: how ``--take`` names it."""
        return f"{self.edit.code}.{self.edit.field}"


class Merge(Record):
    """What the merge takes, finds already done, leaves and cannot decide."""

    take: tuple[BuyerEdit, ...] = ()
    """Buyer edits to write into the plan."""
    already: tuple[BuyerEdit, ...] = ()
    """Buyer edits the plan already holds."""
    conflicts: tuple[Conflict, ...] = ()
    """Every conflict, decided or not."""
    left: tuple[BuyerEdit, ...] = ()
    """Removals, notes and questions: listed, never applied."""

    @property
    def undecided(self) -> tuple[Conflict, ...]:
        """The conflicts still waiting for a decision."""
        return tuple(c for c in self.conflicts if c.decided is None)


def undecidable(merged: Merge, decisions: dict[str, str]) -> list[str]:
    """The ``decisions`` (``s3.due``) that name no change of the buyer's: typos. (One
    naming a change merged already, on an import run again, is no typo.)"""
    keys = {conflict.key.casefold() for conflict in merged.conflicts}
    keys |= {f"{e.code}.{e.field}".casefold() for e in merged.take + merged.already
             if e.kind == "change"}
    return [key for key in decisions if key not in keys]


def merge(changes, base_seller: dict, current_seller: dict, prefer: str | None = None,
          decisions: dict[str, str] | None = None) -> Merge:
    """Merge ``changes`` (a ChangeSet) into the plan now (``current_seller``, a snapshot)
    given the base (``base_seller``, the stored revision's seller snapshot).

    ``decisions`` maps ``S3.due`` to ``buyer`` or ``seller``; ``prefer`` decides the rest.
    """
    sorting = _Sorting(base_seller, current_seller, prefer, decisions or {})
    for edit in changes.edits:
        sorting.sort(edit)
    return Merge(take=tuple(sorting.take), already=tuple(sorting.already),
                 conflicts=tuple(sorting.conflicts), left=tuple(sorting.left))


class _Sorting:
    def __init__(self, base_seller, current_seller, prefer, decisions):
        self.base = {t["id"]: t for t in base_seller["tasks"]}
        self.current = {t["id"]: t for t in current_seller["tasks"]}
        self.current_titles = {(t["workstream"], _plain(t["title"])) for t in current_seller["tasks"]}
        self.person_named = {_plain(p["name"]): p["id"] for p in current_seller.get("people", ())}
        self.prefer, self.decisions = prefer, decisions
        self.take, self.already, self.conflicts, self.left = [], [], [], []

    def sort(self, edit: BuyerEdit) -> None:
        edit = self._known_people(edit)
        if edit.kind == "change":
            self._change(edit)
        elif edit.kind == "new_step" and not edit.question:
            self._new_step(edit)
        elif edit.kind == "removal" and edit.task_id not in self.current:
            self.already.append(edit)
        else:
            self.left.append(edit)

    def _known_people(self, edit: BuyerEdit) -> BuyerEdit:
        """A new person (``new:Name``) the plan now has (an earlier import added them) by id."""
        if edit.kind == "change" and edit.field == "owner":
            return edit.replace(new=self._person_ids(edit.new))
        if edit.kind == "new_step" and edit.proposal and edit.proposal.get("owners"):
            return edit.replace(proposal={**edit.proposal,
                                          "owners": self._person_ids(edit.proposal["owners"])})
        return edit

    def _person_ids(self, owners: list[str]) -> list[str]:
        return [self.person_named.get(_plain(o[len(NEW_PERSON):]), o)
                if o.startswith(NEW_PERSON) else o for o in owners]

    def _change(self, edit: BuyerEdit) -> None:
        task = self.current.get(edit.task_id)
        if task is None:
            self._conflict(edit, None)
            return
        now = _value(task, edit.field)
        base = _value(self.base.get(edit.task_id, {}), edit.field)
        if now == edit.new:
            self.already.append(edit)
        elif now == base or now == edit.old:
            self.take.append(edit)
        else:
            self._conflict(edit, now)

    def _conflict(self, edit: BuyerEdit, seller) -> None:
        conflict = Conflict(edit=edit, seller=seller)
        decided = self.decisions.get(conflict.key.casefold()) or self.prefer
        if edit.task_id not in self.current and decided == "buyer":
            decided = None  # a step the seller removed cannot take the buyer's value
        self.conflicts.append(conflict.replace(decided=decided))
        if decided == "buyer":
            self.take.append(edit)

    def _new_step(self, edit: BuyerEdit) -> None:
        key = (edit.workstream, _plain(edit.proposal["title"]))
        (self.already if key in self.current_titles else self.take).append(edit)


def _value(task: dict, field: str):
    """A field of a task snapshot in the terms of an edit."""
    if field == "owner":
        return list(task.get("owners") or [])
    return task.get(field)


def _plain(text: str) -> str:
    return " ".join(text.split()).casefold()
