"""Where signature and go-live will land if nothing else changes.

A not-done task past its date counts as due today. Each task keeps at least
its planned gap after each dependency: when a dependency's projected date
moves later, the task moves by the same amount. A milestone (signature,
go-live) is projected the same way from the task that stands for it (the
``signature`` or ``kickoff`` task) or, without one, from every task planned
on or before it. The projection names the task whose own lateness drives it.
"""

from __future__ import annotations

import datetime as dt
from generator.record import Record

from generator.plan.dates import readable
from generator.plan.model import Plan, Task
from generator.plan.schedule import topological_order


class MilestoneProjection(Record):
    """A milestone's planned and projected date, and what drives the difference."""

    milestone: str
    """``signature`` or ``go_live``."""
    planned: dt.date
    """The date in the plan."""
    projected: dt.date
    """The date it lands on at the current pace."""
    driven_by: str | None
    """Id of the late task that pushes it out; None when on plan."""

    @property
    def days_late(self) -> int:
        """Calendar days between plan and projection (never negative)."""
        return max((self.projected - self.planned).days, 0)

    def describe(self, named: bool = True) -> str:
        """``signature projected 12 Feb 2027, 12 days late, driven by sec-review``."""
        name = ("go-live " if self.milestone == "go_live" else f"{self.milestone} ") if named else ""
        if not self.days_late:
            return f"{name}on plan for {readable(self.planned)}"
        days = f"{self.days_late} day{'s' * (self.days_late != 1)} late"
        return f"{name}projected {readable(self.projected)}, {days}, driven by {self.driven_by}"


class Projection(Record):
    """Projected dates of every task and of the two milestones."""

    tasks: dict[str, dt.date | None]
    """Projected date per task id (None for an undated task with no dated dependency)."""
    drivers: dict[str, str | None]
    """Per task id, the late task that moved it (itself when it is overdue or was done late)."""
    signature: MilestoneProjection | None
    go_live: MilestoneProjection | None


def project(plan: Plan, today: dt.date, signature: dt.date | None) -> Projection:
    """Project every task and the milestones of ``plan`` as seen ``today``."""
    tasks = {t.id: t for t in plan.tasks}
    dates: dict[str, dt.date | None] = {}
    drivers: dict[str, str | None] = {}
    for task_id in topological_order({t.id: t.depends_on for t in plan.tasks}):
        dates[task_id], drivers[task_id] = _project_task(tasks[task_id], tasks, dates, drivers, today)
    return Projection(
        tasks=dates, drivers=drivers,
        signature=_milestone("signature", signature, _standing_for(plan, "signature"),
                             plan, dates, drivers),
        go_live=_milestone("go_live", plan.deal.go_live, _standing_for(plan, "kickoff"),
                           plan, dates, drivers),
    )


def _project_task(task: Task, tasks, dates, drivers, today):
    if task.is_done:
        late = bool(task.done_on and task.due and task.done_on > task.due)
        return task.done_on or task.due, task.id if late else None
    date, driver = task.due, None
    if task.due and task.due < today:
        date, driver = today, task.id
    for prerequisite in task.depends_on:
        candidate = _after(tasks[prerequisite], dates[prerequisite], task.due)
        if candidate and (date is None or candidate > date):
            date, driver = candidate, drivers[prerequisite]
    return date, driver


def _after(prerequisite: Task, projected: dt.date | None, planned: dt.date | None) -> dt.date | None:
    """Where a task planned for ``planned`` lands when ``prerequisite`` lands on
    ``projected``: it keeps its planned gap, so it moves by the prerequisite's slip."""
    if projected is None:
        return None
    if planned is None:
        return projected
    if prerequisite.due is None:
        return None
    return projected + (planned - prerequisite.due)


def _standing_for(plan: Plan, kind: str) -> list[Task]:
    return [t for t in plan.tasks if t.kind == kind]


def _milestone(name, planned, standing_for, plan, dates, drivers) -> MilestoneProjection | None:
    if planned is None:
        return None
    before = standing_for or [t for t in plan.tasks if t.due and t.due <= planned]
    projected, driver = planned, None
    for task in before:
        candidate = _after(task, dates[task.id], planned)
        if candidate and candidate > projected:
            projected, driver = candidate, drivers[task.id]
    return MilestoneProjection(name, planned, projected, driver if projected > planned else None)
