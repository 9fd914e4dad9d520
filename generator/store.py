"""The revision history store: every published version of a plan, in SQLite.

One database file holds the revisions of any number of deals, numbered 1, 2,
3 ... per deal. By default it is ``.dealroom/history.sqlite3`` beside the plan
file; ``--store PATH`` or the ``DEALROOM_STORE`` environment variable move it
(:func:`store_path`). The schema is versioned (:mod:`generator.store_schema`).

Writes are single transactions taken with ``BEGIN IMMEDIATE`` in WAL mode: two
``publish`` runs at the same moment queue for up to :data:`BUSY_TIMEOUT`
seconds and get distinct numbers, and a process killed in the middle leaves
the store as it was before. Anything wrong with the file itself (not a
database, damaged, unwritable, busy too long) is a :class:`StoreError` that
names the path.

    with Store.open(store_path(plan_file, args.store)) as store:
        revision = store.record(deal_id, snapshot(plan), snapshot(plan.for_buyer()),
                                author="Sam", source="publish", note=args.note)
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import os
import sqlite3
import time
from pathlib import Path

from generator import store_schema
from generator.errors import StoreError
from generator.record import Record
from generator.snapshot import canonical_json, content_hash

FOLDER = ".dealroom"
"""The store's folder beside the plan file, by default."""
FILENAME = "history.sqlite3"
"""The database file inside the store's folder."""
ENVIRONMENT = "DEALROOM_STORE"
"""Environment variable naming the store when ``--store`` is not given."""
SOURCES = ("publish", "import:docx", "import:gdoc")
"""Where a revision can come from."""
BUSY_TIMEOUT = 10.0
"""Seconds a writer waits for another writer before giving up."""

_USER_ERRORS = ("SQLITE_NOTADB", "SQLITE_CORRUPT", "SQLITE_BUSY", "SQLITE_LOCKED",
                "SQLITE_READONLY", "SQLITE_CANTOPEN", "SQLITE_IOERR", "SQLITE_FULL",
                "SQLITE_PERM")
_ELSEWHERE = "choose another store with --store PATH or DEALROOM_STORE"


def store_path(plan_file: Path, store: str | None = None, environ=None) -> Path:
    """The database file for ``plan_file``: ``--store``, else ``DEALROOM_STORE``, else beside it.

    A value naming a folder (an existing one, one ending in ``/``, or a new
    name without a suffix) gets ``history.sqlite3`` inside it; anything else
    is the database file itself.
    """
    chosen = store or (os.environ if environ is None else environ).get(ENVIRONMENT)
    if not chosen:
        return Path(plan_file).parent / FOLDER / FILENAME
    path = Path(chosen).expanduser()
    if _names_folder(chosen, path):
        return path / FILENAME
    return path


def _names_folder(text: str, path: Path) -> bool:
    if path.is_dir() or text.endswith(("/", os.sep)):
        return True
    return not path.exists() and not path.suffix


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
    """The ``--note`` given, if any."""
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


class Store:
    """An open history store; use as a context manager, or call :meth:`close`."""

    def __init__(self, connection: sqlite3.Connection, path: Path, timeout: float):
        self._connection = connection
        self.path = path
        """The database file."""
        self.timeout = timeout
        """Seconds a write waits for another writer."""

    @classmethod
    def open(cls, path: Path, *, create: bool = True, timeout: float = BUSY_TIMEOUT) -> Store:
        """Open (or create, with its folder) the store at ``path`` and bring its schema up to date.

        With ``create=False`` a missing file is a :class:`StoreError` instead,
        for commands that only read.
        """
        path = Path(path)
        _check_location(path, create)
        connection = _connect(path, timeout)
        store = cls(connection, path, timeout)
        try:
            with store._errors():
                store._prepare_when_free()
        except BaseException:
            connection.close()
            raise
        return store

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
               number: int | None = None) -> StoredRevision | None:
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
        if source not in SOURCES:
            raise ValueError(f"unknown revision source {source!r} (choose from {', '.join(SOURCES)})")
        digest = content_hash(seller)
        with self._transaction():
            recorded_at = _utc_seconds(now)
            previous = self._latest_row(deal_id)
            if previous is not None and previous["content_hash"] == digest:
                return None
            next_number = previous["number"] + 1 if previous else 1
            if number is not None and number != next_number:
                raise StoreError(f"{self.path}: version {number} of {deal_id} was recorded by "
                                 "another dealroom meanwhile; nothing was recorded: publish again")
            before = json.loads(previous["seller_json"]) if previous else None
            given = changes(before, seller) if callable(changes) else changes
            row = {"deal_id": deal_id, "number": next_number,
                   "recorded_at": recorded_at, "author": author, "source": source,
                   "note": note, "buyer_json": canonical_json(buyer),
                   "seller_json": canonical_json(seller), "content_hash": digest,
                   "changes_json": canonical_json(list(given or [])),
                   "reasons_json": canonical_json(dict(reasons or {})),
                   "published_json": canonical_json(dict(published or {}))}
            self._insert(row)
        return _revision(row)

    def revisions(self, deal_id: str) -> list[StoredRevision]:
        """Every revision of the deal, oldest first (empty when none is recorded)."""
        with self._errors():
            rows = self._connection.execute(
                "SELECT * FROM revisions WHERE deal_id = ? ORDER BY number", (deal_id,))
            return [_revision(row) for row in rows]

    def latest(self, deal_id: str) -> StoredRevision | None:
        """The deal's newest revision, or None."""
        with self._errors():
            row = self._latest_row(deal_id)
        return _revision(row) if row is not None else None

    def revision(self, deal_id: str, number: int) -> StoredRevision | None:
        """Revision ``number`` of the deal, or None when there is no such revision."""
        with self._errors():
            row = self._connection.execute(
                "SELECT * FROM revisions WHERE deal_id = ? AND number = ?",
                (deal_id, number)).fetchone()
        return _revision(row) if row is not None else None

    def _latest_row(self, deal_id: str) -> sqlite3.Row | None:
        return self._connection.execute(
            "SELECT * FROM revisions WHERE deal_id = ? ORDER BY number DESC LIMIT 1",
            (deal_id,)).fetchone()

    def _insert(self, row: dict) -> None:
        names = ", ".join(row)
        marks = ", ".join(f":{name}" for name in row)
        self._connection.execute(f"INSERT INTO revisions ({names}) VALUES ({marks})", row)

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
            raise StoreError(_explain(self.path, name, error, self.timeout)) from None


