"""A stored revision, read from its row and checked part by part.

The history store (:mod:`generator.history.store`) hands every row it reads to
:func:`checked_revision`: each JSON column must parse, the time must be a
time, the snapshots must have the lists readers walk, the seller snapshot
must match its hash, and every change must be one dealroom can describe.
Whatever is wrong is a :class:`Damage` saying so in a few words, which the
store turns into an error naming the file, the deal and the revision.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json

from generator.record import Record


class StoredRevision(Record):
    """One recorded revision of a deal, as the store keeps it."""

    deal_id: str
    """The deal's id (``deal.id`` in the plan)."""
    number: int
    """1, 2, 3 ... per deal, in the order recorded."""
    recorded_at: dt.datetime
    """When it was recorded, in UTC, to the second."""
    author: str | None
    """Who recorded it."""
    source: str
    """``publish``, ``import:docx`` or ``import:gdoc``."""
    note: str | None
    """The ``--note`` given, if any (the buyer reads it in the revision history)."""
    content_hash: str
    """SHA-256 of the seller snapshot's canonical JSON."""
    buyer: dict
    """The plan as the buyer sees it (``snapshot(plan.for_buyer())``)."""
    seller: dict
    """The whole plan, seller-side (``snapshot(plan)``)."""
    changes: list
    """The changes against the previous revision, as given when recorded."""
    reasons: dict
    """Why dates moved: task id → reason text."""
    published: dict | None = None
    """How it was published: ``formats``, ``theme``, ``today`` (ISO) and
    ``folder`` (absolute); empty for revisions recorded before dealroom kept it."""
    seller_note: str | None = None
    """The seller's own note (``--seller-note``): the store, ``history`` and the
    seller's review show it; no buyer output does."""

    def holds(self, plan) -> bool:
        """Whether this revision is exactly ``plan`` (the whole plan, by content hash)."""
        from generator.history.snapshot import content_hash, snapshot

        return self.content_hash == content_hash(snapshot(plan))


def revision_of(row) -> StoredRevision:
    """A stored row (a ``sqlite3.Row`` or the dict just inserted) as a revision.

    Raises :class:`Damage` when a JSON column or the time cannot be read.
    """
    return StoredRevision(
        deal_id=row["deal_id"], number=row["number"],
        recorded_at=_moment(row["recorded_at"]),
        author=row["author"], source=row["source"], note=row["note"],
        content_hash=row["content_hash"], buyer=_json(row, "buyer_json"),
        seller=_json(row, "seller_json"), changes=_json(row, "changes_json"),
        reasons=_json(row, "reasons_json"), published=_json(row, "published_json") or None,
        seller_note=_optional(row, "seller_note"))


def _optional(row, column: str):
    """A column an older store does not have (then None)."""
    try:
        return row[column]
    except (KeyError, IndexError):
        return None


class Damage(Exception):
    """What is wrong with one stored row, in a few words."""


def checked_revision(row: dict) -> StoredRevision:
    """A row read from the store as a revision, every part checked; else :class:`Damage`."""
    revision = revision_of(row)
    _check_fields(revision)
    for name in ("buyer", "seller"):
        _check_snapshot(f"{name}_json", getattr(revision, name))
    if hashlib.sha256(row["seller_json"].encode("utf-8")).hexdigest() != revision.content_hash:
        raise Damage("seller_json does not match its content_hash")
    _check_changes(revision.changes)
    _check_reasons(revision.reasons)
    if revision.published is not None and not isinstance(revision.published, dict):
        raise Damage("published_json is not an object")
    return revision


def _moment(text) -> dt.datetime:
    if not isinstance(text, str):
        raise Damage("recorded_at is not text")
    try:
        return dt.datetime.fromisoformat(text)
    except ValueError:
        raise Damage(f"recorded_at is not a date and time: {text!r}") from None


def _json(row, name: str):
    text = row[name]
    if not isinstance(text, str):
        raise Damage(f"{name} is not text")
    try:
        return json.loads(text)
    except ValueError as error:
        raise Damage(f"{name} is not valid JSON: {error}") from None


def _check_fields(revision: StoredRevision) -> None:
    """Whole numbers and text where the columns say so."""
    if type(revision.number) is not int or revision.number < 1:
        raise Damage(f"number is not a whole number from 1: {revision.number!r}")
    optional = ("author", "note", "seller_note")
    for name in ("deal_id", "source", "content_hash", *optional):
        value = getattr(revision, name)
        if not isinstance(value, str) and (value is not None or name not in optional):
            raise Damage(f"{name} is not text")


_SNAPSHOT_LISTS = {"tasks": "id", "people": "id", "objectives": "title", "risks": "id"}
"""The lists of a plan snapshot that readers walk, and the text key each item has."""


def _check_snapshot(name: str, data) -> None:
    """A plan snapshot: an object with lists of objects that have their ids."""
    if not isinstance(data, dict):
        raise Damage(f"{name} is not an object")
    for part, key in _SNAPSHOT_LISTS.items():
        items = data.get(part, [] if part == "risks" else None)
        if not isinstance(items, list):
            raise Damage(f"{name} has no list of {part}")
        for number, item in enumerate(items, start=1):
            if not isinstance(item, dict) or not isinstance(item.get(key), str):
                raise Damage(f"{name} {part} item {number} is not an object with a text {key}")
    for number, task in enumerate(data["tasks"], start=1):
        for key in ("due", "done_on"):
            if not _iso_date_or_none(task.get(key)):
                raise Damage(f"{name} tasks item {number} has a {key} that is not a date")


def _check_changes(changes) -> None:
    """A list of changes, each one :func:`generator.history.changes.from_data` takes and can describe."""
    from generator.history.changes import from_data

    if not isinstance(changes, list):
        raise Damage("changes_json is not a list")
    for number, item in enumerate(changes, start=1):
        where = f"changes_json item {number}"
        if not isinstance(item, dict):
            raise Damage(f"{where} is not an object")
        problem = _change_problem(item)
        if problem is None:
            try:
                from_data([item])
            except (TypeError, ValueError) as error:
                problem = str(error)
        if problem:
            raise Damage(f"{where}: {problem}")


_CHANGE_TEXT = ("kind", "subject", "before", "after", "reason", "label", "aspect")
_DATED_CHANGES = ("go_live_moved", "signature_moved")


def _change_problem(item: dict) -> str | None:
    """What makes one stored change unusable, or None."""
    for name in ("kind", "subject"):
        if name not in item:
            return f"it has no {name}"
    for name in _CHANGE_TEXT:
        value = item.get(name)
        if not isinstance(value, str) and (value is not None or name in ("kind", "subject")):
            return f"its {name} is not text"
    days = item.get("days")
    if days is not None and type(days) is not int:
        return "its days is not a whole number"
    if item["kind"].startswith("date_") or item["kind"] in _DATED_CHANGES:
        if not (_iso_date_or_none(item.get("before")) and _iso_date_or_none(item.get("after"))):
            return "its before or after is not a date"
    return None


def _iso_date_or_none(value) -> bool:
    if value is None:
        return True
    try:
        dt.date.fromisoformat(value)
    except (TypeError, ValueError):
        return False
    return True


def _check_reasons(reasons) -> None:
    if not isinstance(reasons, dict):
        raise Damage("reasons_json is not an object")
    if not all(isinstance(text, (str, type(None))) for text in reasons.values()):
        raise Damage("reasons_json holds a reason that is not text")
