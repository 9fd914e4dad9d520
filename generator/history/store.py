"""The revision history store: every published version of a plan, in SQLite.

One database file holds the revisions of any number of deals, numbered 1, 2,
3 ... per deal. By default it is ``.dealroom/history.sqlite3`` beside the plan
file; ``--store PATH`` or the ``DEALROOM_STORE`` environment variable move it
(:func:`store_path`). It also keeps one row per recap e-mail written
(:meth:`Store.record_recap`, :mod:`generator.history.recap_rows`) and each
state of a deal's Google Doc (:meth:`Store.record_google_doc`,
:mod:`generator.history.google_rows`). The schema
is versioned (:mod:`generator.history.store_schema`).

Writes are single transactions taken with ``BEGIN IMMEDIATE`` in WAL mode: two
``publish`` runs at the same moment queue for up to :data:`BUSY_TIMEOUT`
seconds and get distinct numbers, and a process killed in the middle leaves
the store as it was before. Anything wrong with the file itself (not a
database, damaged, unwritable, busy too long) is a :class:`StoreError` that
names the path.

Commands that only read (``history``, ``render``, ``remind``, and ``recap``
until it records itself) open the store with ``create=False``:
read-only, never created, migrated or switched to WAL, so a store on read-only
media can be read. SQLite's read-only connection to a
WAL database makes ``-wal`` and ``-shm`` files it cannot remove afterwards, and
cannot make them at all in a read-only folder; so while no writer's changes
wait in a ``-wal`` file, the database file is read as ``immutable`` (no side
files, no locks) and each read is checked against the file's size and times:
if a writer touched it meanwhile, the read is repeated through SQLite's locks.
Every row is checked as it is read (column types, JSON, dates, snapshots, each
change as :func:`generator.history.changes.from_data` takes it): a damaged revision is
a :class:`StoreError` naming the file, the deal and the revision, before any
command uses it or writes anything.

    with Store.open(store_path(plan_file, args.store)) as store:
        revision = store.record(deal_id, snapshot(plan), snapshot(plan.for_buyer()),
                                author="Sam", source="publish", note=args.note)
"""

from __future__ import annotations

import contextlib
import datetime as dt
import functools
import json
import sqlite3
import time
import urllib.parse
from pathlib import Path

from generator.history import store_schema
from generator.history.location import open_store, store_exists, store_path
from generator.errors import StoreError
from generator.history.google_rows import GoogleDocState, checked_google_doc, google_doc_row
from generator.history.recap_rows import RecordedRecap, checked_recap, recap_row
from generator.history.snapshot import canonical_json, content_hash
from generator.history.store_rows import Damage, StoredRevision, checked_revision, revision_of

SOURCES = ("publish", "import:docx", "import:gdoc")
"""Where a revision can come from."""
BUSY_TIMEOUT = 10.0
"""Seconds a writer waits for another writer before giving up."""

_USER_ERRORS = ("SQLITE_NOTADB", "SQLITE_CORRUPT", "SQLITE_BUSY", "SQLITE_LOCKED",
                "SQLITE_READONLY", "SQLITE_CANTOPEN", "SQLITE_IOERR", "SQLITE_FULL",
                "SQLITE_PERM")
_ELSEWHERE = "choose another store with --store PATH or DEALROOM_STORE"
_RESTORE = f"restore the file from a backup, or {_ELSEWHERE}"
_RECAPS_VERSION = store_schema.MIGRATIONS.index(store_schema.create_recaps) + 1
"""The schema version that added the recaps table: an older store has no recap."""
_GOOGLE_DOCS_VERSION = store_schema.MIGRATIONS.index(store_schema.create_google_docs) + 1
"""The schema version that added the google_docs table."""


