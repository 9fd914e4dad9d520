"""The revision history store: where it lives, its schema, what it records, that
reading it changes nothing (read-only media included), and that it stays whole
when writers race or die (with real processes)."""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
import json
import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import tempfile
import time
import urllib.parse
from pathlib import Path

import pytest

from quality import unavailable

from generator.history import store_schema
from generator.errors import DealroomError, StoreError
from generator.history.revisions import history_from_revisions
from generator.history.snapshot import content_hash, snapshot
from generator.history.location import open_store
from generator.history.store import Store, StoredRevision, store_path
from plans import EXAMPLES, load, minimal_plan
from postgres import execute
from test_publish import move_two_committed_dates

REPO = Path(__file__).resolve().parent.parent
WORKER = Path(__file__).resolve().parent / "store_worker.py"
UTC = dt.timezone.utc


def plan_data(label: str, **extra) -> dict:
    """A small seller snapshot that differs by ``label``."""
    return {"label": label, "tasks": [], "people": [], "objectives": [], **extra}


def record(store: Store, deal: str, label: str, **options) -> StoredRevision | None:
    """Record ``plan_data(label)`` as both views, from ``publish``."""
    data = plan_data(label)
    options = {"author": "Sam", "source": "publish", "note": None, **options}
    return store.record(deal, data, data, **options)


def sql(path: Path, query: str):
    """Run one query on the database file with plain sqlite3, outside the store."""
    connection = sqlite3.connect(path, isolation_level=None)
    try:
        return connection.execute(query).fetchall()
    finally:
        connection.close()


def integrity(path: Path) -> str:
    return sql(path, "PRAGMA integrity_check")[0][0]


# --- where the store lives ------------------------------------------------------------


def test_by_default_the_store_is_a_dealroom_folder_beside_the_plan(tmp_path):
    plan = tmp_path / "deals" / "globex.yaml"
    assert store_path(plan, None, environ={}) == tmp_path / "deals" / ".dealroom" / "history.sqlite3"


def test_opening_the_default_store_creates_its_folder_and_database(tmp_path):
    path = store_path(tmp_path / "deals" / "globex.yaml", None, environ={})
    with Store.open(path) as store:
        assert store.revisions("globex-acme") == []
    assert path.is_file()


def test_store_naming_an_existing_folder_puts_the_database_inside(tmp_path):
    folder = tmp_path / "shared-history"
    folder.mkdir()
    assert store_path(tmp_path / "p.yaml", str(folder), environ={}) == folder / "history.sqlite3"


def test_store_ending_in_a_slash_or_without_suffix_is_a_new_folder(tmp_path):
    assert store_path(tmp_path / "p.yaml", f"{tmp_path}/new/", environ={}) == tmp_path / "new" / "history.sqlite3"
    assert store_path(tmp_path / "p.yaml", f"{tmp_path}/hist", environ={}) == tmp_path / "hist" / "history.sqlite3"


def test_store_naming_a_file_is_the_database_itself(tmp_path):
    assert store_path(tmp_path / "p.yaml", f"{tmp_path}/deals.db", environ={}) == tmp_path / "deals.db"
    existing = tmp_path / "history"
    existing.write_bytes(b"")
    assert store_path(tmp_path / "p.yaml", str(existing), environ={}) == existing


def test_environment_variable_moves_the_store_and_the_flag_wins_over_it(tmp_path, monkeypatch):
    monkeypatch.setenv("DEALROOM_STORE", str(tmp_path / "from-env.sqlite3"))
    assert store_path(tmp_path / "p.yaml", None) == tmp_path / "from-env.sqlite3"
    assert store_path(tmp_path / "p.yaml", str(tmp_path / "flag.sqlite3")) == tmp_path / "flag.sqlite3"
    monkeypatch.setenv("DEALROOM_STORE", "")
    assert store_path(tmp_path / "p.yaml", None) == tmp_path / ".dealroom" / "history.sqlite3"


# --- schema and migrations --------------------------------------------------------------


