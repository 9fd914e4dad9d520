"""The history store's schema in PostgreSQL: the same numbered migrations as SQLite's.

Migration *n* here makes the same tables and columns as migration *n* of
:data:`generator.history.store_schema.MIGRATIONS`, written for PostgreSQL;
the table ``dealroom_schema`` holds how many a database has had (one row),
as ``PRAGMA user_version`` does in SQLite. Text columns stay text (JSON
included) so that the same row checks read both stores. To change the
schema, append to both lists; never edit a migration that has shipped.
"""

from __future__ import annotations

from generator.history import store_schema

VERSION_TABLE = "dealroom_schema"
"""The one-row table holding the schema version: its presence marks a dealroom store."""

CREATE_VERSION_TABLE = f"""
    CREATE TABLE IF NOT EXISTS {VERSION_TABLE} (
        only_row boolean PRIMARY KEY DEFAULT true CHECK (only_row),
        version  integer NOT NULL CHECK (version >= 0)
    )"""

MIGRATIONS: tuple[tuple[str, ...], ...] = (
    # 1: one row per recorded revision of a deal
    ("""CREATE TABLE revisions (
            id           bigint  GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
            deal_id      text    NOT NULL,
            number       integer NOT NULL CHECK (number >= 1),
            recorded_at  text    NOT NULL,
            author       text,
            source       text    NOT NULL,
            note         text,
            buyer_json   text    NOT NULL,
            seller_json  text    NOT NULL,
            content_hash text    NOT NULL,
            changes_json text    NOT NULL DEFAULT '[]',
            reasons_json text    NOT NULL DEFAULT '{}'
        )""",
     "CREATE UNIQUE INDEX revisions_by_deal ON revisions (deal_id, number)"),
    # 2: how each revision was published
    ("ALTER TABLE revisions ADD COLUMN published_json text NOT NULL DEFAULT '{}'",),
    # 3: one row per recap written
    ("""CREATE TABLE recaps (
            id              bigint  GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
            deal_id         text    NOT NULL,
            version         integer NOT NULL CHECK (version >= 1),
            since           integer,
            recipients_json text    NOT NULL,
            delivery        text    NOT NULL CHECK (delivery IN ('drafted', 'sent')),
            recorded_at     text    NOT NULL
        )""",
     "CREATE INDEX recaps_by_deal ON recaps (deal_id, id)"),
    # 4: the seller's own note on a revision
    ("ALTER TABLE revisions ADD COLUMN seller_note text",),
    # 5: each state of a deal's Google Doc
    ("""CREATE TABLE google_docs (
            id            bigint  GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
            deal_id       text    NOT NULL,
            version       integer NOT NULL CHECK (version >= 1),
            file_id       text    NOT NULL,
            link          text    NOT NULL,
            revision_id   text    NOT NULL,
            drive_version text    NOT NULL,
            event         text    NOT NULL CHECK (event IN ('published', 'imported')),
            recorded_at   text    NOT NULL
        )""",
     "CREATE INDEX google_docs_by_deal ON google_docs (deal_id, id)"),
)
"""Every migration in order, as its SQL statements."""

assert len(MIGRATIONS) == len(store_schema.MIGRATIONS), "a migration is missing in one store"

ADDED_COLUMNS = {2: {"published_json": "{}"}, 4: {"seller_note": None}}
"""Revision columns a migration added → what a row read from an older store takes."""
TABLE_SINCE = {"recaps": 3, "google_docs": 5}
"""The schema version that made each side table."""


def defaults_before(version: int) -> dict[str, object]:
    """The columns a store at ``version`` lacks, with the values its rows take."""
    return {name: value for added, columns in ADDED_COLUMNS.items() if added > version
            for name, value in columns.items()}
