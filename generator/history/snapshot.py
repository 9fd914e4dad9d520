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


def restore(data, kind):
    """A snapshot back as ``kind`` (a Record class such as ``BuyerPlan``): the
    inverse of :func:`snapshot` for the model's field types (records, tuples,
    dates, optional values, plain values). Keys the class does not have are
    ignored, so an older dealroom's snapshot still reads."""
    return _restore(data, kind, {})


def _restore(data, kind, hints_of):
    import types
    import typing

    if data is None:
        return None
    if isinstance(kind, types.UnionType) or typing.get_origin(kind) is typing.Union:
        chosen = [k for k in typing.get_args(kind) if k is not type(None)]
        return _restore(data, chosen[0], hints_of)
    if typing.get_origin(kind) is tuple:
        item = typing.get_args(kind)[0]
        return tuple(_restore(value, item, hints_of) for value in data)
    if isinstance(kind, type) and issubclass(kind, Record):
        hints = hints_of.get(kind) or hints_of.setdefault(kind, typing.get_type_hints(kind))
        return kind(**{name: _restore(data[name], hints[name], hints_of)
                       for name in fields(kind) if name in data})
    if kind is dt.date:
        return dt.date.fromisoformat(data)
    return data
