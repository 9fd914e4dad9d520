"""Facts about a plan that several health rules and metrics ask for."""

from __future__ import annotations

import datetime as dt
from functools import cached_property

from generator.history.revisions import History
from generator.plan.model import Plan, Task

PRE_SIGNATURE_KINDS = frozenset({"business_case", "technical_validation", "security_review",
                                 "legal_review", "procurement", "executive_approval"})


class PlanFacts:
    """A plan seen on a given day, with what is known of its past."""

    def __init__(self, plan: Plan, today: dt.date, history: History | None = None):
        self.plan = plan
        self.today = today
        self.history = history

    @cached_property
    def tasks_by_id(self) -> dict[str, Task]:
        """Every task by id."""
        return {t.id: t for t in self.plan.tasks}

    @cached_property
    def dependents(self) -> dict[str, list[Task]]:
        """For each task id, the tasks that depend on it."""
        found: dict[str, list[Task]] = {t.id: [] for t in self.plan.tasks}
        for task in self.plan.tasks:
            for prerequisite in task.depends_on:
                found[prerequisite].append(task)
        return found

    @cached_property
    def buyer_tasks(self) -> list[Task]:
        """Tasks a buyer owns, alone or shared."""
        return [t for t in self.plan.tasks if t.is_buyer_owned]

    @cached_property
    def open_tasks(self) -> list[Task]:
        """Tasks not done yet."""
        return [t for t in self.plan.tasks if not t.is_done]

    @cached_property
    def signature_date(self) -> dt.date | None:
        """The target signature: ``deal.signature``, else the signature task's date."""
        if self.plan.deal.signature:
            return self.plan.deal.signature
        dates = [t.due for t in self.plan.tasks if t.kind == "signature" and t.due]
        return max(dates, default=None)

    @cached_property
    def pre_signature_ids(self) -> set[str]:
        """Tasks that must happen before signature: standard pre-signature steps
        and everything a signature task depends on, directly or not."""
        found = {t.id for t in self.plan.tasks if t.kind in PRE_SIGNATURE_KINDS}
        waiting = [d for t in self.plan.tasks if t.kind == "signature" for d in t.depends_on]
        walked: set[str] = set()  # apart from found: a step found by its kind has prerequisites too
        while waiting:
            task_id = waiting.pop()
            if task_id not in walked:
                walked.add(task_id)
                found.add(task_id)
                waiting.extend(self.tasks_by_id[task_id].depends_on)
        return found

    @cached_property
    def next_buyer_step(self) -> Task | None:
        """The earliest open buyer-owned task (undated ones come last)."""
        open_buyer = [t for t in self.buyer_tasks if not t.is_done]
        order = {t.id: i for i, t in enumerate(self.plan.tasks)}
        return min(open_buyer, key=lambda t: (t.due is None, t.due or self.today, order[t.id]),
                   default=None)

    def holidays_on(self, day: dt.date, side: str) -> list[tuple[str, str]]:
        """``(where, holiday)`` for each side of a ``side`` step whose calendar has a
        holiday on ``day``: ``("Northwind (US-CA)", "Christmas Day")``."""
        from generator.plan.calendars import days_off

        found = []
        for one_side in ("buyer", "seller") if side == "shared" else (side,):
            calendars = self.plan.holidays.of(one_side)
            organisation = getattr(self.plan.deal, one_side)
            for calendar, name in days_off(calendars).holidays_on(day) if calendars else ():
                found.append((f"{organisation} ({calendar})", name))
        return found

    def freezes_on(self, day: dt.date, side: str) -> list:
        """The freezes that hold up a ``side`` step on ``day``, shared or not."""
        return [f for f in self.plan.freezes if f.holds(side) and f.covers(day)]

    def is_day_off(self, day: dt.date, side: str) -> bool:
        """A weekend, a holiday of the side or a day inside one of its freezes."""
        return day.weekday() >= 5 or bool(self.holidays_on(day, side) or self.freezes_on(day, side))

    def is_overdue(self, task: Task) -> bool:
        """Not done and due before today."""
        return not task.is_done and task.due is not None and task.due < self.today

    def owner_names(self, task: Task) -> str:
        """The owners' names: ``Maria Chen`` or ``Maria Chen and Dana Ross``."""
        names = [p.name for o in task.owners if (p := self.plan.person(o))]
        return " and ".join(names)
