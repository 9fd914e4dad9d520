"""How long each standard step was planned to take, and how long it took, from history.

A step can start once everything it depends on is finished. Its planned
duration is counted, in business days (weekdays), from its planned start to
its due date, both as first recorded: the planned start is the latest due
date of its prerequisites in that revision, or the day of that revision when
it has none. Its actual duration runs from its actual start (the latest day
its prerequisites were done, as the newest revision says; the planned start
when it has no prerequisite) to the day it was done. A step due or done
before its prerequisites (it ran alongside them) counts from its own day: no
duration is negative. Only steps with a ``kind`` (security review, legal
review ...) are measured.
"""

from __future__ import annotations

import datetime as dt

from generator.plan.dates import business_days_between
from generator.record import Record


class StepDuration(Record):
    """One standard step's planned and actual length in business days."""

    task: str
    """The task id."""
    kind: str
    """Its kind: ``security_review``, ``legal_review`` ..."""
    planned: int | None
    """Business days from planned start to due date, as first recorded."""
    actual: int | None
    """Business days from actual start to done; None while not done."""


def step_durations(revisions, day_of) -> list[StepDuration]:
    """The duration of every standard step of a deal, from its stored revisions.

    ``day_of(revision)`` is the day a revision was published as.
    """
    if not revisions:
        return []
    latest = _tasks(revisions[-1])
    first_seen = _first_dated(revisions, day_of)
    found = []
    for task in latest.values():
        if not task.get("kind") or task["id"] not in first_seen:
            continue
        tasks_then, revision_day = first_seen[task["id"]]
        planned_start = _start(tasks_then[task["id"]], tasks_then, "due") or revision_day
        planned_due = _day(tasks_then[task["id"]]["due"])
        found.append(StepDuration(task["id"], task["kind"],
                                  business_days_between(min(planned_start, planned_due), planned_due),
                                  _actual(task, latest, planned_start)))
    return found


def _first_dated(revisions, day_of) -> dict[str, tuple[dict, dt.date]]:
    """Per task id, the tasks of the first revision where it has a due date, and its day."""
    found: dict[str, tuple[dict, dt.date]] = {}
    for revision in revisions:
        tasks = _tasks(revision)
        for task_id, task in tasks.items():
            if task_id not in found and task.get("due"):
                found[task_id] = (tasks, day_of(revision))
    return found


def _actual(task: dict, tasks: dict, planned_start: dt.date) -> int | None:
    done_on = _day(task.get("done_on"))
    if task.get("status") != "done" or done_on is None:
        return None
    start = _start(task, tasks, "done_on") or planned_start
    return business_days_between(min(start, done_on), done_on)


def _start(task: dict, tasks: dict, field: str) -> dt.date | None:
    """The latest ``field`` (then ``due``) of the task's prerequisites, if any is dated."""
    days = [_day(tasks[p].get(field) or tasks[p].get("due"))
            for p in task.get("depends_on") or () if p in tasks]
    return max((d for d in days if d), default=None)


def _tasks(revision) -> dict[str, dict]:
    return {task["id"]: task for task in revision.seller.get("tasks", ())}


def _day(text: str | None) -> dt.date | None:
    return dt.date.fromisoformat(text) if text else None
