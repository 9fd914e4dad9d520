"""The revision history store in a team's PostgreSQL database (``--store postgresql://...``).

:class:`PostgresStore` has the public API of :class:`generator.history.store.Store`
and its guarantees, kept by the server rather than by a file lock:

- numbered migrations (:mod:`generator.history.postgres_schema`), run in one
  transaction under a transaction-level advisory lock, so that dealrooms
  opening a new database at the same moment migrate it once;
- revision numbers without gaps or duplicates under any number of publishers
  on any number of machines: :meth:`record` takes the deal's transaction-level
  advisory lock (``pg_advisory_xact_lock``) before it reads the latest revision,
  so writers of one deal queue (up to ``timeout`` seconds, ``lock_timeout``)
  and each sees the revision it follows; the unique index on (deal, number)
  stands behind the lock;
- nothing half-written: one transaction per record; a process killed
  mid-record loses its connection and the server rolls the transaction back;
- a store of a newer dealroom, and every damaged row, refused with the SQLite
  store's words (the same row checks name the row).

``publish`` also holds the deal's session advisory lock (:meth:`try_lock_deal`)
while it writes the deal room, as it holds a lock file beside a SQLite store.
``path`` is the URL without its password, for messages only. psycopg is
imported only by this module's :mod:`~generator.history.postgres_connection`,
so only when a PostgreSQL store is used.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import urllib.parse

from generator.errors import StoreError
from generator.history import postgres_schema as schema
from generator.history.google_rows import GoogleDocState, checked_google_doc, google_doc_row
from generator.history.location import shown
from generator.history.postgres_connection import connect, server_errors
from generator.history.recap_rows import RecordedRecap, checked_recap, recap_row
from generator.history.postgres_connection import ELSEWHERE as _ELSEWHERE, RESTORE as _RESTORE
from generator.history.store import BUSY_TIMEOUT, _columns, check_source, next_revision_row
from generator.history import store_schema
from generator.history.store_rows import Damage, StoredRevision, checked_revision, revision_of

SCHEMA_LOCK = (0x44524D30, 0)
"""The advisory lock (two int4 keys) held while migrating."""
RECORD_LOCKS = 0x44524D31
"""First key of a deal's transaction-level lock while recording (second: hashtext(deal))."""
PUBLISH_LOCKS = 0x44524D32
"""First key of a deal's session-level lock while publishing (second: hashtext(deal))."""


