"""Across deals: which kinds of step slip, how long they take, and which projections moved.

:func:`build_portfolio` reads every plan (:mod:`generator.report.deals`) and
adds up what the rows say: days slipped per kind of step, the planned and
actual business days of each standard step, the deals whose projected
signature moved most since a date, and the dates that improved while their
prerequisites did not (the MAP016 rule of :mod:`generator.health.rules`, deal
by deal).
"""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

from generator.errors import UsageError
from generator.record import Record
from generator.report.deals import DealRow, ErrorRow, ImprovedAlone, read_deal

PLAN_SUFFIXES = (".yaml", ".yml")
"""The files of a folder that are read as plans."""
MOVERS = 10
"""How many deals the report lists as moved most since ``--since``."""


class KindSlip(Record):
    """Days slipped by the steps of one kind, across deals with a history."""

    kind: str
    tasks: int
    """Steps of this kind in deals with a recorded history."""
    total_days: int
    """Sum of their date moves (earlier moves count negative)."""

    @property
    def mean_days(self) -> float:
        """Days slipped per step of this kind, to one decimal."""
        return round(self.total_days / self.tasks, 1) if self.tasks else 0.0


class KindDuration(Record):
    """Planned against actual business days of one kind of standard step."""

    kind: str
    planned: tuple[int, ...]
    """Each step's planned business days, as first recorded."""
    actual: tuple[int, ...]
    """Each finished step's actual business days."""

    @property
    def planned_mean(self) -> float | None:
        return _mean(self.planned)

    @property
    def actual_mean(self) -> float | None:
        return _mean(self.actual)


class Mover(Record):
    """A deal whose projection moved since ``--since``."""

    deal_id: str
    title: str
    then: dt.date
    now: dt.date

    @property
    def days(self) -> int:
        """Positive when the projection is now later."""
        return (self.now - self.then).days


class Portfolio(Record):
    """The whole report."""

    today: dt.date
    since: dt.date | None
    deals: tuple[DealRow, ...]
    errors: tuple[ErrorRow, ...]
    slippage: tuple[KindSlip, ...]
    durations: tuple[KindDuration, ...]
    movers: tuple[Mover, ...]
    improved_alone: tuple[ImprovedAlone, ...]


def plan_files(given: list[str]) -> list[str]:
    """Each given file, and every ``*.yaml``/``*.yml`` of each given folder, sorted."""
    files: list[str] = []
    for name in given:
        path = Path(name)
        if not path.is_dir():
            files.append(name)
            continue
        found = sorted(str(p) for p in path.iterdir()
                       if p.suffix in PLAN_SUFFIXES and p.is_file())
        if not found:
            raise UsageError(f"{name}: no plan in this folder (no .yaml or .yml file); "
                             "give plan files or a folder of plans")
        files += found
    return files


PER_WORKER = 40
"""Plans below which reading them in worker processes costs more than it saves."""


def build_portfolio(given: list[str], today: dt.date, since: dt.date | None = None,
                    store: str | None = None, jobs: int = 1) -> Portfolio:
    """Read every plan of ``given`` (files and folders), ``jobs`` processes at a time,
    and report across them; with nothing given, every deal of the store ``store``."""
    rows = read_deals(plan_files(given), today, since, store, jobs) if given else \
        stored_deals(store, today, since)
    deals = tuple(r for r in rows if isinstance(r, DealRow))
    return Portfolio(
        today=today, since=since, deals=deals,
        errors=tuple(r for r in rows if isinstance(r, ErrorRow)),
        slippage=_slippage(deals), durations=_durations(deals), movers=_movers(deals),
        improved_alone=tuple(found for d in deals for found in d.improved_alone))


def stored_deals(store: str | None, today: dt.date, since: dt.date | None) -> list:
    """Every deal of a team's store, as its latest revision holds it (``report --store URL``)."""
    from generator.history.location import ENVIRONMENT, shown, store_exists, store_path
    from generator.report.deals import stored_deal
    from generator.workers import kept_store

    if not store and not os.environ.get(ENVIRONMENT):
        raise UsageError("give plan files or folders, or --store (or DEALROOM_STORE) to report "
                         "on every deal of a team's history store")
    location = store_path(Path("."), store)
    if not store_exists(location):
        raise UsageError(f"{shown(location)}: no history store there")
    return [stored_deal(location, deal_id, today, since)
            for deal_id in kept_store(location, create=False).deal_ids()]


def read_deals(paths: list[str], today: dt.date, since: dt.date | None, store: str | None,
               jobs: int) -> list:
    """Each plan's row, in the order given; in worker processes when there are many."""
    from functools import partial

    read = partial(read_deal, today=today, since=since, store=store)
    jobs = min(jobs, len(paths) // PER_WORKER)
    if jobs <= 1:
        return [read(path) for path in paths]
    from generator.workers import pool

    with pool(jobs, ["generator.report.deals", "generator.plan.loader", "generator.health"]) as workers:
        return list(workers.map(read, paths, chunksize=max(1, len(paths) // (jobs * 8))))


def _kinds_in_order(found) -> list[str]:
    from generator.plan.model import KINDS

    return [kind for kind in KINDS if kind in found]


def _slippage(deals) -> tuple[KindSlip, ...]:
    tasks: dict[str, int] = {}
    days: dict[str, int] = {}
    for deal in (d for d in deals if d.revisions):
        for kind in deal.task_kinds:
            tasks[kind] = tasks.get(kind, 0) + 1
        for move in deal.moves:
            if move.kind:
                days[move.kind] = days.get(move.kind, 0) + move.days
    return tuple(KindSlip(kind, tasks[kind], days.get(kind, 0)) for kind in _kinds_in_order(tasks))


def _durations(deals) -> tuple[KindDuration, ...]:
    planned: dict[str, list[int]] = {}
    actual: dict[str, list[int]] = {}
    for step in (s for d in deals for s in d.durations):
        if step.planned is not None:
            planned.setdefault(step.kind, []).append(step.planned)
        if step.actual is not None:
            actual.setdefault(step.kind, []).append(step.actual)
    return tuple(KindDuration(kind, tuple(planned.get(kind, ())), tuple(actual.get(kind, ())))
                 for kind in _kinds_in_order({**planned, **actual}))


def _movers(deals) -> tuple[Mover, ...]:
    moved = [Mover(d.deal_id, d.title, d.projected_then, d.projection.projected)
             for d in deals if d.moved_since]
    return tuple(sorted(moved, key=lambda m: (-abs(m.days), m.deal_id))[:MOVERS])


def _mean(values) -> float | None:
    return round(sum(values) / len(values), 1) if values else None
