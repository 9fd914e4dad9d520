"""One row of the portfolio report per deal: its plan, its health and its recorded past.

:func:`read_deal` loads a plan file and reads the deal's revisions through the
history store's API (:func:`generator.history.store.published_revisions`),
so that any store the API opens can feed the report. A file that cannot be
used is an :class:`ErrorRow` naming the file and line; the other deals are
still reported.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from generator.errors import PlanError, StoreError, UsageError
from generator.health.projection import MilestoneProjection
from generator.record import Record
from generator.report.durations import StepDuration


class NextStep(Record):
    """The buyer's next open step."""

    task: str
    title: str
    due: dt.date | None


class LastChange(Record):
    """The most telling change of the deal's newest revision, and why it happened."""

    version: int
    on: dt.date
    text: str
    """The change in one sentence (a moved date first), or ``first version``."""
    reason: str | None
    """The reason given for the moved date, else the revision's note."""


class SlipMove(Record):
    """One recorded move of a task's date."""

    task: str
    kind: str | None
    days: int
    """Positive when later, negative when earlier."""


class DealRow(Record):
    """Everything the report says about one deal."""

    file: str
    deal_id: str
    title: str
    buyer_done: int
    buyer_total: int
    accepted_on: dt.date | None
    accepted_by: str | None
    next_step: NextStep | None
    revisions: int
    """Recorded revisions (0: no history yet)."""
    total_slip_days: int | None
    """Sum of every recorded date move in days (earlier moves count negative); None without history."""
    projection: MilestoneProjection | None
    """Signature (go-live when the plan has no signature date): planned, projected, driver."""
    driving_task: str | None
    """The title of the task that drives the projection late."""
    findings: dict
    """Health findings per severity: ``{"warning": 3, "info": 1}``."""
    last_change: LastChange | None
    task_kinds: tuple[str, ...]
    """The kind of each standard step of the plan (one entry per step)."""
    moves: tuple[SlipMove, ...]
    durations: tuple[StepDuration, ...]
    improved_alone: tuple[ImprovedAlone, ...]
    """MAP016's findings: dates that moved earlier while their prerequisites stayed put."""
    projected_then: dt.date | None = None
    """The projection computed from the revision current at ``--since``, as of that day."""

    @property
    def moved_since(self) -> int | None:
        """Days the projection moved since ``--since`` (positive: later)."""
        if self.projected_then is None or self.projection is None:
            return None
        return (self.projection.projected - self.projected_then).days


class ImprovedAlone(Record):
    """A date that moved earlier while nothing it waits for moved or finished (MAP016)."""

    deal_id: str
    task: str
    task_title: str
    message: str


class ErrorRow(Record):
    """A file that is not a usable plan, or whose history cannot be read."""

    file: str
    line: int
    """1-based; 0 when the problem is the whole file."""
    message: str


def read_deal(path: str, today: dt.date, since: dt.date | None,
              store: str | None) -> DealRow | ErrorRow:
    """The report row of the plan file at ``path`` as of ``today``."""
    from generator.plan.loader import load_plan

    try:
        plan = load_plan(path).plan
        revisions = _revisions(path, plan.deal.id, store)
    except PlanError as error:
        first = error.problems[0]
        more = len(error.problems) - 1
        return ErrorRow(path, first.line, first.message + (f" (and {more} more error"
                                                           f"{'s' * (more != 1)})" if more else ""))
    except (UsageError, StoreError) as error:
        return ErrorRow(path, 0, str(error))
    return _row(path, plan, revisions, today, since)


def stored_deal(location, deal_id: str, today: dt.date, since: dt.date | None) -> DealRow | ErrorRow:
    """The report row of a deal as its latest revision in the store holds it (no plan file)."""
    from generator.history.snapshot import restore
    from generator.plan.model import Plan
    from generator.workers import kept_store

    label = f"{deal_id} (history store)"
    try:
        revisions = tuple(kept_store(location, create=False).revisions(deal_id))
        plan = restore(revisions[-1].seller, Plan)
    except StoreError as error:
        return ErrorRow(label, 0, str(error))
    return _row(label, plan, revisions, today, since)


