"""Typed reading of YAML mappings that collects every problem with its place.

Each accessor returns a clean value (or None) and records a :class:`Problem`
for anything wrong, so the loader can report all errors of a file at once,
the way mkdocs validates its configuration.
"""

from __future__ import annotations

import datetime as dt
import re

from generator.plan.dates import OUTSIDE, RELATIVE_FORM, RelativeDate, parse_iso, parse_relative, within_bounds
from generator.errors import Problem
from generator.plan.plan_file import format_path, position

ISO_SHAPE = re.compile(r"\d{4}-\d{1,2}-\d{1,2}")
SLUG = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
SLUG_RULE = "use lowercase letters, digits and single hyphens, e.g. 'sec-review'"
ID_MAX_LENGTH = 64
"""An id names files and folders (``OUT/<deal-id>/``), so it stays well within a file name."""


def describe(value) -> str:
    """The type of a YAML value in a user's words."""
    if value is None:
        return "nothing"
    if isinstance(value, bool):
        return f"true/false ({str(value).lower()})"
    if isinstance(value, (int, float)):
        return f"a number ({value})"
    if isinstance(value, dt.datetime):
        return f"a date and time ({value.isoformat()})"
    if isinstance(value, dt.date):
        return f"a date ({value.isoformat()})"
    if isinstance(value, str):
        return f"text ('{_clip(value)}')"
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    return type(value).__name__  # pragma: no cover - YAML has no other types


def _clip(text: str, width: int = 40) -> str:
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1] + "…"