class PostgresStore:
    """An open PostgreSQL history store; use as a context manager, or call :meth:`close`."""

    kind = "postgresql"

    def __init__(self, connection, url: str, timeout: float, read_only: bool):
        self._connection = connection
        self._secret = urllib.parse.urlsplit(url).password  # never in a message
        self.path = shown(url)
        """The URL without its password: for messages only."""
        self.timeout = timeout
        self.read_only = read_only
        self._version = 0

    @classmethod
    def open(cls, url: str, *, create: bool = True, timeout: float = BUSY_TIMEOUT) -> PostgresStore:
        """Connect to the database at ``url`` and (unless ``create=False``) migrate it.

        With ``create=False`` the session is read-only and nothing is created or
        migrated; an older schema is read with its missing columns' defaults.
        """
        store = cls(None, url, timeout, read_only=not create)
        store._connection = store._connect(url)
        try:
            with store._errors():
                store._prepare() if create else store._check_readable()
        except BaseException:
            store.close()
            raise
        return store

    def close(self) -> None:
        """Close the connection (the server releases any lock it held)."""
        if self._connection is not None:
            self._connection.close()

    def __enter__(self) -> PostgresStore:
        return self

    def __exit__(self, *exc_info) -> None:
        self.close()

    # --- writing ---------------------------------------------------------

    def record(self, deal_id: str, seller: dict, buyer: dict, *, author: str | None,
               source: str, note: str | None, changes=None, reasons: dict | None = None,
               now: dt.datetime | None = None, published: dict | None = None,
               number: int | None = None, seller_note: str | None = None) -> StoredRevision | None:
        """Record a new revision of ``deal_id``, as :meth:`Store.record
        <generator.history.store.Store.record>` does; None when the content equals the latest."""
        check_source(source)
        self.revisions(deal_id)  # a damaged history is refused before anything is written
        with self._transaction():
            self._execute("SELECT pg_advisory_xact_lock(%s, hashtext(%s))", RECORD_LOCKS, deal_id)
            row = next_revision_row(self.path, deal_id, self._latest_row(deal_id), seller, buyer,
                                    changes=changes, reasons=reasons, now=now,
                                    published=published, number=number, author=author,
                                    source=source, note=note, seller_note=seller_note)
            if row is None:
                return None
            self._insert(row)
        return revision_of(row)

    def _insert(self, row: dict) -> None:
        """Insert a revision row (inside :meth:`record`'s transaction)."""
        self._insert_row("revisions", row)

    def record_recap(self, recap: RecordedRecap) -> None:
        """Record a recap written of one of the deal's versions."""
        with self._transaction():
            self._insert_row("recaps", recap_row(recap))

    def record_google_doc(self, state: GoogleDocState) -> None:
        """Record that the deal's Google Doc was written or read at ``state``."""
        with self._transaction():
            self._insert_row("google_docs", google_doc_row(state))

    def try_lock_deal(self, deal_id: str) -> bool:
        """Take the deal's publishing lock for this session if no one holds it."""
        with self._errors():
            return self._execute("SELECT pg_try_advisory_lock(%s, hashtext(%s))",
                                 PUBLISH_LOCKS, deal_id).fetchone()["pg_try_advisory_lock"]

    def unlock_deal(self, deal_id: str) -> None:
        """Give back the deal's publishing lock (closing the connection does too)."""
        with self._errors():
            self._execute("SELECT pg_advisory_unlock(%s, hashtext(%s))", PUBLISH_LOCKS, deal_id)

    # --- reading ---------------------------------------------------------

    def deal_ids(self) -> list[str]:
        """Every deal with a recorded revision, by id."""
        if self._version == 0:
            return []
        with self._errors():
            rows = self._execute("SELECT DISTINCT deal_id FROM revisions ORDER BY deal_id").fetchall()
        return [row["deal_id"] for row in rows]

    def revisions(self, deal_id: str) -> list[StoredRevision]:
        """Every revision of the deal, oldest first (empty when none is recorded)."""
        return self._revisions(deal_id, "ORDER BY number")

    def latest(self, deal_id: str) -> StoredRevision | None:
        """The deal's newest revision, or None."""
        found = self._revisions(deal_id, "ORDER BY number DESC LIMIT 1")
        return found[0] if found else None

    def revision(self, deal_id: str, number: int) -> StoredRevision | None:
        """Revision ``number`` of the deal, or None when there is no such revision."""
        found = self._revisions(deal_id, "AND number = %s", number)
        return found[0] if found else None

    def recaps(self, deal_id: str) -> list[RecordedRecap]:
        """Every recap recorded for the deal, oldest first."""
        return self._side_rows("recaps", deal_id, checked_recap, "recap")

    def google_docs(self, deal_id: str) -> list[GoogleDocState]:
        """Every Google Doc state recorded for the deal, oldest first."""
        return self._side_rows("google_docs", deal_id, checked_google_doc, "Google Doc record")

    def _revisions(self, deal_id: str, rest: str, *parameters) -> list[StoredRevision]:
        if self._version == 0:
            return []
        defaults = schema.defaults_before(self._version)
        with self._errors():
            rows = self._execute(f"SELECT * FROM revisions WHERE deal_id = %s {rest}",
                                 deal_id, *parameters).fetchall()
        return [self._checked_row(checked_revision, {**defaults, **row},
                                  f"revision {row.get('number')} of {deal_id}") for row in rows]

    def _side_rows(self, table: str, deal_id: str, check, what: str) -> list:
        if self._version < schema.TABLE_SINCE[table]:
            return []
        with self._errors():
            if not self._has_table(table):
                raise StoreError(f"{self.path}: the history store is damaged (its {table} table "
                                 f"is missing): {_RESTORE}")
            rows = self._execute(f"SELECT * FROM {table} WHERE deal_id = %s ORDER BY id",
                                 deal_id).fetchall()
        return [self._checked_row(check, row, f"{what} {number} of {deal_id}")
                for number, row in enumerate(rows, start=1)]

    def _checked_row(self, check, row: dict, named: str):
        try:
            return check(row)
        except Damage as damage:
            raise StoreError(f"{self.path}: {named} is damaged ({damage}): {_RESTORE}") from None

    def _latest_row(self, deal_id: str) -> dict | None:
        return self._execute("SELECT * FROM revisions WHERE deal_id = %s "
                             "ORDER BY number DESC LIMIT 1", deal_id).fetchone()

    # --- the schema ------------------------------------------------------

    def _prepare(self) -> None:
        """Every migration this database has not had yet, once, whoever else is opening it."""
        if self._read_version() == len(schema.MIGRATIONS):
            self._check_schema()
            return
        with self._transaction():
            self._execute("SELECT pg_advisory_xact_lock(%s, %s)", *SCHEMA_LOCK)
            version = self._read_version()
            if not self._has_table(schema.VERSION_TABLE):
                self._execute(schema.CREATE_VERSION_TABLE)
                self._execute(f"INSERT INTO {schema.VERSION_TABLE} (version) VALUES (0)")
            for number, statements in enumerate(schema.MIGRATIONS[version:], start=version + 1):
                for statement in statements:
                    self._execute(statement)
                self._execute(f"UPDATE {schema.VERSION_TABLE} SET version = %s", number)
            self._version = len(schema.MIGRATIONS)
        self._check_schema()

    def _check_readable(self) -> None:
        """Without changing anything: a dealroom store of a known version, its table whole."""
        self._read_version()
        self._check_schema()

    def _read_version(self) -> int:
        """The schema version (0 for a database dealroom never used); a newer or a
        foreign one is refused."""
        tables = self._tables(schema.VERSION_TABLE, "revisions")
        if schema.VERSION_TABLE not in tables:
            if "revisions" in tables:
                raise StoreError(f"{self.path} has a revisions table that dealroom did not make "
                                 f"(no {schema.VERSION_TABLE} table): use another database, "
                                 f"or {_ELSEWHERE}")
            self._version = 0
            return 0
        found = self._execute(f"SELECT version FROM {schema.VERSION_TABLE}").fetchone()
        version = found["version"] if found else 0
        known = len(schema.MIGRATIONS)
        if version > known:
            raise StoreError(
                f"{self.path} was written by a newer dealroom (schema version {version}; "
                f"this one knows up to {known}): upgrade dealroom, or {_ELSEWHERE}")
        self._version = version
        return version

    def _check_schema(self) -> None:
        """The revisions table has every column of the store's schema version."""
        if self._version == 0:
            return
        have = {row["column_name"] for row in self._execute(
            "SELECT column_name FROM information_schema.columns "
            "WHERE table_name = 'revisions' AND table_schema = current_schema()").fetchall()}
        if not have:
            raise StoreError(f"{self.path}: the history store is damaged (its revisions table "
                             f"is missing): {_RESTORE}")
        expected = _columns(tuple(store_schema.MIGRATIONS[:self._version]))
        missing = [name for name in expected if name not in have]
        if missing:
            raise StoreError(f"{self.path}: the history store is damaged (its revisions table "
                             f"has no column {', '.join(missing)}): {_RESTORE}")

    def _has_table(self, name: str) -> bool:
        return name in self._tables(name)

    def _tables(self, *names: str) -> set[str]:
        """Which of the tables are there, all seen in one statement, so at one moment
        (a plain query of the catalog: to_regclass may answer from a cache that
        another session's migration made stale)."""
        return {row["table_name"] for row in self._execute(
            "SELECT table_name FROM information_schema.tables "
            "WHERE table_schema = current_schema() AND table_name = ANY(%s)", list(names))}

    # --- the connection --------------------------------------------------

    def _connect(self, url: str):
        return connect(url, self.path, self.timeout, self.read_only)

    def _execute(self, query: str, *parameters):
        return self._connection.execute(query, parameters or None)

    def _insert_row(self, table: str, row: dict) -> None:
        given = {name: value for name, value in row.items() if value is not None}
        self._execute(f"INSERT INTO {table} ({', '.join(given)}) "
                      f"VALUES ({', '.join(['%s'] * len(given))})", *given.values())

    @contextlib.contextmanager
    def _transaction(self):
        """One transaction, waiting for locks up to ``timeout``; rolled back on any error."""
        with self._errors(), self._connection.transaction():
            self._execute(f"SET LOCAL lock_timeout = '{int(self.timeout * 1000)}ms'")
            yield

    def _errors(self):
        """The server's complaints, made a :class:`StoreError` naming the store."""
        return server_errors(self.path, self.timeout, self._secret)