def _explain(path: Path, name: str, error: sqlite3.Error, timeout: float) -> str:
    """One sentence for what is wrong with the store file and what to do."""
    if name.startswith(("SQLITE_NOTADB", "SQLITE_CORRUPT")):
        return (f"{path} is not a dealroom history store (not a SQLite database, or damaged: "
                f"{error}): move it away, or {_ELSEWHERE}")
    if name.startswith(("SQLITE_BUSY", "SQLITE_LOCKED")):
        return (f"{path} is busy: another dealroom kept it locked for more than "
                f"{timeout:g} s; try again")
    return (f"cannot write the history store {path} ({error}): check its permissions "
            f"and free space, or {_ELSEWHERE}")


def _check_location(path: Path, create: bool) -> None:
    """Refuse a folder or (when only reading) a missing file; make the parent folder."""
    if path.is_dir():
        raise StoreError(f"{path} is a folder, not a history store file: {_ELSEWHERE}")
    if not create and not path.exists():
        raise StoreError(f"no history store at {path}: nothing has been recorded there yet")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise StoreError(f"cannot create the folder {path.parent} for the history store "
                         f"({error.strerror}): {_ELSEWHERE}") from None


def _connect(path: Path, timeout: float) -> sqlite3.Connection:
    """An autocommit connection: transactions are begun explicitly."""
    try:
        connection = sqlite3.connect(path, timeout=timeout, isolation_level=None)
    except sqlite3.Error as error:
        raise StoreError(f"cannot open the history store {path} ({error}): "
                         f"check its permissions, or {_ELSEWHERE}") from None
    connection.row_factory = sqlite3.Row
    return connection


def _utc_seconds(now: dt.datetime | None) -> str:
    """``now`` (default: this moment) as ``YYYY-MM-DDTHH:MM:SSZ`` in UTC."""
    if now is None:
        now = dt.datetime.now(dt.timezone.utc)
    elif now.tzinfo is None:
        now = now.replace(tzinfo=dt.timezone.utc)
    return now.astimezone(dt.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def _revision(row) -> StoredRevision:
    """A stored row (a ``sqlite3.Row`` or the dict just inserted) as a revision."""
    return StoredRevision(
        deal_id=row["deal_id"], number=row["number"],
        recorded_at=dt.datetime.fromisoformat(row["recorded_at"]),
        author=row["author"], source=row["source"], note=row["note"],
        content_hash=row["content_hash"], buyer=json.loads(row["buyer_json"]),
        seller=json.loads(row["seller_json"]), changes=json.loads(row["changes_json"]),
        reasons=json.loads(row["reasons_json"]), published=json.loads(row["published_json"]) or None)


def published_revisions(plan_file: Path, deal_id: str, store: str | None = None) -> tuple:
    """The deal's revisions, oldest first; () when the plan has no history store yet."""
    path = store_path(plan_file, store)
    if not path.exists():
        return ()
    with Store.open(path, create=False) as history:
        return tuple(history.revisions(deal_id))
