"""Reading a plan's calendars: each side's public holidays and the declared freezes.

``holidays:`` names a calendar per side as a country code (``US``), a country
and subdivision (``US-CA``) or ``{country: US, subdivision: CA}``; a calendar
the ``holidays`` package does not know is an error at its line, naming the
valid choices. ``freezes:`` lists ``{from, to, reason, side, shared}``.
"""

from __future__ import annotations

from generator.plan import model as m
from generator.plan.dates import parse_relative
from generator.plan.fields import FieldReader, describe

HOLIDAY_SIDES = ("buyer", "seller")
CALENDAR_KEYS = ("country", "subdivision")
FREEZE_KEYS = ("from", "to", "reason", "side", "shared")
CALENDAR_FORM = "a country code (US), a country and subdivision (US-CA) or {country: US, subdivision: CA}"


def read_holidays(r: FieldReader, root) -> m.Holidays:
    """The calendar of each side, from ``holidays:`` (none when absent)."""
    node = r.mapping(root, (), "holidays", required=False)
    if node is None:
        return m.Holidays()
    path = ("holidays",)
    r.known_keys(node, path, HOLIDAY_SIDES)
    return m.Holidays(**{side: _read_calendar(r, node, path + (side,)) for side in HOLIDAY_SIDES})


def _read_calendar(r: FieldReader, node, path) -> m.HolidayCalendar | None:
    value = node.get(path[-1])
    if value is None:
        return None
    if isinstance(value, dict):
        written = _mapping_form(r, value, path)
    elif isinstance(value, str) and value.strip():
        country, _, subdivision = value.strip().partition("-")
        written = (country, subdivision or None, path, path)
    else:
        r.error(path, f"expected {CALENDAR_FORM}, got {describe(value)}")
        return None
    return _known_calendar(r, *written) if written else None


def _mapping_form(r: FieldReader, node, path):
    r.known_keys(node, path, CALENDAR_KEYS)
    country = r.text(node, path, "country", required=True)
    subdivision = r.text(node, path, "subdivision")
    return (country, subdivision, path + ("country",), path + ("subdivision",)) if country else None


def _known_calendar(r: FieldReader, country: str, subdivision: str | None,
                    country_path, subdivision_path) -> m.HolidayCalendar | None:
    from generator.plan.holiday_source import UnknownCalendar, canonical

    try:
        return m.HolidayCalendar(*canonical(country, subdivision))
    except UnknownCalendar as unknown:
        r.error(subdivision_path if unknown.args[1] == "subdivision" else country_path, unknown.args[0])
        return None


def read_freezes(r: FieldReader, root) -> tuple[m.Freeze, ...]:
    """The declared freezes, from ``freezes:``; one with a problem is left out."""
    found = []
    for path, node in r.entries(root, (), "freezes", what="freeze"):
        r.known_keys(node, path, FREEZE_KEYS)
        first, last = _freeze_day(r, node, path, "from"), _freeze_day(r, node, path, "to")
        reason = r.text(node, path, "reason", required=True)
        side = r.choice(node, path, "side", m.FREEZE_SIDES, default="buyer")
        shared = r.flag(node, path, "shared", True)
        if first and last and last < first:
            r.error(path + ("to",), f"the freeze ends on {last.isoformat()}, before it starts on "
                                    f"{first.isoformat()}: 'to' is its last day, on or after 'from'")
        elif first and last and reason:
            found.append(m.Freeze(first, last, reason, side, shared))
    return tuple(found)


def _freeze_day(r: FieldReader, node, path, key: str):
    value = node.get(key)
    if isinstance(value, str) and parse_relative(value) and not value.strip()[:1].isdigit():
        r.error(path + (key,), f"a freeze's days are dates as YYYY-MM-DD, not relative to the plan; "
                               f"got '{value.strip()}'")
        return None
    return r.day(node, path, key, required=True)


def days_off_by_key(draft: dict, holidays: m.Holidays) -> dict:
    """For each date rule of the plan (``signature`` and task ids), the holidays its
    business days skip (a :class:`~generator.plan.calendars.DaysOff`): a task's side's, both sides' for a shared task and the signature."""
    if holidays.buyer is None and holidays.seller is None:
        return {}
    from generator.plan.calendars import days_off

    sides = {p["id"]: p["side"] for p in draft["people"]}
    found = {"signature": days_off(holidays.of("both"))}
    for task in draft["tasks"]:
        owner_sides = {sides[o] for o in task["owners"] if sides.get(o)}
        side = "shared" if len(owner_sides) > 1 else next(iter(owner_sides), None)
        if side and task["id"]:
            found.setdefault(task["id"], days_off(holidays.of(side)))
    return found