class Store:
    """An open history store; use as a context manager, or call :meth:`close`."""

    def __init__(self, connection: sqlite3.Connection, path: Path, timeout: float):
        self._connection = connection
        self.path = path
        """The database file."""
        self.timeout = timeout
        """Seconds a write waits for another writer."""
        self.read_only = False
        """True when opened only to read (``create=False``)."""
        self._quiet = None  # the file's state when read as immutable, else None
        self._defaults: dict = {}  # columns an older store lacks: their default values
        self._empty = False  # a database with no schema yet: nothing recorded

    @classmethod
    def open(cls, path: Path, *, create: bool = True, timeout: float = BUSY_TIMEOUT) -> Store:
        """Open (or create, with its folder) the store at ``path`` and bring its schema up to date.

        With ``create=False``, for commands that only read, the store is opened
        read-only and left exactly as it is: a missing file is a
        :class:`StoreError`, and an older schema is read without migrating it
        (columns added since read as their defaults).
        """
        path = Path(path)
        _check_location(path, create)
        if not create:
            return cls._open_for_reading(path, timeout)
        store = cls(_connect(path, timeout), path, timeout)
        try:
            store._prepare_checked()
        except BaseException:
            store.close()
            raise
        return store

    @classmethod
    def _open_for_reading(cls, path: Path, timeout: float) -> Store:
        """The store read-only: immutable while no change waits beside the file."""
        quiet = _quiet_state(path)
        store = cls(_connect(path, timeout, read_only=True, immutable=quiet is not None),
                    path, timeout)
        store.read_only, store._quiet = True, quiet
        try:
            store._read(store._check_readable)
        except BaseException:
            store.close()
            raise
        return store

    def _prepare_checked(self) -> None:
        """:meth:`_prepare_when_free`, then make sure the revisions table is whole."""
        try:
            with self._errors():
                self._prepare_when_free()
        except sqlite3.Error:
            with self._errors():
                self._check_schema()  # a damaged table explains a failed migration
            raise
        with self._errors():
            self._check_schema()

    def close(self) -> None:
        """Close the database connection."""
        self._connection.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc_info) -> None:
        self.close()

    def record(self, deal_id: str, seller: dict, buyer: dict, *, author: str | None,
               source: str, note: str | None, changes=None, reasons: dict | None = None,
               now: dt.datetime | None = None, published: dict | None = None,
               number: int | None = None, seller_note: str | None = None) -> StoredRevision | None:
        """Record a new revision of ``deal_id``; None when the content equals the latest one.

        ``changes`` is a list of change dicts, or a callable taking (the
        previous seller snapshot or None, ``seller``) and returning one; it is
        called inside the write transaction, so it always sees the revision
        this one actually follows; if it raises, nothing is recorded. ``now``
        defaults to the moment the write lock is held (naive means UTC).
        ``published`` says how the revision is published. With ``number``,
        the revision must get exactly that number (its files were made for
        it): a StoreError, and nothing recorded, when another one came first.
        """
        check_source(source)
        self.revisions(deal_id)  # a damaged history is refused before anything is written
        with self._transaction():
            row = next_revision_row(self.path, deal_id, self._latest_row(deal_id), seller, buyer,
                                    changes=changes, reasons=reasons, now=now,
                                    published=published, number=number, author=author,
                                    source=source, note=note, seller_note=seller_note)
            if row is None:
                return None
            self._insert(row)
        return revision_of(row)

    def deal_ids(self) -> list[str]:
        """Every deal with a recorded revision, by id."""
        return self._read(lambda: [row[0] for row in self._query(
            "SELECT DISTINCT deal_id FROM revisions ORDER BY deal_id")])

    def revisions(self, deal_id: str) -> list[StoredRevision]:
        """Every revision of the deal, oldest first (empty when none is recorded)."""
        return self._read(lambda: self._checked(deal_id, self._query(
            "SELECT * FROM revisions WHERE deal_id = ? ORDER BY number", deal_id)))

    def latest(self, deal_id: str) -> StoredRevision | None:
        """The deal's newest revision, or None."""
        found = self._read(lambda: self._checked(deal_id, self._query(
            "SELECT * FROM revisions WHERE deal_id = ? ORDER BY number DESC LIMIT 1", deal_id)))
        return found[0] if found else None

    def revision(self, deal_id: str, number: int) -> StoredRevision | None:
        """Revision ``number`` of the deal, or None when there is no such revision."""
        found = self._read(lambda: self._checked(deal_id, self._query(
            "SELECT * FROM revisions WHERE deal_id = ? AND number = ?", deal_id, number)))
        return found[0] if found else None

    def record_recap(self, recap: RecordedRecap) -> None:
        """Record a recap written of one of the deal's versions."""
        self._insert_into("recaps", recap_row(recap))

    def recaps(self, deal_id: str) -> list[RecordedRecap]:
        """Every recap recorded for the deal, oldest first; none in a store older than
        the recaps table (read without migrating it)."""
        return self._read(lambda: self._side_rows("recaps", _RECAPS_VERSION, deal_id,
                                                  checked_recap, "recap"))

    def record_google_doc(self, state: GoogleDocState) -> None:
        """Record that the deal's Google Doc was written or read at ``state``."""
        self._insert_into("google_docs", google_doc_row(state))

    def google_docs(self, deal_id: str) -> list[GoogleDocState]:
        """Every Google Doc state recorded for the deal, oldest first (see
        :mod:`generator.history.google_rows`)."""
        return self._read(lambda: self._side_rows("google_docs", _GOOGLE_DOCS_VERSION, deal_id,
                                                  checked_google_doc, "Google Doc record"))

    def _insert_into(self, table: str, row: dict) -> None:
        with self._transaction():
            self._connection.execute(
                f"INSERT INTO {table} ({', '.join(row)}) VALUES ({', '.join(':' + n for n in row)})",
                row)

    def _side_rows(self, table: str, since: int, deal_id: str, check, what: str) -> list:
        """The deal's rows of ``table`` (added by schema version ``since``), each checked."""
        if self._empty or self._version() < since:
            return []
        kind = self._connection.execute("SELECT type FROM sqlite_master WHERE name = ?",
                                        (table,)).fetchone()
        if kind is None or kind[0] != "table":
            raise StoreError(f"{self.path}: the history store is damaged (its {table} table is "
                             f"missing): {_RESTORE}")
        rows = self._connection.execute(
            f"SELECT * FROM {table} WHERE deal_id = ? ORDER BY id", (deal_id,))
        return [self._checked_row(check, row, f"{what} {number} of {deal_id}")
                for number, row in enumerate(rows, start=1)]

    def _query(self, query: str, *parameters) -> list:
        """The rows of one query on the revisions table (none before it exists)."""
        if self._empty:
            return []
        return self._connection.execute(query, parameters).fetchall()

    def _checked(self, deal_id: str, rows) -> list[StoredRevision]:
        """The rows as revisions; a damaged one is a :class:`StoreError` naming it."""
        return [self._checked_row(checked_revision, values,
                                  f"revision {values.get('number')} of {deal_id}")
                for values in ({**self._defaults, **dict(row)} for row in rows)]

    def _checked_row(self, check, row, named: str):
        """``check(row)``; a :class:`Damage` becomes a StoreError naming the row."""
        try:
            return check(row)
        except Damage as damage:
            raise StoreError(f"{self.path}: {named} is damaged ({damage}): {_RESTORE}") from None

    def _read(self, read):
        """``read()``; repeated through SQLite's locks if a writer touched an immutable read."""
        with self._errors():
            try:
                result = read()
            except (sqlite3.Error, StoreError):
                if not self._disturbed():
                    raise
            else:
                if not self._disturbed():
                    return result
            self._share()
            return read()

    def _disturbed(self) -> bool:
        return self._quiet is not None and _quiet_state(self.path) != self._quiet

    def _share(self) -> None:
        """Read from now on like any SQLite reader, with its locks and side files."""
        self._connection.close()
        self._connection = _connect(self.path, self.timeout, read_only=True)
        self._quiet = None

    def _check_readable(self) -> None:
        """Without changing anything: a dealroom store of a known version, its table whole."""
        version = self._version()
        self._check_ours(version)
        self._empty = version == 0
        if not self._empty:
            self._check_schema()
            self._defaults = self._added_since(version)

    def _check_schema(self) -> None:
        """The revisions table has every column of the store's schema version."""
        version = self._version()
        if version == 0:
            return
        kind = self._connection.execute(
            "SELECT type FROM sqlite_master WHERE name = 'revisions'").fetchone()
        if kind is None or kind[0] != "table":
            raise StoreError(f"{self.path}: the history store is damaged (its revisions table "
                             f"is missing): {_RESTORE}")
        have = {row[1] for row in self._connection.execute("PRAGMA table_info(revisions)")}
        expected = _columns(tuple(store_schema.MIGRATIONS[:version]))
        missing = [name for name in expected if name not in have]
        if missing:
            raise StoreError(f"{self.path}: the history store is damaged (its revisions table "
                             f"has no column {', '.join(missing)}): {_RESTORE}")

    def _added_since(self, version: int) -> dict[str, object]:
        """Columns migrations added after ``version``, with the values they would fill in.

        Reading an older store without migrating it takes these defaults; a
        column no default can fill means only migrating makes the store readable.
        """
        have = {row[1] for row in self._connection.execute("PRAGMA table_info(revisions)")}
        added = {name: column for name, column in _columns(tuple(store_schema.MIGRATIONS)).items()
                 if name not in have}
        if any(not fillable for fillable, _ in added.values()):
            raise StoreError(
                f"{self.path} was written by an older dealroom (schema version {version}; this "
                f"one uses {len(store_schema.MIGRATIONS)}) and cannot be read until it is brought "
                f"up to date: run dealroom publish once where the store can be written, "
                f"or {_ELSEWHERE}")
        return {name: default for name, (_, default) in added.items()}

    def _latest_row(self, deal_id: str) -> sqlite3.Row | None:
        return self._connection.execute(
            "SELECT * FROM revisions WHERE deal_id = ? ORDER BY number DESC LIMIT 1",
            (deal_id,)).fetchone()

    def _insert(self, row: dict) -> None:
        """Insert a revision row; columns left empty (NULL) are not named, so that
        a column a later migration added is only needed when it holds something."""
        given = {name: value for name, value in row.items() if value is not None}
        names = ", ".join(given)
        marks = ", ".join(f":{name}" for name in given)
        self._connection.execute(f"INSERT INTO revisions ({names}) VALUES ({marks})", given)

    def _prepare_when_free(self) -> None:
        """:meth:`_prepare`, tried again while other processes create the same store.

        Switching a new database to WAL, or migrating it while another process
        does, can be refused at once (SQLite skips its busy handler where waiting
        could deadlock), so the busy timeout is applied here by hand.
        """
        deadline = time.monotonic() + self.timeout
        while True:
            try:
                return self._prepare()
            except sqlite3.OperationalError as error:
                busy = getattr(error, "sqlite_errorname", "").startswith(("SQLITE_BUSY", "SQLITE_LOCKED"))
                if not busy or time.monotonic() > deadline:
                    raise
                time.sleep(0.05)

    def _prepare(self) -> None:
        """WAL mode, then every migration this database has not had yet."""
        if self._connection.execute("PRAGMA journal_mode").fetchone()[0] != "wal":
            self._connection.execute("PRAGMA journal_mode = WAL")
        migrations = store_schema.MIGRATIONS
        if self._version() == len(migrations):
            self._check_ours(len(migrations))
            return
        with self._raw_transaction():
            version = self._version()
            self._check_ours(version)
            for number, migration in enumerate(migrations[version:], start=version + 1):
                migration(self._connection)
                self._connection.execute(f"PRAGMA user_version = {number}")

    def _version(self) -> int:
        version = self._connection.execute("PRAGMA user_version").fetchone()[0]
        known = len(store_schema.MIGRATIONS)
        if version > known:
            raise StoreError(
                f"{self.path} was written by a newer dealroom (schema version {version}; "
                f"this one knows up to {known}): upgrade dealroom, or {_ELSEWHERE}")
        return version

    def _check_ours(self, version: int) -> None:
        """Refuse a SQLite database that some other program made."""
        if version == 0:
            foreign = self._connection.execute("SELECT count(*) FROM sqlite_master").fetchone()[0]
        else:
            application = self._connection.execute("PRAGMA application_id").fetchone()[0]
            foreign = application != store_schema.APPLICATION_ID
        if foreign:
            raise StoreError(f"{self.path} is a SQLite database but not a dealroom history "
                             f"store: move it away, or {_ELSEWHERE}")

    @contextlib.contextmanager
    def _transaction(self):
        """One write transaction, SQLite's complaints about the file made StoreErrors."""
        with self._errors(), self._raw_transaction():
            yield

    @contextlib.contextmanager
    def _raw_transaction(self):
        """One write transaction: committed when the block ends, rolled back on any error."""
        self._connection.execute("BEGIN IMMEDIATE")
        try:
            yield
            self._connection.execute("COMMIT")
        except BaseException:
            if self._connection.in_transaction:
                self._connection.execute("ROLLBACK")
            raise

    @contextlib.contextmanager
    def _errors(self):
        """Turn SQLite's complaints about the file into a :class:`StoreError`."""
        try:
            yield
        except sqlite3.Error as error:
            name = getattr(error, "sqlite_errorname", "")
            if not name.startswith(_USER_ERRORS):
                raise
            raise StoreError(_explain(self.path, name, error, self.timeout, self.read_only)) from None


