"""Publishing a folder of plans: each plan published as ``dealroom publish PLAN`` would,
in a pool of worker processes.

A worker is a long-lived process: it is given plan after plan, so what a
publish pays once (imports, WeasyPrint, compiled templates) is paid once per
worker, not once per deal. The workers are forked from a fork server
(``forkserver``), never from the command itself, which may be running its
progress bar's thread; each worker takes the command's environment and
working folder, and turns off :mod:`generator.rendering.side_by_side`
(``DEALROOM_SIDE_BY_SIDE=0``) so that there is one process per worker. As
with any ``forkserver`` pool, a program calling :func:`publish_all` keeps its
own work under ``if __name__ == "__main__":`` (the ``dealroom`` script does).

All workers share one history store (SQLite in WAL mode lets them write at
once) and each deal keeps its own lock (:mod:`generator.publishing.lock`).
A plan identical to its latest revision costs reading it, a hash and a store
look-up: :func:`generator.publishing.publish.publish` renders nothing for it
and rewrites no file when its folder is complete.

A plan that fails is an :class:`Outcome` with the lines to print; the others
are still published.
"""

from __future__ import annotations

import datetime as dt
import traceback
from pathlib import Path

from generator.errors import DealroomError, PlanError
from generator.record import Record

PUBLISHED, UNCHANGED, FAILED = "published", "unchanged", "failed"


class BatchSettings(Record):
    """What every plan of the folder is published with (plain values: they go to the workers)."""

    formats: str
    out: str
    store: str
    """The history store, resolved once by the command."""
    author: str
    today: dt.date
    note: str | None = None
    seller_note: str | None = None
    theme: str | None = None


class Outcome(Record):
    """What publishing one plan of the folder did."""

    file: str
    status: str
    """``published``, ``unchanged`` or ``failed``."""
    deal_id: str | None = None
    number: int | None = None
    """The version now current (None when failed)."""
    errors: tuple = ()
    """For a failure: its lines, as ``dealroom publish PLAN`` prints them."""
    warnings: tuple = ()
    """Lines for stderr: the plan's warnings, what publish left for the next time."""


def publish_plan(plan_file: str, settings: BatchSettings) -> Outcome:
    """Publish one plan of the folder; never raises for what a user can get wrong."""
    try:
        return _publish(plan_file, settings)
    except PlanError as error:
        problems = sorted(error.problems + error.warnings, key=lambda p: (p.line, p.column))
        return Outcome(file=plan_file, status=FAILED, errors=(
            f"dealroom: {error.category}: {plan_file}: {error}",
            *(f"  {problem}" for problem in problems)))
    except DealroomError as error:
        return Outcome(file=plan_file, status=FAILED,
                       errors=(f"dealroom: {error.category}: {plan_file}: {error}",))
    except Exception:  # a bug: its traceback is kept, and the other plans still published
        return Outcome(file=plan_file, status=FAILED, errors=(
            f"dealroom: {plan_file}: internal error (please report it):",
            traceback.format_exc().rstrip()))


def _publish(plan_file: str, settings: BatchSettings) -> Outcome:
    from generator.plan.loader import load_plan
    from generator.rendering.render import RenderOptions
    from generator.rendering.themes import load_theme
    from generator.writers import find_writers

    loaded = load_plan(plan_file)
    warnings = [f"dealroom: {problem}" for problem in loaded.warnings]
    writers = find_writers(settings.formats)
    load_theme(settings.theme or loaded.plan.branding.theme)  # before the store, as publish does
    options = RenderOptions(today=settings.today, theme=settings.theme)
    done = _published(loaded, writers, options, settings)
    if done.rewritten:
        listed = ", ".join(f"v{number}/" for number in done.rewritten)
        warnings.append(f"dealroom: {plan_file}: wrote again what a publish left unwritten: {listed}")
    warnings += [f"dealroom: warning: {path} is not part of the deal room: publish leaves it "
                 "there, but whoever is shown this folder can read it" for path in done.foreign]
    warnings += [f"dealroom: warning: {plan_file}: {problem}" for problem in done.problems]
    return Outcome(file=plan_file, status=PUBLISHED if done.recorded else UNCHANGED,
                   deal_id=loaded.plan.deal.id, number=done.number, warnings=tuple(warnings))


def _published(loaded, writers, options, settings: BatchSettings):
    """Publish one plan into the store this worker keeps open; a store that failed is
    closed, so that the next plan opens a fresh one."""
    from generator.publishing.publish import publish
    from generator.workers import forget_store, kept_store

    try:
        return publish(loaded, writers, options, kept_store(settings.store), Path(settings.out),
                       author=settings.author, note=settings.note, reasons={},
                       seller_note=settings.seller_note)
    except BaseException:
        forget_store(settings.store)
        raise


def publish_all(plan_files: list[str], settings: BatchSettings, jobs: int, said) -> list[Outcome]:
    """Every plan published, ``jobs`` at a time; ``said(outcome)`` is called as each is done.
    The outcomes come back in the order of ``plan_files``."""
    if jobs <= 1 or len(plan_files) <= 1:
        outcomes = []
        for plan_file in plan_files:
            outcomes.append(publish_plan(plan_file, settings))
            said(outcomes[-1])
        return outcomes
    return _in_pool(plan_files, settings, min(jobs, len(plan_files)), said)


def _in_pool(plan_files: list[str], settings: BatchSettings, jobs: int, said) -> list[Outcome]:
    import concurrent.futures

    from generator.workers import pool as worker_pool

    done: dict[str, Outcome] = {}
    with worker_pool(jobs, [__name__, "generator.publishing.publish",
                            "generator.rendering.render"]) as pool:
        futures = {pool.submit(publish_plan, plan_file, settings): plan_file
                   for plan_file in plan_files}
        try:
            for future in concurrent.futures.as_completed(futures):
                outcome = _outcome(future, futures[future])
                done[outcome.file] = outcome
                said(outcome)
        except BaseException:
            pool.shutdown(wait=True, cancel_futures=True)
            raise
    return [done[plan_file] for plan_file in plan_files]


def _outcome(future, plan_file: str) -> Outcome:
    """The worker's outcome; a worker that died (killed, out of memory) fails its plan."""
    from concurrent.futures.process import BrokenProcessPool

    try:
        return future.result()
    except BrokenProcessPool:
        return Outcome(file=plan_file, status=FAILED, errors=(
            f"dealroom: {plan_file}: the worker publishing it stopped (killed, or out of "
            "memory); run dealroom publish again: it finishes what was left half-done",))


