"""What a deal room shows of the plan's past: each version and what changed.

Built from the history store's revisions for one audience: the buyer's
changes are computed between consecutive buyer views of the plan, so nothing
that was seller-only shows through; the seller sees every stored change.
"""

from __future__ import annotations

import datetime as dt

from generator.record import Record


class VersionEntry(Record):
    """One published version as the revision history section lists it."""

    number: int
    on: dt.date
    author: str | None
    source: str
    note: str | None
    changes: tuple
    """:class:`generator.history.changes.Change` records, filtered for the audience."""
    seller_note: str | None = None
    """The seller's own note: only in the seller's past, never the buyer's."""


class Past(Record):
    """Every version so far (oldest first) and the moves of the latest one."""

    versions: tuple[VersionEntry, ...] = ()

    @property
    def latest(self) -> VersionEntry | None:
        """The version being shown."""
        return self.versions[-1] if self.versions else None

    def was(self, task_id: str) -> str | None:
        """The task's due date before the latest version moved it (ISO), if it moved."""
        if not self.latest or not self.latest.changes:
            return None
        from generator.history.changes import moved_from

        return moved_from(list(self.latest.changes), task_id)


def past_of(revisions, audience: str) -> Past:
    """The past of stored revisions, for ``buyer`` or ``seller`` eyes."""
    from generator.history.changes import buyer_changes, from_data

    versions, previous = [], None
    for revision in revisions:
        changes = from_data(revision.changes or [])
        if audience == "buyer":
            changes = buyer_changes(changes, previous.buyer if previous else None, revision.buyer)
        previous = revision
        versions.append(VersionEntry(
            number=revision.number, on=revision_day(revision), author=revision.author,
            source=revision.source, note=revision.note, changes=tuple(changes),
            seller_note=revision.seller_note if audience == "seller" else None))
    return Past(versions=tuple(versions))


def revision_day(revision) -> dt.date:
    """A revision's day: the day it was published as (``--today``) when the store
    kept it, so that the header and the history say one date; else when recorded."""
    published = (revision.published or {}).get("today")
    if published:
        return dt.date.fromisoformat(published)
    recorded_at = revision.recorded_at
    if isinstance(recorded_at, dt.datetime):
        return recorded_at.date()
    return dt.date.fromisoformat(str(recorded_at)[:10])