def _explain(path: Path, name: str, error: sqlite3.Error, timeout: float,
             reading: bool = False) -> str:
    """One sentence for what is wrong with the store file and what to do."""
    if name.startswith(("SQLITE_NOTADB", "SQLITE_CORRUPT")):
        return (f"{path} is not a dealroom history store (not a SQLite database, or damaged: "
                f"{error}): move it away, or {_ELSEWHERE}")
    if name.startswith(("SQLITE_BUSY", "SQLITE_LOCKED")):
        return (f"{path} is busy: another dealroom kept it locked for more than "
                f"{timeout:g} s; try again")
    if reading:
        return (f"cannot read the history store {path} ({error}): check the permissions of "
                f"the file and its folder, or {_ELSEWHERE}")
    return (f"cannot write the history store {path} ({error}): check its permissions "
            f"and free space, or {_ELSEWHERE}")


def _check_location(path: Path, create: bool) -> None:
    """Refuse a folder or (when only reading) a missing file; make the parent folder."""
    if path.is_dir():
        raise StoreError(f"{path} is a folder, not a history store file: {_ELSEWHERE}")
    if path.exists() and not path.is_file():  # a named pipe would block the read for ever
        raise StoreError(f"{path} is not a regular file (a pipe, a device or a socket), so not a "
                         f"history store: {_ELSEWHERE}")
    if not create:
        if not path.exists():
            raise StoreError(f"no history store at {path}: nothing has been recorded there yet")
        return
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise StoreError(f"cannot create the folder {path.parent} for the history store "
                         f"({error.strerror}): {_ELSEWHERE}") from None


