"""Reading the date a buyer left in a Due cell, without guessing.

A date is read in two ways, in this order:

1. exactly as the deal room prints it, in the document's locale: its medium
   pattern (``5 Dec 2026``, ``Dec 5, 2026``, ``05.12.2026``), and its long and
   full ones (``Tuesday 15 June 2027``), in every locale babel knows;
2. as people type it: a month name (the locale's or English) with a day and
   perhaps a year, in any order (``June 15, 2027``, ``Tue 15 Jun 2027``,
   ``15th of June``), or digits: ``2027-06-15`` and ``2027/06/15`` year first,
   anything else in the locale's numeric order (``15/06/2027`` in en_GB and
   de_DE, ``06/15/2027`` in en_US; ``15/6/27`` is 2027).

What cannot be read that way is a question for the seller, never a guess: a
numeric date impossible in the locale's order is not read the other way round,
a date without a year takes the year nearest to the old date or is a question,
and dates before 1970 or after 2199 are questions too.
"""

from __future__ import annotations

import datetime as dt
import re
from calendar import monthrange

from generator.errors import DocumentError
from generator.importing.date_words import LocaleWords, fold, is_letter, loose, words_of
from generator.record import Record

FIRST_YEAR, LAST_YEAR = 1970, 2199
MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August",
          "September", "October", "November", "December")
WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
FIELD_WORDS = {"d": "day", "M": "month", "y": "year"}
LONGEST = 80
"""Text longer than this is not a date; a question quotes no more of it."""


class DateReading(Record):
    """A date read from a cell, or the question that reading it raises."""

    date: dt.date | None = None
    question: str | None = None


class _Parts(Record):
    """What a text says, before it is checked."""

    day: int
    month: int
    year: int | None
    """None: no year was written."""
    weekday: int | None = None
    """0 (Monday) .. 6 when a weekday was written."""
    order: str | None = None
    """The numeric order the parts were read in (``dMy``), when it was the locale's."""


class _Question(Exception):
    """Reading stops: the text needs the seller's decision (the message says why)."""


class _Cell(Record):
    """The text being read and what it is read with."""

    said: str
    """The text, its spaces collapsed."""
    locale: str
    words: LocaleWords
    near: dt.date | None

    def question(self, why: str) -> _Question:
        """``"next week" is not a date: ...``."""
        return _Question(f"{quoted(self.said)} {why}")

    def example(self, month: int | None = None, day: int | None = None) -> str:
        """A date to show in a question: the old date, or today; with the day and month read."""
        example = self.near or today()
        if month and day and not _impossible(example.year, month, day):
            example = dt.date(example.year, month, day)
        return printed(example, self.locale)

    def not_a_date(self) -> _Question:
        return self.question(f"is not a date: write it as {self.example()}")

    def impossible(self, order: str | None, why: str) -> _Question:
        """``"15/06/2027" cannot be read in en_US, where dates are written month/day/year: ...``."""
        if order is None:
            return self.question(f"is not a date: {why}")
        written = "/".join(FIELD_WORDS[letter] for letter in order)
        return self.question(f"cannot be read in {self.locale}, where dates are written "
                             f"{written}: {why}")


def quoted(said: str) -> str:
    """Text a question quotes: in double quotes, cut after 80 characters."""
    return f'"{said}"' if len(said) <= LONGEST else f'"{said[:LONGEST]}…"'


def today() -> dt.date:
    """The day whose date questions show as an example when no old date is known."""
    return dt.date.today()


def read_date(text: str, locale: str, near: dt.date | None = None) -> DateReading:
    """The date ``text`` says in ``locale``; ``near`` (the old date) gives a missing year."""
    cell = _Cell(said=" ".join(text.split()), locale=locale, words=_words(locale), near=near)
    try:
        return DateReading(date=_checked(_printed(cell) or _typed(cell), cell))
    except _Question as question:
        return DateReading(question=str(question))


def _words(locale: str) -> LocaleWords:
    """The date words of ``locale``; an unknown locale is a document error."""
    from babel import UnknownLocaleError

    try:
        return words_of(locale.replace("-", "_"))
    except (UnknownLocaleError, ValueError, TypeError):
        raise DocumentError(f"unknown locale '{locale}': write it as en_GB, en_US, de_DE ...") \
            from None


def printed(day: dt.date, locale: str) -> str:
    """``day`` as the deal room prints it (``DealRoom.date``)."""
    from babel.dates import format_date

    return format_date(day, "medium", locale=locale.replace("-", "_"))


# -- reading -------------------------------------------------------------------------

def _printed(cell: _Cell) -> _Parts | None:
    """The parts of a date written in one of the locale's own patterns, or None."""
    text = fold(cell.said).strip()
    for pattern in cell.words.exact:
        found = pattern.fullmatch(text)
        if found:
            return _printed_parts(found, cell.words)
    return None


def _printed_parts(found: re.Match, words: LocaleWords) -> _Parts:
    group = found.groupdict()
    year = int(group["year"]) if group.get("year") else 2000 + int(group["short_year"])
    named = group.get("month_name")
    month = words.months[named] if named else int(group["month"])
    weekday = words.days[group["weekday"]] if group.get("weekday") else None
    where = {"d": found.start("day"), "M": found.start("month" if not named else "month_name"),
             "y": found.start("year" if group.get("year") else "short_year")}
    return _Parts(day=int(group["day"]), month=month, year=year, weekday=weekday,
                  order=None if named else "".join(sorted(where, key=where.get)))


