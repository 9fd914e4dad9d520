"""Dates as a seller writes them: ISO dates and relative rules.

A relative date is ``ANCHOR (+|-) N(d|w|bd)``: calendar days, weeks or
business days (Monday to Friday) from ``go_live``, ``signature`` or a task id.
A bare anchor (``signature``) means the same day as the anchor. Business days
also skip the public holidays of the step's side when the plan names its
calendar (:class:`~generator.plan.calendars.DaysOff`).
"""

from __future__ import annotations

import re
from generator.record import Record
from datetime import date, timedelta

RELATIVE = re.compile(
    r"^\s*(?P<anchor>[a-z0-9][a-z0-9_-]*?)\s*"
    r"(?:(?P<sign>[+-])\s*(?P<count>\d+)\s*(?P<unit>bd|d|w))?\s*$"
)
UNITS = {"d": "calendar days", "w": "weeks", "bd": "business days"}
RELATIVE_FORM = "YYYY-MM-DD or ANCHOR ± N(d|w|bd), e.g. 'go_live - 4w' or 'sec-review + 10bd'"
EARLIEST = date(1970, 1, 1)
"""The first date a plan may hold, and the earliest ``--today``."""
LATEST = date(2199, 12, 31)
"""The last date a plan may hold: far enough from year 9999 that every date the
writers compute from a plan's dates (quarter ends, timeline ticks) exists."""
OUTSIDE = f"outside the dates a plan may hold ({EARLIEST.isoformat()} to {LATEST.isoformat()})"


class RelativeDate(Record):
    """A date written relative to an anchor: ``sec-questionnaire + 10bd``."""

    anchor: str
    """``go_live``, ``signature`` or a task id."""
    offset: int
    """Signed number of units."""
    unit: str
    """``d`` (calendar days), ``w`` (weeks) or ``bd`` (business days)."""

    def from_anchor(self, anchor_date: date, days_off=None) -> date:
        """The date this rule gives when its anchor falls on ``anchor_date``;
        business days skip the holidays of ``days_off`` (a DaysOff) too."""
        if self.unit == "bd":
            return add_business_days(anchor_date, self.offset, days_off)
        days = self.offset * 7 if self.unit == "w" else self.offset
        return anchor_date + timedelta(days=days)

    def __str__(self) -> str:
        if not self.offset:
            return self.anchor
        sign = "-" if self.offset < 0 else "+"
        return f"{self.anchor} {sign} {abs(self.offset)}{self.unit}"


def parse_iso(text: str) -> date | None:
    """An ISO ``YYYY-MM-DD`` date, or None when ``text`` is not one."""
    if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", text.strip()):
        return None
    try:
        return date.fromisoformat(text.strip())
    except ValueError:
        return None


def parse_relative(text: str) -> RelativeDate | None:
    """A relative date rule, or None when ``text`` does not read as one."""
    match = RELATIVE.match(text)
    if not match:
        return None
    try:
        count = int(match["count"] or 0)
    except ValueError:  # more digits than Python converts (over 4300)
        return None
    offset = -count if match["sign"] == "-" else count
    return RelativeDate(match["anchor"], offset, match["unit"] or "d")


def within_bounds(day: date) -> bool:
    """Whether ``day`` is one a plan may hold (EARLIEST to LATEST)."""
    return EARLIEST <= day <= LATEST


def add_business_days(start: date, count: int, days_off=None) -> date:
    """``start`` moved by ``count`` business days: weekdays that are not among
    the holidays of ``days_off`` (a DaysOff, or None for weekends only).

    From a Saturday, +1bd is the Monday and -1bd the Friday; from a holiday,
    +1bd is the next business day. The weekdays are added first, then as many
    more as there were holidays among them, until a stretch holds none: the
    time taken grows with the holidays crossed, not with ``count``. A result
    beyond the dates a plan may hold raises OverflowError.
    """
    day = _add_weekdays(start, count)
    if days_off is None or not count:
        return day
    step, edge = (1 if count > 0 else -1), start
    while True:
        if not within_bounds(day):  # before holidays of years no plan reaches are read
            raise OverflowError("beyond the dates a plan may hold")
        missing = _holidays_crossed(days_off, edge, day, step)
        if not missing:
            return day
        edge, day = day, _add_weekdays(day, missing * step)


def _holidays_crossed(days_off, edge: date, day: date, step: int) -> int:
    """Weekday holidays after ``edge`` up to and including ``day``, in the direction of ``step``."""
    if step > 0:
        return days_off.weekday_holidays(edge + timedelta(days=1), day)
    return days_off.weekday_holidays(day, edge - timedelta(days=1))


def _add_weekdays(start: date, count: int) -> date:
    """``start`` moved by ``count`` weekdays. Whole weeks are added at once (five
    weekdays are seven days from any day), the last one to five days one at a
    time, so the time taken does not grow with ``count``. A result beyond the
    calendar raises OverflowError."""
    step = 1 if count >= 0 else -1
    weeks, days = divmod(abs(count), 5)
    if weeks and not days:  # at least one step by day, which leaves a weekend start
        weeks, days = weeks - 1, 5
    day = start + timedelta(weeks=weeks * step)
    for _ in range(days):
        day += timedelta(days=step)
        while day.weekday() >= 5:
            day += timedelta(days=step)
    return day


def business_days_between(start: date, end: date) -> int:
    """Weekdays after ``start`` up to and including ``end`` (negative if earlier)."""
    if end < start:
        return -business_days_between(end, start)
    weeks, days = divmod((end - start).days, 7)
    base = start + timedelta(weeks=weeks)
    return weeks * 5 + sum(1 for n in range(1, days + 1) if (base + timedelta(n)).weekday() < 5)


def quarter_end(day: date) -> date:
    """The last day of the calendar quarter that ``day`` falls in."""
    last_month = ((day.month - 1) // 3 + 1) * 3
    first_of_next = date(day.year + (last_month == 12), last_month % 12 + 1, 1)
    return first_of_next - timedelta(days=1)


def last_business_days(end: date, count: int) -> tuple[date, date]:
    """The first and last of the final ``count`` weekdays on or before ``end``."""
    last = end
    while last.weekday() >= 5:
        last -= timedelta(days=1)
    return add_business_days(last, -(count - 1)), last


def readable(day: date | None) -> str:
    """A date as buyers read it: ``5 Dec 2026`` (``no date`` when missing)."""
    return f"{day.day} {day:%b %Y}" if day else "no date"