def _connect(path: Path, timeout: float, *, read_only: bool = False,
             immutable: bool = False) -> sqlite3.Connection:
    """An autocommit connection: transactions are begun explicitly.

    ``read_only`` opens the file with ``mode=ro``; ``immutable`` also tells
    SQLite the file cannot change, so it takes no locks and makes no side files.
    """
    target = path
    if read_only:
        target = f"file:{urllib.parse.quote(str(path.absolute()))}?mode=ro"
        target += "&immutable=1" if immutable else ""
    try:
        connection = sqlite3.connect(target, timeout=timeout, isolation_level=None, uri=read_only)
    except sqlite3.Error as error:
        raise StoreError(f"cannot open the history store {path} ({error}): "
                         f"check its permissions, or {_ELSEWHERE}") from None
    connection.row_factory = sqlite3.Row
    connection.text_factory = _text
    return connection


class _NotText(bytes):
    """A stored value that is not valid UTF-8 text."""


def _text(data: bytes) -> str | _NotText:
    """SQLite text as a string; damaged text stays bytes, for the row checks to name."""
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return _NotText(data)


def _quiet_state(path: Path) -> tuple | None:
    """The database file's identity, size and times, when no change waits beside it.

    None when a ``-wal`` file holds changes or a rollback ``-journal`` exists:
    then the file alone is not the whole database and must be read with locks.
    """
    try:
        wal = _size(Path(f"{path}-wal"))
        if wal or Path(f"{path}-journal").exists():
            return None
        state = path.stat()
    except OSError:
        return None
    return (state.st_dev, state.st_ino, state.st_size, state.st_mtime_ns, state.st_ctime_ns, wal)