def test_a_new_store_has_the_latest_schema_in_wal_mode(tmp_path):
    path = tmp_path / "h.sqlite3"
    Store.open(path).close()
    assert sql(path, "PRAGMA user_version") == [(len(store_schema.MIGRATIONS),)]
    assert sql(path, "PRAGMA journal_mode") == [("wal",)]
    assert sql(path, "PRAGMA application_id") == [(store_schema.APPLICATION_ID,)]
    columns = [row[1] for row in sql(path, "PRAGMA table_info(revisions)")]
    assert columns == ["id", "deal_id", "number", "recorded_at", "author", "source", "note",
                       "buyer_json", "seller_json", "content_hash", "changes_json", "reasons_json",
                       "published_json", "seller_note"]
    index = sql(path, "PRAGMA index_list(revisions)")
    assert [(name, unique) for _, name, unique, *_ in index] == [("revisions_by_deal", 1)]
    assert [row[2] for row in sql(path, "PRAGMA index_info(revisions_by_deal)")] == ["deal_id", "number"]


def test_an_older_store_is_migrated_and_keeps_its_revisions(tmp_path, monkeypatch):
    path = tmp_path / "h.sqlite3"
    with Store.open(path) as store:
        first = record(store, "globex-acme", "v1")

    def add_reviewed_by(connection):
        connection.execute("ALTER TABLE revisions ADD COLUMN reviewed_by TEXT")

    monkeypatch.setattr(store_schema, "MIGRATIONS", (*store_schema.MIGRATIONS, add_reviewed_by))
    with Store.open(path) as store:
        assert store.revisions("globex-acme") == [first]
    assert sql(path, "PRAGMA user_version") == [(len(store_schema.MIGRATIONS),)]
    assert "reviewed_by" in [row[1] for row in sql(path, "PRAGMA table_info(revisions)")]


def test_a_failing_migration_leaves_the_store_at_its_old_version(tmp_path, monkeypatch):
    path = tmp_path / "h.sqlite3"
    Store.open(path).close()

    def half_done(connection):
        connection.execute("CREATE TABLE slips (task TEXT)")
        raise RuntimeError("bug in migration 2")

    monkeypatch.setattr(store_schema, "MIGRATIONS", (*store_schema.MIGRATIONS, half_done))
    with pytest.raises(RuntimeError):
        Store.open(path)
    assert sql(path, "PRAGMA user_version") == [(len(store_schema.MIGRATIONS) - 1,)]
    assert sql(path, "SELECT name FROM sqlite_master WHERE name = 'slips'") == []


def test_a_store_from_a_newer_dealroom_is_refused_and_left_alone(tmp_path):
    path = tmp_path / "h.sqlite3"
    with Store.open(path) as store:
        record(store, "globex-acme", "v1")
    sql(path, "PRAGMA user_version = 7")
    with pytest.raises(StoreError) as caught:
        Store.open(path)
    assert str(caught.value) == (
        f"{path} was written by a newer dealroom (schema version 7; this one knows up to "
        f"{len(store_schema.MIGRATIONS)}): "
        "upgrade dealroom, or choose another store with --store PATH or DEALROOM_STORE")
    assert sql(path, "SELECT count(*) FROM revisions") == [(1,)]


def test_another_programs_sqlite_database_is_refused(tmp_path):
    path = tmp_path / "other.sqlite3"
    sql(path, "CREATE TABLE photos (id INTEGER)")
    with pytest.raises(StoreError, match="is a SQLite database but not a dealroom history store"):
        Store.open(path)
    assert sql(path, "SELECT name FROM sqlite_master") == [("photos",)]


# --- recording and reading ----------------------------------------------------------------


def test_a_revision_reads_back_as_it_was_recorded(store_location):
    loaded = load((EXAMPLES / "enterprise.yaml").read_text(encoding="utf-8"))
    seller, buyer = snapshot(loaded.plan), snapshot(loaded.plan.for_buyer())
    deal = loaded.plan.deal.id
    changes = [{"kind": "date_moved", "subject": "security-review", "before": "2026-12-04",
                "after": "2026-12-14", "days": 10}]
    when = dt.datetime(2026, 11, 3, 9, 15, 42, 123456, tzinfo=dt.timezone(dt.timedelta(hours=1)))
    with open_store(store_location) as store:
        revision = store.record(deal, seller, buyer, author="Sam Seller", source="import:docx",
                                note="after the call", changes=changes,
                                reasons={"security-review": "CISO out until the 14th"}, now=when)
        assert revision == StoredRevision(
            deal_id=deal, number=1, recorded_at=dt.datetime(2026, 11, 3, 8, 15, 42, tzinfo=UTC),
            author="Sam Seller", source="import:docx", note="after the call",
            content_hash=content_hash(seller), buyer=buyer, seller=seller, changes=changes,
            reasons={"security-review": "CISO out until the 14th"})
        assert store.latest(deal) == revision
        assert store.revision(deal, 1) == revision
        assert store.revisions(deal) == [revision]
        assert "internal" not in json.dumps(store.latest(deal).buyer)
    assert execute(store_location, "SELECT recorded_at FROM revisions") == [("2026-11-03T08:15:42Z",)]


