"""What a locale writes in a date: its month and weekday names and its patterns.

The Word deal room prints dates with babel's medium pattern of the deal's
locale (``5 Dec 2026``, ``Dec 5, 2026``, ``05.12.2026``, ``2026年12月5日``);
reading a cell back needs the same words and patterns, in every locale babel
knows, plus English, which buyers type whatever the locale. This module builds
them once per locale: :func:`words_of` gives a :class:`LocaleWords`.

Text is compared *folded* (:func:`fold`): compatibility forms unified (full-width
digits), invisible format marks (right-to-left marks) dropped, case folded and
every run of spaces one space. Typed names are also compared *loose*
(:func:`loose`): accents dropped and a trailing dot ignored, so ``dec`` finds
``déc.``. A name that could mean two months (or two weekdays) is left out: it
is not read rather than guessed. A weekday name that is also a month name
(Spanish ``mar``) is read as the month.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from generator.record import Record

ENGLISH_EXTRA_MONTHS = {"sept": 9}
"""Abbreviations English speakers type that CLDR does not list."""
ENGLISH_EXTRA_DAYS = {"tues": 1, "weds": 2, "thur": 3, "thurs": 3}
ENGLISH_FILLERS = ("of", "the")
"""Words that may sit between the parts of a typed date: ``15th of June``."""
ERA_WIDTHS = ("abbreviated", "wide", "narrow")
PATTERN_LENGTHS = ("medium", "long", "full")
"""The locale patterns read exactly: the printed one first."""


class LocaleWords(Record):
    """The words and patterns of one locale's dates, folded."""

    exact: tuple[re.Pattern, ...]
    """The locale's medium, long and full patterns as regular expressions."""
    months: dict[str, int]
    """Month names in the locale's language, folded, to month numbers."""
    days: dict[str, int]
    """Weekday names in the locale's language, folded, to 0 (Monday) .. 6."""
    typed_months: dict[str, int]
    """Month names of the locale and of English, loose, to month numbers."""
    typed_days: dict[str, int]
    """Weekday names of the locale and of English, loose, to 0 (Monday) .. 6."""
    month_finder: re.Pattern
    """Finds the names of ``typed_months`` in loose text."""
    day_finder: re.Pattern
    """Finds the names of ``typed_days`` in loose text."""
    fillers: frozenset[str]
    """Loose words the locale's patterns (and English) put between the parts."""
    order: str
    """The order of a numeric date in this locale: ``dMy``, ``Mdy`` or ``yMd``."""


def fold(text: str) -> str:
    """``text`` as compared: compatibility forms unified, marks dropped, case folded."""
    text = unicodedata.normalize("NFKC", text)
    text = "".join(c for c in text if unicodedata.category(c) != "Cf")
    return re.sub(r"\s+", " ", text.casefold())


def loose(text: str) -> str:
    """Folded ``text`` without accents and without a trailing dot: ``déc.`` → ``dec``."""
    split = unicodedata.normalize("NFD", fold(text))
    bare = "".join(c for c in split if unicodedata.category(c) != "Mn")
    return unicodedata.normalize("NFC", bare).strip().rstrip(".").strip()


def is_letter(char: str) -> bool:
    """Whether ``char`` is part of a word (a letter or a combining mark)."""
    return char.isalpha() or unicodedata.category(char).startswith("M")


@lru_cache(maxsize=64)
def words_of(locale_name: str) -> LocaleWords:
    """The date words and patterns of a babel locale (``en_GB``); cached."""
    from babel import Locale

    locale = Locale.parse(locale_name)
    months = _unambiguous(_with_bare(_names(locale.months, fold)))
    days = _unambiguous(_with_bare(_names(locale.days, fold)))
    typed_months, typed_days = _typed_names(locale, Locale.parse("en"))
    patterns = [locale.date_formats[length].pattern for length in PATTERN_LENGTHS]
    return LocaleWords(
        exact=tuple(filter(None, (_pattern_regex(p, locale, months, days) for p in patterns))),
        months=months, days=days, typed_months=typed_months, typed_days=typed_days,
        month_finder=re.compile(_either(typed_months)), day_finder=re.compile(_either(typed_days)),
        fillers=_fillers(locale), order=_numeric_order(locale))


