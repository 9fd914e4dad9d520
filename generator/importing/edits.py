"""A change set: the buyer's edits as plain records, for the table, the JSON and the merge."""

from __future__ import annotations

import datetime as dt
import re

from generator.record import Record

CONTROL = re.compile("[\x00-\x1f\x7f-\x9f]")

KINDS = ("change", "new_step", "removal", "note", "question")
"""``change``: a field of a step; ``new_step``: a row the buyer added;
``removal``: a row the buyer deleted (never applied silently); ``note``: a
comment on a row whose date did not move; ``question``: what cannot be read
without guessing (never applied)."""

NEW_PERSON = "new:"
"""How an edit names a person the plan does not have: ``new:Sam Okoye``."""
FIELD_NAMES = {"title": "step", "owner": "owner", "due": "due", "status": "status",
               "if_missed": "if it is missed", "done_on": "done on"}
"""Fields as the change table names them."""


class BuyerEdit(Record):
    """One thing the buyer changed in the document."""

    kind: str
    """One of :data:`KINDS`."""
    code: str | None = None
    """The step's visible code (``S2``); None for a new step."""
    task_id: str | None = None
    """The step's id in the plan; None for a new step."""
    field: str | None = None
    """``title``, ``owner``, ``due``, ``status``, ``if_missed`` or ``done_on`` for a change."""
    old: object = None
    """The value in the revision the document came from, in plan terms (ISO dates,
    status words, person ids)."""
    new: object = None
    """The buyer's value in plan terms; ``new:Name`` stands for an unknown person."""
    old_text: str | None = None
    """The cell as dealroom wrote it."""
    new_text: str | None = None
    """The cell as the buyer left it."""
    who: tuple[str, ...] = ()
    """Who changed it, from the tracked changes (empty when not tracked)."""
    when: dt.datetime | None = None
    """When, from the tracked changes (the latest, when several)."""
    suggested: bool = False
    """A suggestion the buyer made in a Google Doc's Suggesting mode (a proposal they
    have not accepted themselves), not a direct edit. Google's API does not say who
    made a suggestion, so ``who`` is empty for it."""
    reason: str | None = None
    """The comments on the row, for a moved date."""
    question: str | None = None
    """What needs the seller's decision (questions, and new steps that cannot be read whole)."""
    workstream: str | None = None
    """A new step's workstream id."""
    proposal: dict | None = None
    """A new step's values: title, workstream, owners, due, status, if_missed."""


class ChangeSet(Record):
    """Everything the buyer changed in one document."""

    deal_id: str
    version: int | None
    """The version the document was made from."""
    document_id: str
    file: str
    """The document's file name as given."""
    edits: tuple[BuyerEdit, ...] = ()
    notices: tuple[str, ...] = ()
    """What could not be read at all (a table missing), in words."""

    @property
    def authors(self) -> tuple[str, ...]:
        """Everyone the tracked changes name, in order of appearance."""
        return tuple(dict.fromkeys(name for edit in self.edits for name in edit.who))


def one_line(text: str) -> str:
    """Text from the buyer's document as one line: control characters (which XML allows
    and a plan, a terminal or a report should not get) become spaces, and runs of spaces
    and line breaks one space."""
    return " ".join(CONTROL.sub(" ", text).split())
