"""The google_docs table of the history store: each time dealroom wrote a deal's
Google Doc or merged the buyer's edits from it, which file, which deal revision
and which document revision and Drive version, read back checked; an older store
gets the table when opened to write and reads as none when only read."""

from __future__ import annotations

import datetime as dt

import pytest

from generator.errors import StoreError
from generator.history import store_schema
from generator.history.google_rows import GoogleDocState
from generator.history.store import Store
from test_store import files, record, sql
from generator.history.location import open_store
from postgres import damage as damage_store, execute, named

UTC = dt.timezone.utc
RESTORE = "restore the file from a backup, or choose another store with --store PATH or DEALROOM_STORE"


def state(version: int, event: str = "published", deal: str = "globex-acme", **extra) -> GoogleDocState:
    values = {"deal_id": deal, "version": version, "file_id": "1DocFileId_abc",
              "link": "https://docs.google.com/document/d/1DocFileId_abc/edit",
              "revision_id": f"rev-{version}", "drive_version": 40 + version, "event": event,
              "recorded_at": dt.datetime(2026, 12, version, 9, 30, tzinfo=UTC), **extra}
    return GoogleDocState(**values)


def test_a_new_store_has_a_google_docs_table(tmp_path):
    path = tmp_path / "h.sqlite3"
    Store.open(path).close()
    columns = [row[1] for row in sql(path, "PRAGMA table_info(google_docs)")]
    assert columns == ["id", "deal_id", "version", "file_id", "link", "revision_id",
                       "drive_version", "event", "recorded_at"]


def test_states_are_recorded_and_read_back_per_deal_oldest_first(store_location):
    path = store_location
    written = [state(1), state(1, "imported", drive_version=57), state(2)]
    with open_store(path) as store:
        for item in written:
            store.record_google_doc(item)
        store.record_google_doc(state(1, deal="other-deal"))
    with open_store(path, create=False) as reader:
        assert reader.google_docs("globex-acme") == written
        assert reader.google_docs("nobody") == []
    assert execute(path, "SELECT drive_version, recorded_at FROM google_docs WHERE id = 2") == [
        ("57", "2026-12-01T09:30:00Z")]


def test_a_store_from_before_the_table_reads_as_none_and_gets_it_when_written(tmp_path, monkeypatch):
    path = tmp_path / "h.sqlite3"
    with monkeypatch.context() as patch:
        patch.setattr(store_schema, "MIGRATIONS", store_schema.MIGRATIONS[:4])
        with Store.open(path) as store:
            record(store, "globex-acme", "v1")
    before = files(tmp_path)
    with Store.open(path, create=False) as reader:
        assert reader.google_docs("globex-acme") == []
    assert files(tmp_path) == before
    with Store.open(path) as store:
        store.record_google_doc(state(1))
        assert store.google_docs("globex-acme") == [state(1)]
        assert [r.number for r in store.revisions("globex-acme")] == [1]
    assert sql(path, "PRAGMA user_version") == [(len(store_schema.MIGRATIONS),)]


@pytest.mark.parametrize(("damage", "words"), [
    ("UPDATE google_docs SET drive_version = 'many' WHERE id = 2",
     "drive_version is not a number: 'many'"),
    ("UPDATE google_docs SET file_id = '' WHERE id = 2", "file_id is empty or not text"),
    pytest.param("UPDATE google_docs SET version = 'two' WHERE id = 2", "version is not a whole number from 1: 'two'",
                 marks=pytest.mark.sqlite_only),  # PostgreSQL's typed column refuses text
    ("UPDATE google_docs SET recorded_at = 'noon' WHERE id = 2",
     "recorded_at is not a date and time: 'noon'"),
])
def test_a_damaged_state_is_a_store_error_naming_it(store_location, damage, words):
    path = store_location
    with open_store(path) as store:
        store.record_google_doc(state(1))
        store.record_google_doc(state(2))
    damage_store(path, damage)
    with open_store(path, create=False) as reader:
        with pytest.raises(StoreError) as caught:
            reader.google_docs("globex-acme")
    assert str(caught.value) == f"{named(path)}: Google Doc record 2 of globex-acme is damaged ({words}): {RESTORE}"


def test_a_missing_table_is_a_store_error(store_location):
    path = store_location
    with open_store(path) as store:
        store.record_google_doc(state(1))
    execute(path, "DROP TABLE google_docs")
    with open_store(path, create=False) as reader:
        with pytest.raises(StoreError, match="its google_docs table is missing"):
            reader.google_docs("globex-acme")