def test_revisions_are_numbered_per_deal(store_location):
    with open_store(store_location) as store:
        for label in ("a1", "b1", "a2", "a3", "b2"):
            record(store, f"deal-{label[0]}", label)
        assert [(r.number, r.seller["label"]) for r in store.revisions("deal-a")] == [(1, "a1"), (2, "a2"), (3, "a3")]
        assert [(r.number, r.seller["label"]) for r in store.revisions("deal-b")] == [(1, "b1"), (2, "b2")]
        assert store.latest("deal-a").number == 3


def test_publishing_identical_content_records_nothing_new(store_location):
    with open_store(store_location) as store:
        assert record(store, "globex-acme", "v1").number == 1
        assert record(store, "globex-acme", "v1", note="again", author="Someone else") is None
        assert [r.number for r in store.revisions("globex-acme")] == [1]


def test_going_back_to_earlier_content_is_a_new_revision(store_location):
    with open_store(store_location) as store:
        for label in ("v1", "v2", "v1"):
            record(store, "globex-acme", label)
        assert [r.seller["label"] for r in store.revisions("globex-acme")] == ["v1", "v2", "v1"]


def test_changes_callable_compares_with_the_revision_actually_preceding(store_location):
    seen = []

    def changes(before, after):
        seen.append((before and before["label"], after["label"]))
        return [{"kind": "task_retitled", "subject": "label"}]

    with open_store(store_location) as store:
        record(store, "globex-acme", "v1", changes=changes)
        second = record(store, "globex-acme", "v2", changes=changes)
        assert record(store, "globex-acme", "v2", changes=changes) is None
    assert seen == [(None, "v1"), ("v1", "v2")]
    assert second.changes == [{"kind": "task_retitled", "subject": "label"}]


def test_changes_that_fail_record_nothing_and_leave_the_store_usable(store_location):
    def broken(before, after):
        raise StoreError("the comparison failed")

    with open_store(store_location) as store:
        record(store, "globex-acme", "v1")
        with pytest.raises(StoreError, match="the comparison failed"):
            record(store, "globex-acme", "v2", changes=broken)
        assert [r.number for r in store.revisions("globex-acme")] == [1]
        assert record(store, "globex-acme", "v2").number == 2


def test_missing_revisions_read_as_none_or_empty(store_location):
    with open_store(store_location) as store:
        record(store, "globex-acme", "v1")
        assert store.revision("globex-acme", 2) is None
        assert store.latest("initech") is None
        assert store.revisions("initech") == []


def test_a_naive_time_is_taken_as_utc(store_location):
    with open_store(store_location) as store:
        revision = record(store, "globex-acme", "v1", now=dt.datetime(2026, 1, 2, 3, 4, 5))
    assert revision.recorded_at == dt.datetime(2026, 1, 2, 3, 4, 5, tzinfo=UTC)


def test_an_unknown_source_is_a_programming_error(store_location):
    with open_store(store_location) as store:
        with pytest.raises(ValueError, match="unknown revision source 'import:pdf'"):
            record(store, "globex-acme", "v1", source="import:pdf")


def test_stored_revisions_give_the_health_rules_their_history(store_location):
    before = load(minimal_plan()).plan
    after = load(minimal_plan({"due: 2027-01-15": "due: 2027-01-25"})).plan
    with open_store(store_location) as store:
        for plan, day in ((before, 1), (after, 9)):
            store.record(plan.deal.id, snapshot(plan), snapshot(plan.for_buyer()), author="Sam",
                         source="publish", note=None, now=dt.datetime(2026, 12, day, 23, 0))
        history = history_from_revisions(store.revisions(plan.deal.id))
    assert [r.recorded_on for r in history.revisions] == [dt.date(2026, 12, 1), dt.date(2026, 12, 9)]
    assert history.revisions[0].author == "Sam"
    [move] = history.date_moves("redlines")
    assert (move.old_due, move.new_due, move.days) == (dt.date(2027, 1, 15), dt.date(2027, 1, 25), 10)
    assert history.last_change("redlines") == dt.date(2026, 12, 9)


# --- a store that cannot be used -------------------------------------------------------


