"""The numbers a sales manager asks for in a deal review."""

from __future__ import annotations

from generator.record import Record

from generator.health.facts import PlanFacts
from generator.health.projection import MilestoneProjection, project
from generator.plan.model import Task


class UnansweredDependency(Record):
    """A task waiting on a prerequisite that is overdue or undated."""

    task: str
    prerequisite: str
    reason: str
    """``overdue`` or ``undated``."""


class GateSlip(Record):
    """How far a gate moved from its first committed date."""

    task: str
    gate: str
    first_committed: str
    current: str
    days: int


class Metrics(Record):
    """Health metrics of one plan on one day."""

    buyer_done: int
    """Done buyer-owned tasks."""
    buyer_total: int
    """Buyer-owned tasks."""
    unanswered_dependencies: tuple[UnansweredDependency, ...]
    next_buyer_step: Task | None
    signature: MilestoneProjection | None
    go_live: MilestoneProjection | None
    slippage_by_gate: tuple[GateSlip, ...] | None
    """None when there is no history to measure it against."""
    total_slip_days: int | None
    """None when there is no history."""

    @property
    def buyer_completion(self) -> float | None:
        """Done buyer-owned tasks ÷ buyer-owned tasks (None when there are none)."""
        return self.buyer_done / self.buyer_total if self.buyer_total else None


def measure(facts: PlanFacts) -> Metrics:
    """Every metric of ``health.md`` for the plan in ``facts``."""
    projection = project(facts.plan, facts.today, facts.signature_date)
    slips = _gate_slips(facts) if facts.history else None
    return Metrics(
        buyer_done=sum(t.is_done for t in facts.buyer_tasks),
        buyer_total=len(facts.buyer_tasks),
        unanswered_dependencies=tuple(_unanswered(facts)),
        next_buyer_step=facts.next_buyer_step,
        signature=projection.signature,
        go_live=projection.go_live,
        slippage_by_gate=slips,
        total_slip_days=_total_slip(facts) if facts.history else None,
    )


def _unanswered(facts: PlanFacts):
    for task in facts.open_tasks:
        for prerequisite_id in task.depends_on:
            prerequisite = facts.tasks_by_id[prerequisite_id]
            if prerequisite.is_done:
                continue
            if prerequisite.due is None:
                yield UnansweredDependency(task.id, prerequisite_id, "undated")
            elif facts.is_overdue(prerequisite):
                yield UnansweredDependency(task.id, prerequisite_id, "overdue")


def _current(task: Task):
    return task.done_on if task.is_done and task.done_on else task.due


def _gate_slips(facts: PlanFacts) -> tuple[GateSlip, ...]:
    slips = []
    for task in facts.plan.tasks:
        first = facts.history.first_committed_due(task.id)
        current = _current(task)
        if task.gate and first and current:
            slips.append(GateSlip(task.id, task.gate, first.isoformat(), current.isoformat(),
                                  (current - first).days))
    return tuple(slips)


def _total_slip(facts: PlanFacts) -> int:
    total = 0
    for task in facts.plan.tasks:
        first = facts.history.first_committed_due(task.id)
        current = _current(task)
        if first and current:
            total += max((current - first).days, 0)
    return total