class FieldReader:
    """Reads the values of one plan file, collecting problems as it goes."""

    def __init__(self, root, filename: str, strict: bool = False):
        self.root = root
        self.filename = filename
        self.strict = strict
        self.problems: list[Problem] = []

    # -- reporting ---------------------------------------------------------

    def error(self, path, message: str, at_key: bool = False) -> None:
        """Record an error at ``path`` (a tuple of keys and indexes)."""
        self._add(path, message, "error", at_key)

    def _add(self, path, message: str, severity: str, at_key: bool) -> None:
        line, column = position(self.root, path, at_key)
        self.problems.append(Problem(self.filename, line, column, format_path(path), message, severity))

    @property
    def errors(self) -> list[Problem]:
        """The errors found so far."""
        return [p for p in self.problems if p.severity == "error"]

    # -- structure ---------------------------------------------------------

    def known_keys(self, node, path, allowed: tuple[str, ...]) -> None:
        """Warn (or, strict, fail) on keys the format does not have."""
        for key in node:
            if key not in allowed:
                severity = "error" if self.strict else "warning"
                self._add(path + (key,), _unknown_key(key, allowed), severity, at_key=True)

    def mapping(self, node, path, key, required: bool = True):
        """A nested mapping, or None (recorded when required or mistyped)."""
        value = self._present(node, path, key, required)
        if value is None:
            return None
        if not isinstance(value, dict):
            self.error(path + (key,), f"expected a mapping of keys, got {describe(value)}")
            return None
        return value

    def entries(self, node, path, key, required: bool = False, what: str = "entry"):
        """``(path, mapping)`` for each item of a list of mappings."""
        value = self._present(node, path, key, required)
        if value is None:
            return []
        if not isinstance(value, list):
            self.error(path + (key,), f"expected a list, got {describe(value)}")
            return []
        if required and not value:
            self.error(path + (key,), f"needs at least one {what}")
        found = []
        for index, item in enumerate(value):
            if isinstance(item, dict):
                found.append((path + (key, index), item))
            else:
                self.error(path + (key, index), f"expected a mapping ({what}), got {describe(item)}")
        return found

    def _present(self, node, path, key, required: bool):
        value = node.get(key)
        if value is None and required:
            self.error(path + (key,), f"required key '{key}' is missing" if key not in node
                       else f"required key '{key}' is empty")
        return value

    # -- scalars -----------------------------------------------------------

    def text(self, node, path, key, required: bool = False) -> str | None:
        """Free text; numbers are taken as written."""
        value = self._present(node, path, key, required)
        if value is None:
            return None
        if isinstance(value, bool) or not isinstance(value, (str, int, float)):
            self.error(path + (key,), f"expected text, got {describe(value)}")
            return None
        text = str(value).strip()
        if not text and required:
            self.error(path + (key,), f"required key '{key}' is empty")
            return None
        return text or None

    def slug(self, node, path, key: str = "id", required: bool = True) -> str | None:
        """An id: lowercase letters, digits and hyphens."""
        value = self._present(node, path, key, required)
        if value is None:
            return None
        return self.slug_value(value, path + (key,))

    def slug_value(self, value, path) -> str | None:
        """Check one id value found at ``path``."""
        if not isinstance(value, str) or isinstance(value, bool):
            self.error(path, f"expected an id, got {describe(value)}; {SLUG_RULE}")
            return None
        if not SLUG.fullmatch(value):
            self.error(path, f"'{_clip(value)}' is not a valid id; {SLUG_RULE}")
            return None
        if len(value) > ID_MAX_LENGTH:
            self.error(path, f"'{_clip(value)}' is {len(value)} characters long; an id may be "
                             f"at most {ID_MAX_LENGTH}")
            return None
        return value

    def choice(self, node, path, key, choices: tuple[str, ...], default=None,
               required: bool = False, what: str | None = None) -> str | None:
        """One of ``choices``."""
        value = self._present(node, path, key, required)
        if value is None:
            return default
        if value not in choices or not isinstance(value, str):
            shown = f"'{_clip(value)}'" if isinstance(value, str) else describe(value)
            self.error(path + (key,), f"unknown {what or key} {shown}; allowed: {', '.join(choices)}")
            return default
        return value

    def flag(self, node, path, key, default: bool) -> bool:
        """true or false."""
        value = node.get(key)
        if value is None:
            return default
        if not isinstance(value, bool):
            self.error(path + (key,), f"expected true or false, got {describe(value)}")
            return default
        return value

    def day(self, node, path, key, required: bool = False) -> dt.date | None:
        """An absolute date, YYYY-MM-DD."""
        value = self._present(node, path, key, required)
        if value is None:
            return None
        found = _as_date(value)
        if found is None:
            self.error(path + (key,), f"expected a date as YYYY-MM-DD, got {describe(value)}")
        return self._within_bounds(found, path + (key,))

    def date_rule(self, node, path, key, required: bool = False) -> dt.date | RelativeDate | None:
        """An absolute date or a relative rule such as ``go_live - 4w``."""
        value = self._present(node, path, key, required)
        if value is None:
            return None
        found = _as_date(value)
        if found is None and isinstance(value, str) and not ISO_SHAPE.fullmatch(value.strip()):
            found = parse_relative(value)  # '2027-02-30' is a bad date, not an anchor
        if found is None:
            self.error(path + (key,), f"expected a date ({RELATIVE_FORM}), got {describe(value)}")
        return self._within_bounds(found, path + (key,)) if isinstance(found, dt.date) else found

    def _within_bounds(self, day: dt.date | None, path) -> dt.date | None:
        if day is not None and not within_bounds(day):
            self.error(path, f"{day.isoformat()} is {OUTSIDE}")
            return None
        return day

    def ids(self, node, path, key) -> tuple[str, ...]:
        """A list of ids (a single id is taken as a list of one)."""
        value = node.get(key)
        if value is None:
            return ()
        if isinstance(value, str):
            found = self.slug_value(value, path + (key,))
            return (found,) if found else ()
        if not isinstance(value, list):
            self.error(path + (key,), f"expected a list of ids, got {describe(value)}")
            return ()
        checked = (self.slug_value(item, path + (key, i)) for i, item in enumerate(value))
        return tuple(item for item in checked if item)


def _as_date(value) -> dt.date | None:
    if isinstance(value, dt.datetime):
        return None
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        return parse_iso(value)
    return None


def _unknown_key(key, allowed: tuple[str, ...]) -> str:
    from difflib import get_close_matches

    close = get_close_matches(str(key), allowed, n=1, cutoff=0.6)
    hint = f" (did you mean '{close[0]}'?)" if close else ""
    return f"unknown key '{key}'{hint}; allowed here: {', '.join(allowed)}"