def test_a_file_that_is_not_a_database_gives_a_clear_error(tmp_path):
    path = tmp_path / "history.sqlite3"
    path.write_text("these are my notes, not a database\n" * 200)
    with pytest.raises(StoreError) as caught:
        Store.open(path)
    error = caught.value
    assert isinstance(error, DealroomError) and error.exit_status == 1
    assert error.category == "history store error"
    assert str(error) == (
        f"{path} is not a dealroom history store (not a SQLite database, or damaged: "
        "file is not a database): move it away, or choose another store with --store PATH "
        "or DEALROOM_STORE")
    assert path.read_text().startswith("these are my notes")


def test_a_damaged_database_gives_a_clear_error(tmp_path):
    path = tmp_path / "history.sqlite3"
    with Store.open(path) as store:
        for label in ("v1", "v2"):
            record(store, "globex-acme", label)
    data = bytearray(path.read_bytes())
    data[100:4096] = b"\xff" * (4096 - 100)
    path.write_bytes(bytes(data))
    with pytest.raises(StoreError, match="is not a dealroom history store .*damaged"):
        with Store.open(path) as store:
            store.revisions("globex-acme")


def test_a_store_whose_folder_cannot_be_made_gives_a_clear_error(tmp_path):
    (tmp_path / "deals").write_text("a file where a folder should be")
    path = tmp_path / "deals" / ".dealroom" / "history.sqlite3"
    with pytest.raises(StoreError) as caught:
        Store.open(path)
    assert str(caught.value) == (
        f"cannot create the folder {path.parent} for the history store (Not a directory): "
        "choose another store with --store PATH or DEALROOM_STORE")


def test_publishing_to_a_read_only_store_gives_a_clear_error(media):
    move_two_committed_dates(media.plan)
    make_read_only(media.folder)
    before = files(media.store.parent)
    done = as_reader("publish", "plan.yaml", "--to", "html", "-o", str(media.desk / "out"),
                     "--today", DAY, cwd=media.folder)
    assert (done.returncode, done.stdout) == (1, "")
    assert "Traceback" not in done.stderr
    assert done.stderr == (
        "dealroom: history store error: cannot write the history store .dealroom/history.sqlite3 "
        "(attempt to write a readonly database): check its permissions and free space, or "
        "choose another store with --store PATH or DEALROOM_STORE\n")
    assert files(media.store.parent) == before
    assert not (media.desk / "out").exists()


def test_a_folder_in_place_of_the_database_file_is_refused(tmp_path):
    with pytest.raises(StoreError, match="is a folder, not a history store file"):
        Store.open(tmp_path)


@pytest.mark.parametrize("create", [True, False])
def test_a_named_pipe_in_place_of_the_store_is_refused_without_waiting(tmp_path, create):
    path = tmp_path / "history.sqlite3"
    os.mkfifo(path)
    with pytest.raises(StoreError, match="is not a regular file .a pipe, a device or a socket., so "
                                         "not a history store: choose another store"):
        Store.open(path, create=create)


def test_reading_a_store_that_does_not_exist_does_not_create_it(tmp_path):
    path = tmp_path / ".dealroom" / "history.sqlite3"
    with pytest.raises(StoreError, match="no history store at .*: nothing has been recorded"):
        Store.open(path, create=False)
    assert not path.parent.exists()


