"""``dealroom check PLAN...``: validate, then report health. Never writes."""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path
from generator.record import Record

from generator.errors import PlanError, Problem, UsageError
from generator.health import RULES, Health, assess
from generator.plan.loader import LoadedPlan, load_plan


class CheckResult(Record):
    """What ``check`` found in one file."""

    file: str
    loaded: LoadedPlan | None = None
    errors: tuple[Problem, ...] = ()
    load_warnings: tuple[Problem, ...] = ()
    """Warnings of a plan that did not load (a loaded plan keeps its own)."""
    health: Health | None = None
    unreadable: str | None = None
    """Why the file could not be read at all (missing, a folder ...)."""

    @property
    def warnings(self) -> tuple[Problem, ...]:
        """Load warnings (unknown keys)."""
        return self.loaded.warnings if self.loaded else self.load_warnings

    def exit_status(self, strict: bool) -> int:
        """2 unreadable, 1 errors (or, strict, warnings), else 0."""
        if self.unreadable:
            return 2
        if self.errors:
            return 1
        if strict and (self.warnings or (self.health and self.health.warnings)):
            return 1
        return 0


def parse_today(text: str | None) -> dt.date:
    """``--today`` as a date; today when not given. It must be a date a plan may hold."""
    from generator.plan.dates import OUTSIDE, within_bounds

    if text is None:
        return dt.date.today()
    try:
        day = dt.date.fromisoformat(text)
    except ValueError:
        raise UsageError(f"--today {text!r} is not a date; use YYYY-MM-DD") from None
    if not within_bounds(day):
        raise UsageError(f"--today {text} is {OUTSIDE}")
    return day


def parse_codes(text: str) -> frozenset[str]:
    """``--ignore MAP011,MAP017`` as a set of known codes."""
    codes = frozenset(c.strip().upper() for c in text.split(",") if c.strip())
    known = {rule.code for rule in RULES}
    unknown = sorted(codes - known)
    if unknown:
        raise UsageError(f"--ignore: unknown finding code {', '.join(unknown)}; "
                         f"codes are MAP001 to MAP{len(RULES):03d}")
    return codes


def check_file(path: str, today: dt.date, strict: bool, ignore: frozenset[str],
               store: str | None = None) -> CheckResult:
    """Load and assess one plan file, with its history when it has a store."""
    try:
        loaded = load_plan(path, strict=strict)
    except UsageError as error:
        return CheckResult(path, unreadable=str(error))
    except PlanError as error:
        return CheckResult(path, errors=tuple(error.problems), load_warnings=tuple(error.warnings))
    history = recorded_history(path, loaded.plan.deal.id, store)
    return CheckResult(path, loaded, health=assess(loaded.plan, today, history, ignore=ignore))


def recorded_history(path: str, deal_id: str, store: str | None):
    """The plan's recorded revisions for the rules that need them; None when it has no
    store (SQLite is not even imported then). A store that cannot be read is said
    on stderr and the check goes on without it: checking never depends on it."""
    from generator.history.location import store_exists, store_path

    if not store_exists(store_path(Path(path), store)):
        return None
    from generator.errors import StoreError
    from generator.history.revisions import history_from_revisions
    from generator.history.store import published_revisions

    try:
        revisions = published_revisions(Path(path), deal_id, store)
    except StoreError as error:
        print(f"dealroom: warning: {error}; checked without the history", file=sys.stderr)
        return None
    return history_from_revisions(revisions) if revisions else None


def run_check(plans: list[str], strict: bool, as_json: bool, today: str | None, ignore: str,
              store: str | None = None) -> int:
    """Check every plan, print the report, return the exit status."""
    day, codes = parse_today(today), parse_codes(ignore)
    results = [check_file(path, day, strict, codes, store) for path in plans]
    for result in results:
        if result.unreadable:  # a file that cannot be read is no part of the report
            print(f"dealroom: usage error: {result.unreadable}", file=sys.stderr)
    if as_json:
        from generator.commands.check_json import report_json

        print(report_json(results, day, strict))
    else:
        from generator.commands.check_text import report_text

        sys.stdout.write(report_text(results, color=_wants_color()))
    return max(result.exit_status(strict) for result in results)


def _wants_color() -> bool:
    import os

    return sys.stdout.isatty() and not os.environ.get("NO_COLOR") and os.environ.get("TERM") != "dumb"
