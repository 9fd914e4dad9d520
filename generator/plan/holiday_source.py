"""Public holidays from the ``holidays`` package, kept in the user's cache folder.

Importing the ``holidays`` package costs more than all the rest of ``dealroom
check`` (its country registry imports some 280 modules), so it is imported only
when a plan names a calendar that is not cached yet, and what it says is kept:
one small text file per calendar, named by its country and subdivision codes,
in a folder named by the package's version, holding the canonical codes and the
holidays of each year asked for so far. The next command that needs the same
calendar reads the file and never imports the package.

The cache folder is ``$DEALROOM_CACHE``, else ``$XDG_CACHE_HOME/dealroom``, else
``~/.cache/dealroom``. A cache that cannot be read or written is not an error:
the package answers instead, only more slowly.
"""

from __future__ import annotations

import datetime as dt
import os
import re
from functools import lru_cache
from pathlib import Path

from generator.plan.dates import parse_iso

from generator.cache_folder import cache_folder

HEADER = "dealroom holiday calendar 1"
"""The first line of a cached calendar."""
ENGLISH = ("en_US", "en_GB")
"""Holiday names are in English where the package has them, else in the country's language."""


class UnknownCalendar(Exception):
    """A country or subdivision the package does not know; the loader reports it at its line.

    ``args``: the message, and ``country`` or ``subdivision`` (which was unknown).
    """


def canonical(country: str, subdivision: str | None) -> tuple[str, str | None]:
    """The codes the package uses for a calendar written ``country`` and
    ``subdivision`` (``usa``/``california`` gives ``US``/``CA``); raise
    UnknownCalendar, naming the valid choices, when it has no such calendar."""
    for guess in dict.fromkeys([subdivision, subdivision and subdivision.upper()]):
        if _entry(country.upper(), guess) is not None:
            return country.upper(), guess
    found = _ask_package(country, subdivision)
    _entry(*found, create=True)
    return found


def holidays_in(country: str, subdivision: str | None, years: range) -> dict[int, dict[dt.date, str]]:
    """The holidays of a calendar (canonical codes) in each of ``years``: date → name.
    Years not cached yet are asked of the package at once, and saved once."""
    entry = _entry(country, subdivision, create=True)
    missing = [year for year in years if str(year) not in entry["years"]]
    if missing:
        entry["years"].update(_holidays_from_package(country, subdivision, missing))
        _save(entry)
    return {year: {dt.date.fromisoformat(day): name for day, name in entry["years"][str(year)].items()}
            for year in years}


# -- the cache --------------------------------------------------------------------------

_ENTRIES: dict[tuple[str, str | None], dict] = {}
"""Calendars read or made in this process, by canonical codes."""


def _entry(country: str, subdivision: str | None, create: bool = False) -> dict | None:
    key = (country, subdivision)
    if key not in _ENTRIES:
        found = _read(country, subdivision)
        if found is None and not create:
            return None
        _ENTRIES[key] = found or {"country": country, "subdivision": subdivision, "years": {}}
        if found is None:
            _save(_ENTRIES[key])
    return _ENTRIES[key]


def _file(country: str, subdivision: str | None) -> Path | None:
    version = _package_version()
    if version is None:
        return None
    name = country if subdivision is None else f"{country}-{subdivision}"
    return cache_folder() / f"holidays-{version}" / (re.sub(r"[^A-Za-z0-9-]", "_", name) + ".tsv")


def _read(country: str, subdivision: str | None) -> dict | None:
    """The cached calendar, or None when there is none, or it is damaged or another's."""
    path = _file(country, subdivision)
    try:
        entry = _parse(path.read_text(encoding="utf-8")) if path else None
    except (OSError, ValueError):
        return None
    if entry is None or (entry["country"], entry["subdivision"]) != (country, subdivision):
        return None
    return entry