def _typed(cell: _Cell) -> _Parts:
    """The parts of a date as people type it, or a question."""
    if len(cell.said) > LONGEST:
        raise cell.not_a_date()
    words = cell.words
    text = f" {loose(cell.said)} "
    month, text = _take_name(text, words.month_finder, words.typed_months, cell)
    weekday, text = _take_name(text, words.day_finder, words.typed_days, cell)
    text = re.sub(r"(\d)(?:st|nd|rd|th|er)\b", r"\1", text)
    text = re.sub(r"[^\W\d_]+", lambda w: " " if w.group() in words.fillers else w.group(), text)
    if re.search(r"[^\d\s,./\-–]", text):
        raise cell.not_a_date()
    numbers = re.findall(r"\d+", text)
    return _named(numbers, month, weekday, cell) if month else _numeric(numbers, weekday, cell)


def _take_name(text: str, finder: re.Pattern, names: dict, cell: _Cell):
    """The one name ``finder`` finds in ``text`` (or None), and the text without it."""
    found = [m for m in finder.finditer(text) if m.group() and _alone(text, m)]
    if len(found) > 1:
        raise cell.not_a_date()
    if not found:
        return None, text
    where = found[0]
    return names[where.group()], f"{text[:where.start()]} {text[where.end():]}"


def _alone(text: str, found: re.Match) -> bool:
    """Whether a name found in ``text`` is a whole word, not part of a longer one."""
    before = text[found.start() - 1] if found.start() else " "
    after = text[found.end()] if found.end() < len(text) else " "
    return not is_letter(before) and not is_letter(after)


def _named(numbers: list[str], month: int, weekday, cell: _Cell) -> _Parts:
    """A date with a month name: a day of one or two digits and perhaps a four-digit year."""
    days = [n for n in numbers if len(n) <= 2]
    years = [n for n in numbers if len(n) == 4]
    if len(days) == 1 and len(years) <= 1 and len(numbers) == len(days) + len(years):
        year = int(years[0]) if years else None
        return _Parts(day=int(days[0]), month=month, year=year, weekday=weekday)
    if not days and len(years) == len(numbers) <= 1:
        raise cell.question(f"has no day: write it as {cell.example()}")
    raise cell.not_a_date()


def _numeric(numbers: list[str], weekday, cell: _Cell) -> _Parts:
    """A date in digits: year first when it has four digits, else in the locale's order."""
    order = cell.words.order
    if len(numbers) == 3 and len(numbers[0]) == 4:
        read_as, order = "yMd", None
    elif len(numbers) == 3:
        read_as = order
    elif len(numbers) == 2 and all(len(n) <= 2 for n in numbers):
        read_as = order.replace("y", "")
    else:
        raise cell.not_a_date()
    value = dict(zip(read_as, numbers))
    year = value.get("y")
    if year is not None and len(year) not in (2, 4):
        raise cell.impossible(order, f"{year} is not a year")
    return _Parts(day=int(value["d"]), month=int(value["M"]), weekday=weekday, order=order,
                  year=None if year is None else int(year) + (2000 if len(year) == 2 else 0))


# -- checking ------------------------------------------------------------------------

def _checked(parts: _Parts, cell: _Cell) -> dt.date:
    """The date the parts name, or a question: no such day, no year, out of range."""
    year = parts.year if parts.year is not None else _nearest_year(parts, cell)
    wrong = _impossible(year, parts.month, parts.day)
    if wrong:
        raise cell.impossible(parts.order, wrong)
    if not FIRST_YEAR <= year <= LAST_YEAR:
        raise cell.question(f"is outside the years {FIRST_YEAR} to {LAST_YEAR}: "
                            f"write it as {cell.example()}")
    day = dt.date(year, parts.month, parts.day)
    if parts.weekday is not None and parts.weekday != day.weekday():
        raise cell.question(f"says {WEEKDAYS[parts.weekday]}, but {printed(day, cell.locale)} "
                            f"is a {WEEKDAYS[day.weekday()]}")
    return day


def _impossible(year: int | None, month: int, day: int) -> str | None:
    """Why there is no such day (``February 2027 has 28 days``), or None."""
    if not 1 <= month <= 12:
        return f"there is no month {month}"
    if not 1 <= day <= 31:
        return f"there is no day {day}"
    length = monthrange(2000 if year is None else year, month)[1]
    if day > length:
        when = MONTHS[month - 1] if year is None else f"{MONTHS[month - 1]} {year}"
        return f"{when} has {length} days"
    return None


def _nearest_year(parts: _Parts, cell: _Cell) -> int:
    """The year that puts a day and month nearest to the old date; a question when none does."""
    wrong = _impossible(None, parts.month, parts.day)
    if wrong:
        raise cell.impossible(parts.order, wrong)
    near = cell.near
    if near is not None:
        years = [y for y in (near.year - 1, near.year, near.year + 1)
                 if dt.MINYEAR <= y <= dt.MAXYEAR and not _impossible(y, parts.month, parts.day)]
        distances = sorted((abs((dt.date(y, parts.month, parts.day) - near).days), y)
                           for y in years)
        if distances and (len(distances) == 1 or distances[0][0] != distances[1][0]):
            return distances[0][1]
    raise cell.question(f"has no year: write it as {cell.example(parts.month, parts.day)}")