def _revisions(path: str, deal_id: str, store: str | None) -> tuple:
    """The deal's revisions, from a store this process opens once (read only)."""
    from generator.history.location import store_exists, store_path
    from generator.workers import forget_store, kept_store

    location = store_path(Path(path), store)
    if not store_exists(location):
        return ()
    try:
        return tuple(kept_store(location, create=False).revisions(deal_id))
    except BaseException:
        forget_store(location, create=False)
        raise


def _row(path: str, plan, revisions, today: dt.date, since: dt.date | None) -> DealRow:
    from generator.health import assess
    from generator.history.revisions import history_from_revisions

    health = assess(plan, today, history_from_revisions(revisions) if revisions else None)
    metrics = health.metrics
    projection = metrics.signature or metrics.go_live
    driver = plan.task(projection.driven_by) if projection and projection.driven_by else None
    accepted = plan.deal.accepted
    step = metrics.next_buyer_step
    moves = _moves(revisions, plan)
    return DealRow(
        file=path, deal_id=plan.deal.id, title=plan.deal.title,
        buyer_done=metrics.buyer_done, buyer_total=metrics.buyer_total,
        accepted_on=accepted.on if accepted else None,
        accepted_by=_name(plan, accepted.by) if accepted else None,
        next_step=NextStep(step.id, step.title, step.due) if step else None,
        revisions=len(revisions),
        total_slip_days=sum(m.days for m in moves) if revisions else None,
        projection=projection, driving_task=driver.title if driver else None,
        findings=_by_severity(health.findings), last_change=_last_change(revisions, plan),
        task_kinds=tuple(t.kind for t in plan.tasks if t.kind),
        moves=moves, durations=tuple(_durations(revisions)),
        improved_alone=tuple(ImprovedAlone(plan.deal.id, f.subject_id, plan.task(f.subject_id).title,
                                           f.message)
                             for f in health.findings if f.code == "MAP016"),
        projected_then=_projected_then(revisions, since))


def _name(plan, person_id: str) -> str:
    person = plan.person(person_id)
    return person.name if person else person_id


def _by_severity(findings) -> dict:
    from generator.health.findings import SEVERITIES

    return {severity: sum(f.severity == severity for f in findings) for severity in SEVERITIES}


def _moves(revisions, plan) -> tuple[SlipMove, ...]:
    """Every recorded date move, with the kind of step it belongs to now."""
    from generator.history.changes import from_data, slips

    kinds = {t.id: t.kind for t in plan.tasks}
    moved = slips([(r.number, from_data(r.changes or [])) for r in revisions])
    return tuple(SlipMove(task_id, kinds.get(task_id), change.days or 0)
                 for task_id, changes in moved.items() for change in changes)


def _durations(revisions) -> list[StepDuration]:
    from generator.history.past import revision_day
    from generator.report.durations import step_durations

    return step_durations(revisions, revision_day)


def _last_change(revisions, plan) -> LastChange | None:
    from generator.history.changes import MOVES, from_data
    from generator.history.past import revision_day
    from generator.plan.codes import task_codes

    if not revisions:
        return None
    latest = revisions[-1]
    changes = from_data(latest.changes or [])
    telling = next((c for c in changes if c.kind in MOVES), changes[0] if changes else None)
    if telling is None:
        return LastChange(latest.number, revision_day(latest), "first version", latest.note)
    return LastChange(latest.number, revision_day(latest),
                      telling.replace(reason=None).describe(codes=task_codes(plan)),
                      telling.reason or latest.note)


def _projected_then(revisions, since: dt.date | None) -> dt.date | None:
    """The projection of the revision current at ``since``, as seen that day."""
    from generator.health.facts import PlanFacts
    from generator.health.projection import project
    from generator.history.past import revision_day
    from generator.history.snapshot import restore
    from generator.plan.model import Plan

    if since is None:
        return None
    current = [r for r in revisions if revision_day(r) <= since]
    if not current:
        return None
    plan = restore(current[-1].seller, Plan)
    projected = project(plan, since, PlanFacts(plan, since).signature_date)
    milestone = projected.signature or projected.go_live
    return milestone.projected if milestone else None