def _size(path: Path) -> int | None:
    try:
        return path.stat().st_size
    except FileNotFoundError:
        return None


@functools.lru_cache(maxsize=None)
def _columns(migrations: tuple) -> dict[str, tuple[bool, object]]:
    """The revisions table's columns after ``migrations``: name → (fillable, default value).

    Found by running the migrations on an empty database in memory. A column
    is fillable when a row without it can take its default, as ``ALTER TABLE
    ADD COLUMN`` fills the rows already there; a NOT NULL column without a
    default comes from rebuilding the table, which only migrating can do.
    """
    memory = sqlite3.connect(":memory:", isolation_level=None)
    try:
        for migration in migrations:
            migration(memory)
        return {name: (not (required and default is None),
                       memory.execute(f"SELECT {default}").fetchone()[0] if default else None)
                for _, name, _, required, default, _ in memory.execute("PRAGMA table_info(revisions)")}
    finally:
        memory.close()


def check_source(source: str) -> None:
    """A source that is not one of :data:`SOURCES` is a programming error."""
    if source not in SOURCES:
        raise ValueError(f"unknown revision source {source!r} (choose from {', '.join(SOURCES)})")


def next_revision_row(where, deal_id: str, previous, seller: dict, buyer: dict, *, changes,
                      reasons: dict | None, now: dt.datetime | None, published: dict | None,
                      number: int | None, **details) -> dict | None:
    """The row recording ``seller`` after ``previous`` (the deal's latest row, or None),
    made inside the write transaction of either store; None when the content is
    unchanged. ``details`` are the author, source, note and seller_note columns."""
    digest = content_hash(seller)
    if previous is not None and previous["content_hash"] == digest:
        return None
    next_number = previous["number"] + 1 if previous else 1
    if number is not None and number != next_number:
        raise StoreError(f"{where}: version {number} of {deal_id} was recorded by "
                         "another dealroom meanwhile; nothing was recorded: publish again")
    before = json.loads(previous["seller_json"]) if previous else None
    given = changes(before, seller) if callable(changes) else changes
    return {"deal_id": deal_id, "number": next_number, "recorded_at": _utc_seconds(now),
            **details, "buyer_json": canonical_json(buyer),
            "seller_json": canonical_json(seller), "content_hash": digest,
            "changes_json": canonical_json(list(given or [])),
            "reasons_json": canonical_json(dict(reasons or {})),
            "published_json": canonical_json(dict(published or {}))}


