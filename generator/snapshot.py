"""A plan as plain data: what the history store keeps for every revision.

``snapshot(plan)`` turns the model (any :class:`~generator.record.Record`)
into JSON-ready dicts, lists, strings, numbers and ISO dates, field for field;
``snapshot(plan.for_buyer())`` is the buyer's data, which has no internal
field. ``content_hash`` identifies a snapshot: publishing the same content
twice gives the same hash, so nothing new is recorded.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json

from generator.record import Record, fields


def snapshot(value):
    """``value`` (a Record, tuple, date ...) as JSON-ready plain data."""
    if isinstance(value, Record):
        return {name: snapshot(getattr(value, name)) for name in fields(value)}
    if isinstance(value, (tuple, list)):
        return [snapshot(item) for item in value]
    if isinstance(value, dict):
        return {str(key): snapshot(item) for key, item in value.items()}
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    return value


def canonical_json(data) -> str:
    """One stable text for a snapshot: sorted keys, no spaces, UTF-8 kept."""
    return json.dumps(data, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def content_hash(data) -> str:
    """SHA-256 of the canonical text of a snapshot."""
    return hashlib.sha256(canonical_json(data).encode("utf-8")).hexdigest()
