"""What the plan looked like at each recorded revision, oldest first.

The revision store (``dealroom publish``) fills this in; health rules that
need the past (MAP007 stale, MAP016 date improved alone, slippage metrics)
take a :class:`History` and are skipped, with a visible note, without one.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from generator.record import Record


class TaskSnapshot(Record):
    """One task as it stood in one revision."""

    due: dt.date | None
    """Resolved due date then."""
    status: str = "not_started"
    """Status then."""
    commitment: str = "placeholder"
    """``committed`` or ``placeholder`` then."""
    done_on: dt.date | None = None
    """Completion date then, if done."""


class Revision(Record):
    """One recorded version of the plan."""

    number: int
    """1, 2, 3 ... in the order recorded."""
    recorded_on: dt.date
    """The day it was recorded."""
    tasks: Mapping[str, TaskSnapshot]
    """Every task of that version, by id."""
    author: str | None = None
    """Who recorded it."""


class DateMove(Record):
    """A task's due date changed between two consecutive revisions."""

    task: str
    before: Revision
    after: Revision
    old_due: dt.date | None
    new_due: dt.date | None

    @property
    def days(self) -> int:
        """Positive when the date slipped later, negative when it improved."""
        if self.old_due is None or self.new_due is None:
            return 0
        return (self.new_due - self.old_due).days


class History(Record):
    """The recorded revisions of one plan, oldest first."""

    revisions: tuple[Revision, ...] = ()

    def pairs(self):
        """Each revision with the one after it."""
        return zip(self.revisions, self.revisions[1:])

    def last_change(self, task_id: str) -> dt.date | None:
        """When the task last changed (or first appeared); None if never recorded."""
        last, previous = None, None
        for revision in self.revisions:
            snapshot = revision.tasks.get(task_id)
            if snapshot is not None and snapshot != previous:
                last = revision.recorded_on
            previous = snapshot
        return last

    def date_moves(self, task_id: str) -> list[DateMove]:
        """Every change of the task's due date, in order."""
        moves = []
        for before, after in self.pairs():
            old, new = before.tasks.get(task_id), after.tasks.get(task_id)
            if old and new and old.due != new.due:
                moves.append(DateMove(task_id, before, after, old.due, new.due))
        return moves

    def first_committed_due(self, task_id: str) -> dt.date | None:
        """The first due date recorded while the task's date was committed."""
        for revision in self.revisions:
            snapshot = revision.tasks.get(task_id)
            if snapshot and snapshot.commitment == "committed" and snapshot.due:
                return snapshot.due
        return None


def history_from_revisions(rows) -> History:
    """The health rules' :class:`History` from stored revisions (``generator.history.store``).

    Each row needs ``number``, ``recorded_at`` (a datetime; its date is the
    revision's day), ``author`` and ``seller`` (the plan snapshot, whose
    ``tasks`` give each task's due date, status, commitment and completion).
    """
    ordered = sorted(rows, key=lambda row: row.number)
    return History(tuple(_stored_revision(row) for row in ordered))


def _stored_revision(row) -> Revision:
    tasks = {task["id"]: TaskSnapshot(
        due=_day(task.get("due")),
        status=task.get("status") or "not_started",
        commitment=task.get("commitment") or "placeholder",
        done_on=_day(task.get("done_on")),
    ) for task in row.seller.get("tasks", ())}
    return Revision(number=row.number, recorded_on=row.recorded_at.date(),
                    tasks=tasks, author=row.author)


def _day(text: str | None) -> dt.date | None:
    return dt.date.fromisoformat(text) if text else None