def test_a_writer_that_waits_too_long_gets_a_clear_error_and_nothing_changes(tmp_path):
    path = tmp_path / "h.sqlite3"
    Store.open(path).close()
    holder = sqlite3.connect(path, isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")
    started = time.monotonic()
    try:
        with Store.open(path, timeout=0.3) as store:
            with pytest.raises(StoreError, match="is busy: another dealroom kept it locked for more than 0.3 s"):
                record(store, "globex-acme", "v1")
            assert time.monotonic() - started >= 0.3
            holder.execute("ROLLBACK")
            assert record(store, "globex-acme", "v1").number == 1
    finally:
        holder.close()


# --- reading only: nothing written, read-only media ------------------------------------

DAY = "2026-11-21"


LOCK_FILE = "history.sqlite3.locks/corvane-quillstone.lock"
"""What publish leaves beside the store besides the database (generator/publishing/lock.py)."""


def files(folder: Path) -> dict[str, str]:
    """Every file in ``folder`` (and below it) and the SHA-256 of its bytes."""
    return {str(path.relative_to(folder)): hashlib.sha256(path.read_bytes()).hexdigest()
            for path in folder.rglob("*") if path.is_file()}


@functools.cache
def _unprivileged_prefix() -> tuple[str, ...] | str:
    """How to run a command so that permission bits apply: as is, or, as root,
    without the capabilities that let root ignore them.

    Root (as in CI) runs the command through util-linux's setpriv with
    CAP_DAC_OVERRIDE, CAP_DAC_READ_SEARCH and CAP_FOWNER dropped from its
    bounding set: it stays root, so it can run this checkout's Python wherever
    the checkout is, but a folder without write bits is read-only to it. A
    string says why it cannot be done.
    """
    if os.geteuid() != 0:
        return ()
    setpriv = shutil.which("setpriv")
    if setpriv is None:
        return ("setpriv (util-linux) is needed to run a command without root's power over "
                "permission bits when the tests run as root: install util-linux")
    prefix = (setpriv, "--bounding-set=-dac_override,-dac_read_search,-fowner")
    tried = subprocess.run([*prefix, sys.executable, "-c", "import generator"], cwd="/",
                           capture_output=True, text=True, timeout=60)
    if tried.returncode != 0:
        return f"setpriv could not run {sys.executable}: {tried.stderr.strip()}"
    return prefix


def as_reader(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    """``dealroom ARGS`` run as a user the folder's permissions apply to."""
    prefix = _unprivileged_prefix()
    if isinstance(prefix, str):
        unavailable(prefix)
    return subprocess.run([*prefix, sys.executable, "-m", "generator", *args], cwd=cwd,
                          capture_output=True, text=True, timeout=120,
                          env={**os.environ, "DEALROOM_AUTHOR": "Ethan Cole", "HOME": str(cwd)})


def dealroom(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    done = subprocess.run([sys.executable, "-m", "generator", *args], cwd=cwd, capture_output=True,
                          text=True, timeout=120, env={**os.environ, "DEALROOM_AUTHOR": "Ethan Cole"})
    assert "Traceback" not in done.stderr
    return done


def publish(folder: Path) -> None:
    done = dealroom("publish", "plan.yaml", "--to", "html", "-o", "out", "--today", DAY, cwd=folder)
    assert done.returncode == 0, done.stderr


def make_read_only(folder: Path) -> None:
    """Take write permission from ``folder`` and everything in it, as read-only media would."""
    for path in [*folder.rglob("*"), folder]:
        path.chmod(0o555 if path.is_dir() else 0o444)


class Media:
    """A published plan in ``folder``, and ``desk``, a folder anyone may write to."""

    def __init__(self, root: Path):
        self.folder = root / "media"
        self.desk = root / "desk"
        self.plan = self.folder / "plan.yaml"
        self.store = self.folder / ".dealroom" / "history.sqlite3"


@pytest.fixture
def media():
    """A plan published once in a fresh folder every user can enter (pytest's is root's own).

    Made under ``tempfile.mkdtemp()`` with mode 0755, and removed afterwards.
    """
    root = Path(tempfile.mkdtemp(prefix="dealroom-media-"))
    try:
        root.chmod(0o755)
        place = Media(root)
        place.folder.mkdir()
        place.desk.mkdir()
        place.desk.chmod(0o777)
        shutil.copy(EXAMPLES / "enterprise.yaml", place.plan)
        publish(place.folder)
        yield place
    finally:
        for path in [root, *root.rglob("*")]:
            if path.is_dir() and not path.is_symlink():
                path.chmod(0o755)
        shutil.rmtree(root)


def test_a_store_on_read_only_media_is_read_by_history_render_and_recap(media):
    move_two_committed_dates(media.plan)
    publish(media.folder)
    make_read_only(media.folder)
    before = files(media.store.parent)
    history = as_reader("history", "plan.yaml", cwd=media.folder)
    assert history.returncode == 0, history.stderr
    assert [line[:2] for line in history.stdout.splitlines() if line.startswith("v")] == ["v2", "v1"]
    report = as_reader("history", "plan.yaml", "--json", cwd=media.folder)
    assert [r["number"] for r in json.loads(report.stdout)["revisions"]] == [1, 2]
    render = as_reader("render", "plan.yaml", "--to", "html", "-o", str(media.desk / "out"),
                       "--today", DAY, cwd=media.folder)
    assert render.returncode == 0, render.stderr
    page = (media.desk / "out" / "corvane-quillstone" / "index.html").read_text(encoding="utf-8")
    assert '<span class="was">was 4 Dec 2026</span>' in page
    recap = as_reader("recap", "plan.yaml", "-o", str(media.desk / "recap.eml"), "--today", DAY,
                      cwd=media.folder)
    assert recap.returncode == 0, recap.stderr
    assert (media.desk / "recap.eml").is_file()
    assert recap.stderr == (  # the draft is written; recording it is what cannot be done
        "dealroom: warning: the recap was not recorded, so the next one will not count its "
        "changes from it: cannot write the history store .dealroom/history.sqlite3 (attempt to "
        "write a readonly database): check its permissions and free space, or choose another "
        "store with --store PATH or DEALROOM_STORE\n")
    assert files(media.store.parent) == before


def test_a_store_the_reader_may_not_read_gives_a_clear_error(media):
    make_read_only(media.folder)
    media.store.chmod(0o000)
    done = as_reader("history", "plan.yaml", cwd=media.folder)
    assert (done.returncode, done.stdout) == (1, "")
    assert "Traceback" not in done.stderr
    assert done.stderr == (
        "dealroom: history store error: cannot open the history store .dealroom/history.sqlite3 "
        "(unable to open database file): check its permissions, or choose another store with "
        "--store PATH or DEALROOM_STORE\n")


def copy_with_a_revision_in_the_wal(media) -> Path:
    """A copy of ``media.folder`` whose second revision is still in the store's -wal file."""
    holder = sqlite3.connect(media.store, isolation_level=None)
    try:  # while another connection is open, the second publish stays in the -wal file
        holder.execute("SELECT count(*) FROM revisions").fetchone()
        move_two_committed_dates(media.plan)
        publish(media.folder)
        copy = media.folder.parent / "copy"
        shutil.copytree(media.folder, copy)
    finally:
        holder.close()
    assert sorted(files(copy / ".dealroom")) == ["history.sqlite3", "history.sqlite3-shm",
                                                  "history.sqlite3-wal", LOCK_FILE]
    assert (copy / ".dealroom" / "history.sqlite3-wal").stat().st_size > 0
    return copy


def test_a_store_whose_changes_wait_in_its_wal_is_read_in_full_from_read_only_media(media):
    copy = copy_with_a_revision_in_the_wal(media)
    make_read_only(copy)
    before = files(copy / ".dealroom")
    history = as_reader("history", "plan.yaml", "--json", cwd=copy)
    assert history.returncode == 0, history.stderr
    assert [r["number"] for r in json.loads(history.stdout)["revisions"]] == [1, 2]
    assert files(copy / ".dealroom") == before


def test_a_wal_without_its_shm_file_on_read_only_media_gives_a_clear_error(media):
    copy = copy_with_a_revision_in_the_wal(media)
    (copy / ".dealroom" / "history.sqlite3-shm").unlink()
    make_read_only(copy)
    done = as_reader("history", "plan.yaml", cwd=copy)
    assert (done.returncode, done.stdout) == (1, "")
    assert "Traceback" not in done.stderr
    assert done.stderr == (
        "dealroom: history store error: cannot read the history store .dealroom/history.sqlite3 "
        "(unable to open database file): check the permissions of the file and its folder, or "
        "choose another store with --store PATH or DEALROOM_STORE\n")


def test_reading_a_store_leaves_no_wal_or_shm_file_behind(tmp_path):
    shutil.copy(EXAMPLES / "enterprise.yaml", tmp_path / "plan.yaml")
    publish(tmp_path)
    before = files(tmp_path / ".dealroom")
    assert sorted(before) == ["history.sqlite3", LOCK_FILE]
    for command in (["history", "plan.yaml"], ["history", "plan.yaml", "--json"],
                    ["render", "plan.yaml", "--to", "html", "-o", "again", "--today", DAY]):
        done = dealroom(*command, cwd=tmp_path)
        assert done.returncode == 0, done.stderr
        assert files(tmp_path / ".dealroom") == before, command


def test_recap_records_itself_and_leaves_no_wal_or_shm_file_behind(tmp_path):
    shutil.copy(EXAMPLES / "enterprise.yaml", tmp_path / "plan.yaml")
    publish(tmp_path)
    done = dealroom("recap", "plan.yaml", "-o", "recap.eml", "--today", DAY, cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert sorted(files(tmp_path / ".dealroom")) == ["history.sqlite3", LOCK_FILE]
    with Store.open(tmp_path / ".dealroom" / "history.sqlite3", create=False) as reader:
        assert [(r.version, r.delivery) for r in reader.recaps("corvane-quillstone")] == \
            [(1, "drafted")]


def test_sqlite_alone_leaves_wal_and_shm_files_after_a_read_only_read(tmp_path):
    """Why readers use ``immutable``: a plain ``mode=ro`` reader of a WAL database
    makes the -wal and -shm files and, being read-only, cannot remove them."""
    path = tmp_path / "h.sqlite3"
    with Store.open(path) as store:
        record(store, "globex-acme", "v1")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["h.sqlite3"]
    reader = sqlite3.connect(f"file:{urllib.parse.quote(str(path))}?mode=ro", uri=True)
    reader.execute("SELECT count(*) FROM revisions").fetchone()
    reader.close()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["h.sqlite3", "h.sqlite3-shm", "h.sqlite3-wal"]


def test_a_revision_recorded_while_a_reader_is_open_is_in_the_readers_next_read(tmp_path):
    path = tmp_path / "h.sqlite3"
    with Store.open(path) as store:
        record(store, "globex-acme", "v1")
    with Store.open(path, create=False) as reader:
        assert [r.number for r in reader.revisions("globex-acme")] == [1]
        with Store.open(path) as writer:
            record(writer, "globex-acme", "v2")
        assert [r.number for r in reader.revisions("globex-acme")] == [1, 2]
        assert reader.latest("globex-acme").seller["label"] == "v2"


def test_a_reader_cannot_record(tmp_path):
    path = tmp_path / "h.sqlite3"
    Store.open(path).close()
    with Store.open(path, create=False) as reader:
        with pytest.raises(StoreError, match="attempt to write a readonly database"):
            record(reader, "globex-acme", "v1")
    assert sql(path, "SELECT count(*) FROM revisions") == [(0,)]


def test_an_older_store_is_read_without_being_migrated(tmp_path, monkeypatch):
    path = tmp_path / "h.sqlite3"
    with Store.open(path) as store:
        first = record(store, "globex-acme", "v1")
    before = files(tmp_path)

    def add_reviewed_by(connection):
        connection.execute("ALTER TABLE revisions ADD COLUMN reviewed_by TEXT NOT NULL DEFAULT 'nobody'")

    monkeypatch.setattr(store_schema, "MIGRATIONS", (*store_schema.MIGRATIONS, add_reviewed_by))
    seen = []
    monkeypatch.setattr("generator.history.store_rows.revision_of", lambda row: seen.append(row["reviewed_by"]) or first)
    with Store.open(path, create=False) as reader:
        assert reader.revisions("globex-acme") == [first]
    assert seen == ["nobody"]  # as the migration would have filled it in
    assert files(tmp_path) == before
    assert sql(path, "PRAGMA user_version") == [(len(store_schema.MIGRATIONS) - 1,)]


def test_an_older_store_that_only_migrating_can_make_readable_says_to_publish(tmp_path, monkeypatch):
    path = tmp_path / "h.sqlite3"
    with Store.open(path) as store:
        record(store, "globex-acme", "v1")
    before = files(tmp_path)

    def require_a_reviewer(connection):
        connection.execute("ALTER TABLE revisions RENAME TO revisions_1")
        connection.execute("CREATE TABLE revisions (id INTEGER PRIMARY KEY, reviewed_by TEXT NOT NULL)")

    monkeypatch.setattr(store_schema, "MIGRATIONS", (*store_schema.MIGRATIONS, require_a_reviewer))
    with pytest.raises(StoreError) as caught:
        Store.open(path, create=False)
    known = len(store_schema.MIGRATIONS)
    assert str(caught.value) == (
        f"{path} was written by an older dealroom (schema version {known - 1}; this one uses "
        f"{known}) and cannot "
        "be read until it is brought up to date: run dealroom publish once where the store can be "
        "written, or choose another store with --store PATH or DEALROOM_STORE")
    assert files(tmp_path) == before


def test_an_empty_store_file_reads_as_nothing_recorded_and_stays_empty(tmp_path):
    path = tmp_path / "history.sqlite3"
    path.write_bytes(b"")
    with Store.open(path, create=False) as reader:
        assert reader.revisions("globex-acme") == []
        assert reader.latest("globex-acme") is None
    assert [p.name for p in tmp_path.iterdir()] == ["history.sqlite3"]
    assert path.read_bytes() == b""


# --- real processes: racing writers and a writer killed mid-transaction ---------------


def start_worker(store, deal: str, label: str, *options: str) -> subprocess.Popen:
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(REPO), os.environ.get("PYTHONPATH", "")])}
    return subprocess.Popen([sys.executable, str(WORKER), str(store), deal, label, *options],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)


def wait_until(condition, seconds: float = 30.0, what: str = "condition") -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, f"timed out waiting for {what}"
        time.sleep(0.01)


def released(path, deal: str, labels: list[str], signals: Path, *options: str) -> list[dict]:
    """Start one worker per label, release them together, return what each printed."""
    start = signals / f"start-{labels[0]}"
    workers = [start_worker(path, deal, label, "--ready", str(signals / f"ready-{label}"),
                            "--start", str(start), *options) for label in labels]
    wait_until(lambda: all((signals / f"ready-{label}").exists() for label in labels),
               what="workers to start")
    start.write_text("go")
    printed = []
    for worker in workers:
        out, err = worker.communicate(timeout=120)
        assert worker.returncode == 0, err
        printed.append(json.loads(out))
    return printed


def race(path, deal: str, labels: list[str], signals: Path) -> list[int]:
    """Start one worker per label, release them together, return the numbers they got."""
    return [out["number"] for out in released(path, deal, labels, signals)]


def new_store(location, tmp_path: Path):
    """A SQLite store in a folder not made yet (racing writers make it), or the database."""
    return tmp_path / "new-store" / "history.sqlite3" if isinstance(location, Path) else location


def whole(location) -> None:
    """SQLite's own check of the file finds nothing wrong (the server keeps PostgreSQL whole)."""
    if isinstance(location, Path):
        assert integrity(location) == "ok"


@pytest.mark.slow
def test_writers_racing_on_one_deal_all_land_with_distinct_numbers(store_location, tmp_path):
    path = new_store(store_location, tmp_path)
    first = [f"first-{n}" for n in range(6)]
    second = [f"second-{n}" for n in range(6)]
    assert sorted(race(path, "globex-acme", first, tmp_path)) == list(range(1, 7))
    assert sorted(race(path, "globex-acme", second, tmp_path)) == list(range(7, 13))
    with open_store(path) as store:
        revisions = store.revisions("globex-acme")
    assert [r.number for r in revisions] == list(range(1, 13))
    assert sorted(r.seller["label"] for r in revisions) == sorted(first + second)
    previous_labels = [None] + [r.seller["label"] for r in revisions[:-1]]
    assert [r.changes[0]["before"] for r in revisions] == previous_labels
    whole(path)


@pytest.mark.slow
def test_four_processes_recording_ten_revisions_each_number_them_1_to_40(store_location, tmp_path):
    path = new_store(store_location, tmp_path)
    got = []
    for printed in released(path, "globex-acme", [f"w{n}" for n in range(4)], tmp_path,
                            "--times", "10"):
        assert printed["numbers"] == sorted(printed["numbers"])  # each process's in its order
        got += printed["numbers"]
    assert sorted(got) == list(range(1, 41))
    with open_store(path, create=False) as store:
        revisions = store.revisions("globex-acme")
    assert [r.number for r in revisions] == list(range(1, 41))
    previous_labels = [None] + [r.seller["label"] for r in revisions[:-1]]
    assert [r.changes[0]["before"] for r in revisions] == previous_labels
    whole(path)


@pytest.mark.slow
def test_a_writer_killed_mid_transaction_leaves_no_half_revision(store_location, tmp_path):
    path = store_location
    with open_store(path) as store:
        for label in ("v1", "v2"):
            record(store, "globex-acme", label)
    marker = tmp_path / "inserted"
    worker = start_worker(path, "globex-acme", "doomed", "--hold-after-insert", str(marker))
    try:
        wait_until(lambda: marker.exists() or worker.poll() is not None, what="the worker's insert")
        assert marker.read_text() == "3", worker.stderr.read()
        with open_store(path) as reader:
            assert [r.number for r in reader.revisions("globex-acme")] == [1, 2]
    finally:
        os.kill(worker.pid, signal.SIGKILL)
    worker.wait(timeout=30)
    assert worker.returncode == -signal.SIGKILL
    with open_store(path) as store:
        assert [r.seller["label"] for r in store.revisions("globex-acme")] == ["v1", "v2"]
        whole(path)
        after = record(store, "globex-acme", "v3",
                       changes=lambda before, _: [{"kind": "task_retitled", "subject": before["label"]}])
    assert (after.number, after.changes[0]["subject"]) == (3, "v2")
    whole(path)
