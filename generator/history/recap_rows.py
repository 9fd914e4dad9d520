"""A recorded recap: what the store keeps of each recap e-mail written.

``dealroom recap`` records one :class:`RecordedRecap` per draft it writes (and
marks it ``sent`` when ``--send`` delivered it), so that the next recap can
count its changes from the version the last one was of, and say so truly.
:func:`recap_row` is the row inserted; :func:`checked_recap` reads one back and
raises :class:`~generator.history.store_rows.Damage` when a column is not what
it should be.
"""

from __future__ import annotations

import datetime as dt
import json

from generator.history.store_rows import Damage
from generator.record import Record

DELIVERIES = ("drafted", "sent")
"""``drafted``: the .eml was written (the seller sends it from a mail program);
``sent``: dealroom also sent it through SMTP."""


class RecordedRecap(Record):
    """One recap e-mail, as the history store keeps it."""

    deal_id: str
    """The deal's id."""
    version: int
    """The published version the recap was of."""
    since: int | None
    """The version its changes were counted from (None: it was of the first version)."""
    to: tuple[str, ...]
    """Person ids in To, in order."""
    cc: tuple[str, ...]
    """Person ids in Cc, in order."""
    delivery: str
    """``drafted`` or ``sent``."""
    recorded_at: dt.datetime
    """When it was recorded, in UTC, to the second."""


def recap_row(recap: RecordedRecap) -> dict:
    """The row to insert for ``recap`` (its time as ``YYYY-MM-DDTHH:MM:SSZ``)."""
    moment = recap.recorded_at.astimezone(dt.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
    return {"deal_id": recap.deal_id, "version": recap.version, "since": recap.since,
            "recipients_json": json.dumps({"to": list(recap.to), "cc": list(recap.cc)},
                                          ensure_ascii=False, separators=(",", ":")),
            "delivery": recap.delivery, "recorded_at": moment}


def checked_recap(row) -> RecordedRecap:
    """A stored row as a recap, every column checked; else :class:`Damage`."""
    version, since = row["version"], row["since"]
    if type(version) is not int or version < 1:
        raise Damage(f"version is not a whole number from 1: {version!r}")
    if since is not None and (type(since) is not int or not 0 <= since <= version):
        raise Damage(f"since is not a version number: {since!r}")
    if row["delivery"] not in DELIVERIES:
        raise Damage(f"delivery is not drafted or sent: {row['delivery']!r}")
    to, cc = _recipients(row["recipients_json"])
    return RecordedRecap(deal_id=row["deal_id"], version=version, since=since, to=to, cc=cc,
                         delivery=row["delivery"], recorded_at=recorded_moment(row["recorded_at"]))


def _recipients(text) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """``{"to": [ids], "cc": [ids]}`` as two tuples of person ids."""
    try:
        data = json.loads(text) if isinstance(text, str) else None
    except ValueError:
        data = None
    lists = [data.get(name) for name in ("to", "cc")] if isinstance(data, dict) else [None]
    if not all(isinstance(ids, list) and all(isinstance(i, str) for i in ids) for ids in lists):
        raise Damage("recipients_json is not an object with lists of person ids to and cc")
    return tuple(lists[0]), tuple(lists[1])


def recorded_moment(text) -> dt.datetime:
    """A stored ``recorded_at`` (``YYYY-MM-DDTHH:MM:SSZ``) as an aware time; else :class:`Damage`."""
    try:
        return dt.datetime.fromisoformat(str(text).replace("Z", "+00:00"))
    except ValueError:
        raise Damage(f"recorded_at is not a date and time: {text!r}") from None