def _parse(text: str) -> dict | None:
    """A calendar from the cache's text (see :func:`_format`); None if it is not one.
    Plain text rather than JSON: importing ``json`` alone would cost ``check`` 2 ms."""
    lines = text.split("\n")
    if lines[0] != HEADER:
        return None
    entry: dict = {"years": {}}
    year = None
    for line in filter(None, lines[1:]):
        key, tab, value = line.partition("\t")
        if not tab:
            return None
        if key in ("country", "subdivision"):
            entry[key] = value or None
        elif key == "year" and value.isdigit():
            year = entry["years"].setdefault(value, {})
        elif year is not None and parse_iso(key) and value:
            year[key] = value
        else:
            return None
    return entry if entry.get("country") and "subdivision" in entry else None


def _format(entry: dict) -> str:
    """A header, the codes, then ``year<TAB>2026`` before the ``date<TAB>name`` lines of each year."""
    lines = [HEADER, f"country\t{entry['country']}", f"subdivision\t{entry['subdivision'] or ''}"]
    for year in sorted(entry["years"], key=int):
        lines.append(f"year\t{year}")
        lines += [f"{day}\t{' '.join(name.split())}" for day, name in sorted(entry["years"][year].items())]
    return "\n".join(lines) + "\n"


def _save(entry: dict) -> None:
    from generator.files import write_atomically

    path = _file(entry["country"], entry["subdivision"])
    if path is None:
        return
    try:
        write_atomically(path, _format(entry))
    except OSError:
        pass  # a read-only home: the package answers again next time


@lru_cache(maxsize=1)
def _package_version() -> str | None:
    """The installed package's version from its metadata folder's name, found
    without importing it, nor ``importlib.util`` (None when it is not installed
    as a distribution: then nothing is cached)."""
    import sys

    spec = next(filter(None, (getattr(finder, "find_spec", lambda *_: None)("holidays", None)
                              for finder in sys.meta_path)), None)
    if spec is None or not spec.submodule_search_locations:
        return None
    site = Path(list(spec.submodule_search_locations)[0]).parent
    try:
        versions = [entry.name[9:-10] for entry in os.scandir(site)
                    if entry.name.startswith("holidays-") and entry.name.endswith(".dist-info")]
    except OSError:
        return None
    return versions[0] if len(versions) == 1 else None


# -- the package ------------------------------------------------------------------------

def _ask_package(country: str, subdivision: str | None) -> tuple[str, str | None]:
    import holidays

    codes = {c.upper(): c for c in holidays.list_supported_countries(include_aliases=True)}
    if country.upper() not in codes:
        raise UnknownCalendar(_unknown_country(country), "country")
    entity = holidays.country_holidays(codes[country.upper()])
    if subdivision is None:
        return entity.country, None
    choices = {s.upper(): s for s in entity.subdivisions}
    choices.update({a.upper(): s for a, s in getattr(entity, "subdivisions_aliases", {}).items()})
    if subdivision.upper() not in choices:
        raise UnknownCalendar(f"unknown subdivision '{subdivision}' of {entity.country}; "
                              f"subdivisions of {entity.country}: {', '.join(entity.subdivisions)}",
                              "subdivision")
    return entity.country, choices[subdivision.upper()]


def _unknown_country(country: str) -> str:
    from difflib import get_close_matches

    from holidays.registry import COUNTRIES

    names = {re.sub(r"(?<=[a-z])(?=[A-Z])", " ", e[0]).lower(): e[1] for e in COUNTRIES.values()}
    close = get_close_matches(country.lower(), names, n=1, cutoff=0.75)
    hint = f" (did you mean {names[close[0]]}, {close[0].title()}?)" if close else ""
    codes = sorted(e[1] for e in COUNTRIES.values())
    return f"unknown country '{country}'{hint}; countries: {', '.join(codes)}"


def _holidays_from_package(country: str, subdivision: str | None, years: list[int]) -> dict[str, dict]:
    import holidays

    kind = holidays.country_holidays(country, subdiv=subdivision)
    language = next((lang for lang in ENGLISH if lang in kind.supported_languages), None)
    found = holidays.country_holidays(country, subdiv=subdivision, years=years, language=language)
    by_year: dict[str, dict] = {str(year): {} for year in years}
    for day, name in sorted(found.items()):
        by_year[str(day.year)][day.isoformat()] = name
    return by_year