def _utc_seconds(now: dt.datetime | None) -> str:
    """``now`` (default: this moment) as ``YYYY-MM-DDTHH:MM:SSZ`` in UTC."""
    if now is None:
        now = dt.datetime.now(dt.timezone.utc)
    elif now.tzinfo is None:
        now = now.replace(tzinfo=dt.timezone.utc)
    return now.astimezone(dt.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def published_revisions(plan_file: Path, deal_id: str, store: str | None = None) -> tuple:
    """The deal's revisions, oldest first; () when the plan has no history store yet."""
    return _read_if_stored(plan_file, store, lambda history: history.revisions(deal_id))


def recorded_google_docs(plan_file: Path, deal_id: str, store: str | None = None) -> tuple:
    """Every recorded state of the deal's Google Doc (none without a store), read only."""
    return _read_if_stored(plan_file, store, lambda s: s.google_docs(deal_id))


def recorded_recaps(plan_file: Path, deal_id: str, store: str | None = None) -> tuple:
    """The deal's recorded recaps, oldest first; () when the plan has no history store yet."""
    return _read_if_stored(plan_file, store, lambda history: history.recaps(deal_id))


def _read_if_stored(plan_file: Path, store: str | None, read) -> tuple:
    """``read(store)`` of the plan's store opened read-only; () when there is none."""
    location = store_path(plan_file, store)
    if not store_exists(location):
        return ()
    with open_store(location, create=False) as history:
        return tuple(read(history))
