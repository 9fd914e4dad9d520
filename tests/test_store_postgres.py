"""A team's history store in PostgreSQL (``--store postgresql://...``): the URL is
passed through and never shown with its password, the schema is migrated from
empty in numbered steps (once, and all or nothing), a foreign table or a reader
cannot be written through, a writer waiting too long is told so, publishing a
deal holds a lock in the server rather than a file, and ``publish`` then
``history`` work end to end. The rest of the store's behaviour is tested against
both backends in tests/test_store*.py and tests/test_publish_races.py."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import psycopg
import pytest

from generator.errors import StoreError
from generator.history import postgres_schema, store_schema
from generator.history.location import is_url, open_store, shown, store_path
from generator.history.postgres_store import RECORD_LOCKS, PostgresStore
from generator.publishing.lock import store_lock
from postgres import PASSWORD, execute, schema_version
from test_store import record
from test_store_recaps import recap

ROOT = Path(__file__).resolve().parent.parent
DEAL = "corvane-quillstone"


# --- the location ------------------------------------------------------------------------


def test_a_postgresql_url_is_passed_through_from_the_flag_or_the_environment(tmp_path):
    url = "postgresql://sam:secret@db.example.com:5433/deals"
    assert store_path(tmp_path / "plan.yaml", url) == url
    assert store_path(tmp_path / "plan.yaml", None, {"DEALROOM_STORE": url}) == url
    assert store_path(tmp_path / "plan.yaml", None, {"DEALROOM_STORE": "postgres://h/d"}) == "postgres://h/d"
    assert not is_url(tmp_path / "postgresql:" / "x") and is_url("POSTGRESQL://h/d")


def test_messages_show_the_url_without_its_password():
    assert shown("postgresql://sam:s3cr%40t@db.example.com:5433/deals?sslmode=require") == \
        "postgresql://sam:***@db.example.com:5433/deals?sslmode=require"
    assert shown("postgresql://sam@db.example.com/deals") == "postgresql://sam@db.example.com/deals"
    assert shown(Path("/x/history.sqlite3")) == "/x/history.sqlite3"


def test_a_server_that_cannot_be_reached_is_a_clear_error_without_the_password(tmp_path):
    import socket

    with socket.socket() as probe:  # a loopback port nobody listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    with pytest.raises(StoreError) as caught:
        open_store(f"postgresql://sam:{PASSWORD}@127.0.0.1:{port}/deals", timeout=2)
    message = str(caught.value)
    assert message.startswith(f"cannot connect to the history store postgresql://sam:***@127.0.0.1:"
                              f"{port}/deals (")
    assert "check the URL and that the server is running" in message
    assert PASSWORD not in message


def test_a_sqlite_store_never_imports_psycopg(tmp_path):
    code = ("import sys; from generator.history.location import open_store; "
            f"open_store({str(tmp_path / 'h.sqlite3')!r}).close(); "
            "print('psycopg' in sys.modules)")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT,
                          env={**os.environ, "PYTHONPATH": str(ROOT)}, timeout=120)
    assert (done.returncode, done.stdout.strip()) == (0, "False"), done.stderr


# --- the schema ----------------------------------------------------------------------------


def test_an_empty_database_gets_every_migration_in_one_step(postgres_url):
    with open_store(postgres_url) as store:
        assert isinstance(store, PostgresStore)
        assert PASSWORD not in store.path and store.path == shown(postgres_url)
    assert schema_version(postgres_url) == len(store_schema.MIGRATIONS)
    columns = execute(postgres_url, "SELECT column_name FROM information_schema.columns "
                      "WHERE table_name = 'revisions' ORDER BY ordinal_position")
    assert [name for (name,) in columns] == [
        "id", "deal_id", "number", "recorded_at", "author", "source", "note", "buyer_json",
        "seller_json", "content_hash", "changes_json", "reasons_json", "published_json",
        "seller_note"]
    assert execute(postgres_url, "SELECT indexdef FROM pg_indexes WHERE indexname = "
                   "'revisions_by_deal'") == [
        ("CREATE UNIQUE INDEX revisions_by_deal ON public.revisions USING btree (deal_id, number)",)]


def older(monkeypatch, version: int) -> None:
    """Make this dealroom one that knew only the first ``version`` migrations."""
    monkeypatch.setattr(postgres_schema, "MIGRATIONS", postgres_schema.MIGRATIONS[:version])
    monkeypatch.setattr(store_schema, "MIGRATIONS", store_schema.MIGRATIONS[:version])


def test_an_older_database_is_read_as_it_is_and_migrated_when_written(postgres_url, monkeypatch):
    with monkeypatch.context() as patch:
        older(patch, 3)
        with open_store(postgres_url) as store:
            store.record_recap(recap(1))
    assert schema_version(postgres_url) == 3
    with open_store(postgres_url, create=False) as reader:
        assert reader.recaps("globex-acme") == [recap(1)]
        assert reader.google_docs("globex-acme") == [] and reader.revisions("globex-acme") == []
    assert schema_version(postgres_url) == 3
    with open_store(postgres_url) as store:
        assert record(store, "globex-acme", "v1", seller_note="mine").seller_note == "mine"
        assert store.recaps("globex-acme") == [recap(1)]
    assert schema_version(postgres_url) == len(store_schema.MIGRATIONS)


def test_a_failing_migration_leaves_the_database_at_its_old_version(postgres_url, monkeypatch):
    open_store(postgres_url).close()
    half_done = ("CREATE TABLE slips (task text)", "SELECT 1 / 0")
    monkeypatch.setattr(postgres_schema, "MIGRATIONS", (*postgres_schema.MIGRATIONS, half_done))
    with pytest.raises(psycopg.errors.DivisionByZero):
        open_store(postgres_url)
    assert schema_version(postgres_url) == len(store_schema.MIGRATIONS)
    assert execute(postgres_url, "SELECT to_regclass('slips')") == [(None,)]


def test_a_revisions_table_dealroom_did_not_make_is_refused_and_left_alone(postgres_url):
    execute(postgres_url, "CREATE TABLE revisions (photo text)")
    for create in (True, False):
        with pytest.raises(StoreError, match="has a revisions table that dealroom did not make"):
            open_store(postgres_url, create=create)
    assert execute(postgres_url, "SELECT to_regclass('dealroom_schema')") == [(None,)]


def test_an_empty_database_read_only_is_nothing_recorded_and_stays_empty(postgres_url):
    with open_store(postgres_url, create=False) as reader:
        assert reader.revisions("globex-acme") == [] and reader.latest("globex-acme") is None
        assert reader.recaps("globex-acme") == [] and reader.google_docs("globex-acme") == []
    assert execute(postgres_url, "SELECT to_regclass('dealroom_schema')") == [(None,)]


# --- writing -------------------------------------------------------------------------------


def test_a_reader_cannot_record(postgres_url):
    open_store(postgres_url).close()
    with open_store(postgres_url, create=False) as reader:
        with pytest.raises(StoreError, match="cannot write the history store .*read-only"):
            record(reader, "globex-acme", "v1")
    assert execute(postgres_url, "SELECT count(*) FROM revisions") == [(0,)]


def test_a_writer_that_waits_too_long_gets_a_clear_error_and_nothing_changes(postgres_url):
    open_store(postgres_url).close()
    with psycopg.connect(postgres_url, autocommit=True) as holder:
        holder.execute("BEGIN")
        holder.execute("SELECT pg_advisory_xact_lock(%s, hashtext(%s))", (RECORD_LOCKS, "globex-acme"))
        with open_store(postgres_url, timeout=0.3) as store:
            with pytest.raises(StoreError, match="is busy: another dealroom kept it locked for "
                                                 "more than 0.3 s; try again"):
                record(store, "globex-acme", "v1")
            assert record(store, "initech", "v1").number == 1  # other deals do not wait
            holder.execute("ROLLBACK")
            assert record(store, "globex-acme", "v1").number == 1


def test_a_deal_being_published_is_locked_in_the_server_until_its_connection_ends(postgres_url,
                                                                                  tmp_path):
    with open_store(postgres_url) as first, open_store(postgres_url) as second:
        with store_lock(first, DEAL):
            with pytest.raises(StoreError, match=f"another dealroom is still publishing {DEAL} "
                                                 r"\(postgresql://postgres:\*\*\*@"):
                with store_lock(second, DEAL, wait=0.2):
                    pass
            with store_lock(second, "another-deal", wait=0.2):
                pass
        with store_lock(second, DEAL, wait=0.2):
            pass
        assert first.try_lock_deal(DEAL) is True
    with open_store(postgres_url) as third:  # closing the connection released it
        with store_lock(third, DEAL, wait=5):
            pass
    assert list(tmp_path.iterdir()) == []  # no lock file anywhere


# --- end to end ----------------------------------------------------------------------------


def dealroom(*args: str, cwd: Path, **env: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "generator", *args], capture_output=True,
                          text=True, cwd=cwd, timeout=300,
                          env={**os.environ, "PYTHONPATH": str(ROOT), **env})


def test_publish_then_history_with_a_postgresql_store(postgres_url, tmp_path):
    plan = tmp_path / "plan.yaml"
    shutil.copy(ROOT / "examples" / "enterprise.yaml", plan)
    done = dealroom("publish", str(plan), "--to", "html", "--store", postgres_url, "-o",
                    str(tmp_path / "out"), "--note", "first", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    plan.write_text(plan.read_text(encoding="utf-8").replace("    due: 2026-12-04\n",
                                                             "    due: 2026-12-11\n", 1))
    done = dealroom("publish", str(plan), "--to", "html", "-o", str(tmp_path / "out"),
                    "--reason", "S3=CISO away", cwd=tmp_path, DEALROOM_STORE=postgres_url)
    assert done.returncode == 0, done.stderr
    assert PASSWORD not in done.stdout + done.stderr
    assert (tmp_path / "out" / DEAL / "v2" / "index.html").is_file()
    assert not (tmp_path / ".dealroom").exists()  # nothing beside the plan: the team's store
    history = dealroom("history", str(plan), "--store", postgres_url, "--json", cwd=tmp_path)
    assert history.returncode == 0, history.stderr
    revisions = json.loads(history.stdout)["revisions"]
    assert [(r["number"], r["note"]) for r in revisions] == [(1, "first"), (2, None)]
    assert [c["kind"] for c in revisions[1]["changes"]] == ["date_moved"]
    text = dealroom("history", str(plan), cwd=tmp_path, DEALROOM_STORE=postgres_url)
    assert text.returncode == 0 and text.stdout.startswith("v2  "), text.stderr
