"""The history store's schema, as an ordered list of migrations.

``PRAGMA user_version`` holds how many migrations a database has had:
0 for a new file, 1 after :func:`create_revisions`, and so on. To change the
schema, append a function to :data:`MIGRATIONS`; never edit one that has
shipped, because databases out there already ran it. Each migration runs in
the same transaction as the ``user_version`` bump, so a database is always at
exactly one version.
"""

from __future__ import annotations

import sqlite3

APPLICATION_ID = 0x44524D31
"""``PRAGMA application_id`` of a dealroom store ("DRM1"): tells ours from other SQLite files."""


def create_revisions(connection: sqlite3.Connection) -> None:
    """Migration 1: one row per recorded revision of a deal."""
    connection.execute("""
        CREATE TABLE revisions (
            id           INTEGER PRIMARY KEY,
            deal_id      TEXT    NOT NULL,
            number       INTEGER NOT NULL CHECK (number >= 1),
            recorded_at  TEXT    NOT NULL,
            author       TEXT,
            source       TEXT    NOT NULL,
            note         TEXT,
            buyer_json   TEXT    NOT NULL,
            seller_json  TEXT    NOT NULL,
            content_hash TEXT    NOT NULL,
            changes_json TEXT    NOT NULL DEFAULT '[]',
            reasons_json TEXT    NOT NULL DEFAULT '{}'
        )""")
    connection.execute(
        "CREATE UNIQUE INDEX revisions_by_deal ON revisions (deal_id, number)")
    connection.execute(f"PRAGMA application_id = {APPLICATION_ID}")


def add_publications(connection: sqlite3.Connection) -> None:
    """Migration 2: how each revision was published (formats, theme, the day it
    was rendered for, the output folder), so that a later publish can write a
    missing ``v<N>/`` again exactly as it was, and ``history`` can say so."""
    connection.execute("ALTER TABLE revisions ADD COLUMN published_json TEXT NOT NULL DEFAULT '{}'")


def create_recaps(connection: sqlite3.Connection) -> None:
    """Migration 3: one row per recap written (drafted, or drafted and sent): which
    version it was of, the version its changes were counted from, who it was
    addressed to (person ids, To and Cc) and when, so that the next recap can
    truly say what changed "since the last recap"."""
    connection.execute("""
        CREATE TABLE recaps (
            id              INTEGER PRIMARY KEY,
            deal_id         TEXT    NOT NULL,
            version         INTEGER NOT NULL CHECK (version >= 1),
            since           INTEGER,
            recipients_json TEXT    NOT NULL,
            delivery        TEXT    NOT NULL CHECK (delivery IN ('drafted', 'sent')),
            recorded_at     TEXT    NOT NULL
        )""")
    connection.execute("CREATE INDEX recaps_by_deal ON recaps (deal_id, id)")


def add_seller_notes(connection: sqlite3.Connection) -> None:
    """Migration 4: the seller's own note on a revision (``publish --seller-note``),
    which only the seller's review and ``history`` show, never the buyer."""
    connection.execute("ALTER TABLE revisions ADD COLUMN seller_note TEXT")


def create_google_docs(connection: sqlite3.Connection) -> None:
    """Migration 5: one row each time dealroom wrote a deal's Google Doc or merged the
    buyer's edits from it: which file (its id and link), which deal revision it holds,
    and the document's revision id and Drive version at that moment, so that the next
    publish can tell whether the buyer changed it since."""
    connection.execute("""
        CREATE TABLE google_docs (
            id            INTEGER PRIMARY KEY,
            deal_id       TEXT    NOT NULL,
            version       INTEGER NOT NULL CHECK (version >= 1),
            file_id       TEXT    NOT NULL,
            link          TEXT    NOT NULL,
            revision_id   TEXT    NOT NULL,
            drive_version TEXT    NOT NULL,
            event         TEXT    NOT NULL CHECK (event IN ('published', 'imported')),
            recorded_at   TEXT    NOT NULL
        )""")
    connection.execute("CREATE INDEX google_docs_by_deal ON google_docs (deal_id, id)")


MIGRATIONS = (create_revisions, add_publications, create_recaps, add_seller_notes,
              create_google_docs)
"""Every migration in order; migration *n* takes a database from version n-1 to n."""