def _typed_names(locale, english) -> tuple[dict[str, int], dict[str, int]]:
    """Loose month and weekday names of the locale and of English; a month name wins."""
    months = _unambiguous(_names(locale.months, loose) + _names(english.months, loose)
                          + list(ENGLISH_EXTRA_MONTHS.items()))
    days = _unambiguous(_names(locale.days, loose) + _names(english.days, loose)
                        + list(ENGLISH_EXTRA_DAYS.items()))
    return months, {name: day for name, day in days.items() if name not in months}


def _names(table, key) -> list[tuple[str, int]]:
    """Every abbreviated and wide name of a babel month or weekday table, keyed."""
    return [(key(name), number) for context in ("format", "stand-alone")
            for width in ("abbreviated", "wide") for number, name in table[context][width].items()]


def _with_bare(pairs) -> list[tuple[str, int]]:
    """The names, and each again without its trailing dot: ``déc.`` and ``déc``."""
    return pairs + [(name.rstrip("."), number) for name, number in pairs]


def _unambiguous(pairs) -> dict[str, int]:
    """Name → number, leaving out a name given to two numbers (and empty names)."""
    meanings: dict[str, set[int]] = {}
    for name, number in pairs:
        meanings.setdefault(name, set()).add(number)
    return {name: numbers.pop() for name, numbers in meanings.items() if name and len(numbers) == 1}


def _numeric_order(locale) -> str:
    """``dMy``, ``Mdy`` or ``yMd``: the order of the fields of the locale's short date.

    Every babel locale's short date has all three; ``yMd`` (ISO) stands in otherwise.
    """
    from babel.dates import tokenize_pattern

    fields = [value[0].replace("L", "M") for kind, value in
              tokenize_pattern(locale.date_formats["short"].pattern) if kind == "field"]
    order = "".join(dict.fromkeys(letter for letter in fields if letter in "dMy"))
    return order if len(order) == 3 else "yMd"


def _fillers(locale) -> frozenset[str]:
    """The words written between the fields of the locale's patterns, and English ones."""
    from babel.dates import tokenize_pattern

    words = set(ENGLISH_FILLERS)
    for length in ("short",) + PATTERN_LENGTHS:
        for kind, value in tokenize_pattern(locale.date_formats[length].pattern):
            if kind == "chars":
                words.update(re.findall(r"[^\W\d_]+", loose(value)))
    return frozenset(words)


def _pattern_regex(pattern: str, locale, months: dict, days: dict) -> re.Pattern | None:
    """A babel date pattern as a regular expression on folded text; None if it cannot be read."""
    from babel.dates import tokenize_pattern

    parts = []
    for kind, value in tokenize_pattern(pattern):
        part = _literal(value) if kind == "chars" else _field(*value, locale, months, days)
        if part is None:
            return None
        parts.append(part)
    try:
        return re.compile("".join(parts))
    except re.error:  # a field twice in one pattern
        return None


def _literal(text: str) -> str:
    """Pattern text as a regular expression: spaces may be any, other characters exact."""
    return "".join(r"\s*" if char == " " else re.escape(char) for char in fold(text))


def _field(letter: str, count: int, locale, months: dict, days: dict) -> str | None:
    """One pattern field as a named group; None for a field a due date does not have."""
    if letter == "d":
        return r"(?P<day>\d{1,2})"
    if letter in "ML":
        return r"(?P<month>\d{1,2})" if count <= 2 else f"(?P<month_name>{_either(months)})"
    if letter == "y":
        return r"(?P<short_year>\d{2})" if count == 2 else r"(?P<year>\d{4})"
    if letter in "Ec":
        return f"(?P<weekday>{_either(days)})"
    if letter == "G":  # only the era of years after Christ
        return f"(?:{_either({fold(locale.eras[width][1]) for width in ERA_WIDTHS})})"
    return None


def _either(names) -> str:
    """An alternation of names, longest first."""
    return "|".join(re.escape(name) for name in sorted(names, key=len, reverse=True) if name)
