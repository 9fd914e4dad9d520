"""Days off for each side: weekends, and the public holidays of its calendars.

:class:`DaysOff` answers what business-day arithmetic and the health rules ask
of a side's calendars: how many weekday holidays fall between two dates, and
which holidays fall on a day. Holidays are read a year at a time, only when a
date in that year is asked about (see :mod:`generator.plan.holiday_source`).
"""

from __future__ import annotations

import bisect
import datetime as dt
from functools import lru_cache

from generator.plan.model import HolidayCalendar


class DaysOff:
    """The public holidays of one or more calendars (a shared step keeps both sides')."""

    def __init__(self, calendars: tuple[HolidayCalendar, ...]):
        self.calendars = calendars
        self._weekday_holidays: dict[int, list[dt.date]] = {}
        self._names: dict[int, dict[dt.date, list[tuple[HolidayCalendar, str]]]] = {}

    def holidays_on(self, day: dt.date) -> list[tuple[HolidayCalendar, str]]:
        """``(calendar, holiday name)`` for each calendar that has a holiday on ``day``."""
        self._load(day.year, day.year)
        return self._names[day.year].get(day, [])

    def weekday_holidays(self, first: dt.date, last: dt.date) -> int:
        """How many days from ``first`` to ``last`` (both included) are holidays on a weekday."""
        self._load(first.year, last.year)
        count = 0
        for year in range(first.year, last.year + 1):
            days = self._weekday_holidays[year]
            count += bisect.bisect_right(days, last) - bisect.bisect_left(days, first)
        return count

    def is_working_day(self, day: dt.date) -> bool:
        """A weekday that is no holiday."""
        return day.weekday() < 5 and not self.holidays_on(day)

    def _load(self, first_year: int, last_year: int) -> None:
        years = range(first_year, last_year + 1)
        if all(year in self._names for year in years):
            return
        from generator.plan.holiday_source import holidays_in

        for year in years:
            self._names[year] = {}
        for calendar in self.calendars:
            for year, days in holidays_in(calendar.country, calendar.subdivision, years).items():
                for day, name in days.items():
                    self._names[year].setdefault(day, []).append((calendar, name))
        for year in years:
            self._weekday_holidays[year] = sorted(day for day in self._names[year] if day.weekday() < 5)


@lru_cache(maxsize=16)
def days_off(calendars: tuple[HolidayCalendar, ...]) -> DaysOff | None:
    """The days off of these calendars (one object per set, so each year loads once);
    None without a calendar: only weekends are off."""
    return DaysOff(calendars) if calendars else None
