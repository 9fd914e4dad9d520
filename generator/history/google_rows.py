"""A recorded Google Doc state: what the store keeps each time dealroom wrote or read one.

``publish --to gdoc`` records a :class:`GoogleDocState` after it updated the
document (event ``published``), and ``import --gdoc --apply`` one after it
merged the buyer's edits (event ``imported``). The newest state says what the
document looked like when dealroom last knew it: the Drive file's ``version``
and the Docs ``revisionId``. If the document changed since, the buyer did
something dealroom has not read, and the next publish refuses to overwrite it.
:func:`google_doc_row` is the row inserted; :func:`checked_google_doc` reads
one back and raises :class:`~generator.history.store_rows.Damage` when a
column is not what it should be.
"""

from __future__ import annotations

import datetime as dt
import re

from generator.history.recap_rows import recorded_moment
from generator.history.store_rows import Damage
from generator.record import Record

EVENTS = ("published", "imported")
"""``published``: dealroom wrote version ``version`` into the document;
``imported``: dealroom read the buyer's edits from it and merged them."""

_DIGITS = re.compile(r"\d{1,30}")


class GoogleDocState(Record):
    """One Google Doc of a deal, as dealroom last left or read it."""

    deal_id: str
    """The deal's id."""
    version: int
    """The deal's revision the document holds (the one written, or imported from)."""
    file_id: str
    """The Google Drive file id: the document's link never changes while it stays."""
    link: str
    """The address to open it (Drive's ``webViewLink``)."""
    revision_id: str
    """The Docs ``revisionId`` the document was at (opaque; equal means unchanged)."""
    drive_version: int
    """The Drive file's ``version``: it rises with every change anyone makes."""
    event: str
    """One of :data:`EVENTS`."""
    recorded_at: dt.datetime
    """When, in UTC, to the second."""


def google_doc_row(state: GoogleDocState) -> dict:
    """The row to insert for ``state``."""
    moment = state.recorded_at.astimezone(dt.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
    return {"deal_id": state.deal_id, "version": state.version, "file_id": state.file_id,
            "link": state.link, "revision_id": state.revision_id,
            "drive_version": str(state.drive_version), "event": state.event,
            "recorded_at": moment}


def checked_google_doc(row) -> GoogleDocState:
    """A stored row as a state, every column checked; else :class:`Damage`."""
    version = row["version"]
    if type(version) is not int or version < 1:
        raise Damage(f"version is not a whole number from 1: {version!r}")
    for name in ("file_id", "link", "revision_id"):
        if not isinstance(row[name], str) or not row[name]:
            raise Damage(f"{name} is empty or not text")
    if not isinstance(row["drive_version"], str) or not _DIGITS.fullmatch(row["drive_version"]):
        raise Damage(f"drive_version is not a number: {row['drive_version']!r}")
    if row["event"] not in EVENTS:
        raise Damage(f"event is not one of {', '.join(EVENTS)}: {row['event']!r}")
    moment = recorded_moment(row["recorded_at"])
    return GoogleDocState(deal_id=row["deal_id"], version=version, file_id=row["file_id"],
                          link=row["link"], revision_id=row["revision_id"],
                          drive_version=int(row["drive_version"]), event=row["event"],
                          recorded_at=moment)
