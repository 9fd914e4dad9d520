"""``dealroom publish DIR``: publish every plan in a folder, ``--jobs`` at a time.

Each plan is published as ``dealroom publish PLAN`` would
(:mod:`generator.publishing.batch`); an unchanged plan records and writes
nothing. At a terminal a progress bar runs; otherwise nothing but the summary
is printed on stdout. Each failing plan is reported on stderr with its file and
line while the others are still published, and the exit status is then 1.
"""

from __future__ import annotations

from generator.workers import default_jobs

import os
import sys
from pathlib import Path

from generator.errors import UsageError
from generator.publishing.batch import FAILED, PUBLISHED, UNCHANGED

SUFFIXES = (".yaml", ".yml")


def plans_in(folder: str) -> list[str]:
    """The plan files of ``folder`` (``*.yaml``, ``*.yml``; not hidden ones), sorted by name."""
    found = sorted(p.name for p in Path(folder).iterdir()
                   if p.suffix in SUFFIXES and not p.name.startswith(".") and p.is_file())
    if not found:
        raise UsageError(f"{folder} holds no plan (*.yaml, *.yml): give a folder of plans, "
                         "or one plan file")
    return [os.path.join(folder, name) for name in found]


def refuse_single_plan_flags(folder: str, formats: str | None, reasons: list[str],
                             google_flags: list[str]) -> None:
    """Flags that only make sense for one plan are a usage error naming the flag."""
    if reasons:
        raise UsageError(f"--reason names the task codes of one plan, and {folder} is a folder: "
                         "publish that plan on its own (dealroom publish PLAN --reason ...), or "
                         "give --note, which applies to every plan")
    if "gdoc" in [name.strip() for name in (formats or "").split(",")]:
        raise UsageError(f"--to gdoc with the folder {folder}: publish the Google Docs one plan "
                         "at a time (dealroom publish PLAN --to html,pdf,gdoc)")
    if google_flags:
        raise UsageError(f"{google_flags[0]} is for the Google Doc, which is published one plan "
                         "at a time: dealroom publish PLAN --to gdoc ...")


def run_publish_folder(folder: str, formats: str | None, note: str | None, author: str | None,
                       out: str, store: str | None, today: str | None, theme: str | None,
                       seller_note: str | None, jobs: int | None) -> int:
    """Publish every plan of ``folder``; print the summary; 1 if any plan failed."""
    from generator.commands.check import parse_today
    from generator.commands.publish import check_formats, default_author
    from generator.history.location import store_path
    from generator.publishing.batch import BatchSettings, publish_all
    from generator.publishing.folders import DEFAULT_FORMATS

    if jobs is not None and jobs < 1:
        raise UsageError(f"--jobs {jobs}: give a number of processes, 1 or more")
    plans = plans_in(folder)
    chosen = formats or ",".join(DEFAULT_FORMATS)
    check_formats(chosen, folder)
    settings = BatchSettings(formats=chosen, out=out, today=parse_today(today),
                             store=str(store_path(Path(plans[0]), store)),
                             author=author or default_author(Path(plans[0])), note=note,
                             seller_note=seller_note, theme=theme)
    _open_store_once(settings.store)
    with _progress(len(plans)) as said:
        outcomes = publish_all(plans, settings, jobs or default_jobs(), said)
    outcomes = _same_deal_twice(outcomes)
    print(summary(outcomes))
    return 1 if any(o.status == FAILED for o in outcomes) else 0


def _open_store_once(store: str) -> None:
    """Create or migrate the store here, once: a store that cannot be used stops the
    command before any plan is published (and the workers never race to create it)."""
    from generator.history.location import open_store

    open_store(store).close()


def summary(outcomes) -> str:
    """``published 12, unchanged 30, failed 1 of 43``."""
    count = {status: sum(o.status == status for o in outcomes)
             for status in (PUBLISHED, UNCHANGED, FAILED)}
    return (f"published {count[PUBLISHED]}, unchanged {count[UNCHANGED]}, "
            f"failed {count[FAILED]} of {len(outcomes)}")


def _same_deal_twice(outcomes) -> list:
    """Plans that share a deal id publish over each other's versions: each one failed."""
    files_of: dict[str, list[str]] = {}
    for outcome in outcomes:
        if outcome.deal_id is not None:
            files_of.setdefault(outcome.deal_id, []).append(outcome.file)
    clashing = {}
    for deal_id, files in files_of.items():
        if len(files) > 1:
            clashing.update(dict.fromkeys(files, deal_id))
            print(f"dealroom: plan error: {', '.join(files)} have the same deal id {deal_id}: "
                  "each publish records the other's plan as a new version of that deal; give "
                  "each plan its own deal.id", file=sys.stderr)
    return [o.replace(status=FAILED) if o.file in clashing else o for o in outcomes]


class _progress:
    """A context giving ``said(outcome)``: a rich progress bar at a terminal, else silence;
    failures and warnings go to stderr as they come."""

    def __init__(self, total: int):
        self.total = total
        self.bar = None

    def __enter__(self):
        if sys.stdout.isatty():
            from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, \
                TimeRemainingColumn

            self.bar = Progress(TextColumn("publishing"), BarColumn(), MofNCompleteColumn(),
                                TimeRemainingColumn(), transient=True)
            self.task = self.bar.add_task("publishing", total=self.total)
            self.bar.start()
        return self.said

    def said(self, outcome) -> None:
        for line in (*outcome.errors, *outcome.warnings):
            print(line, file=sys.stderr)
        if self.bar is not None:
            self.bar.advance(self.task)

    def __exit__(self, *exc_info) -> None:
        if self.bar is not None:
            self.bar.stop()
