"""The recaps table of the history store: each recap written is recorded (which
version, counted from which, to whom, drafted or sent, when) and read back
checked; a store from before the table gets it when migrated and reads as no
recap when only read; a newer store is still refused."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from generator.errors import StoreError
from generator.history import store_schema
from generator.history.recap_rows import RecordedRecap
from generator.history.store import Store
from test_store import files, record, sql
from generator.history.location import open_store
from postgres import damage as damage_store, execute, named, set_schema_version

UTC = dt.timezone.utc
RESTORE = "restore the file from a backup, or choose another store with --store PATH or DEALROOM_STORE"


def recap(version: int, delivery: str = "drafted", deal: str = "globex-acme", **extra) -> RecordedRecap:
    values = {"deal_id": deal, "version": version, "since": version - 1 or None,
              "to": ("bea-buyer",), "cc": ("sam-seller", "sol-engineer"), "delivery": delivery,
              "recorded_at": dt.datetime(2026, 11, 20 + version, 9, 30, tzinfo=UTC), **extra}
    return RecordedRecap(**values)


def test_a_new_store_has_a_recaps_table(tmp_path):
    path = tmp_path / "h.sqlite3"
    Store.open(path).close()
    assert sql(path, "PRAGMA user_version") == [(len(store_schema.MIGRATIONS),)]
    columns = [row[1] for row in sql(path, "PRAGMA table_info(recaps)")]
    assert columns == ["id", "deal_id", "version", "since", "recipients_json", "delivery",
                       "recorded_at"]


def test_recaps_are_recorded_and_read_back_per_deal_oldest_first(store_location):
    path = store_location
    written = [recap(1), recap(2, "sent", to=("bea-buyer", "cal-cfo"), cc=()), recap(2)]
    with open_store(path) as store:
        for item in written:
            store.record_recap(item)
        store.record_recap(recap(1, deal="other-deal"))
    with open_store(path, create=False) as reader:
        assert reader.recaps("globex-acme") == written
        assert reader.recaps("nobody") == []
    assert execute(path, "SELECT recipients_json, recorded_at FROM recaps WHERE id = 2") == [
        ('{"to":["bea-buyer","cal-cfo"],"cc":[]}', "2026-11-22T09:30:00Z")]


def older_store(path: Path, monkeypatch) -> None:
    """A store written by the dealroom before the recaps table (schema version 2)."""
    with monkeypatch.context() as patch:
        patch.setattr(store_schema, "MIGRATIONS", store_schema.MIGRATIONS[:2])
        with Store.open(path) as store:
            record(store, "globex-acme", "v1")
    assert sql(path, "PRAGMA user_version") == [(2,)]


def test_a_store_from_before_the_recaps_table_reads_as_no_recap_and_is_left_alone(
        tmp_path, monkeypatch):
    path = tmp_path / "h.sqlite3"
    older_store(path, monkeypatch)
    before = files(tmp_path)
    with Store.open(path, create=False) as reader:
        assert reader.recaps("globex-acme") == []
        assert [r.number for r in reader.revisions("globex-acme")] == [1]
    assert files(tmp_path) == before


def test_a_store_from_before_the_recaps_table_gets_it_when_opened_to_write(tmp_path, monkeypatch):
    path = tmp_path / "h.sqlite3"
    older_store(path, monkeypatch)
    with Store.open(path) as store:
        store.record_recap(recap(1))
        assert store.recaps("globex-acme") == [recap(1)]
        assert [r.number for r in store.revisions("globex-acme")] == [1]
    assert sql(path, "PRAGMA user_version") == [(len(store_schema.MIGRATIONS),)]


def test_a_store_of_a_newer_dealroom_is_still_refused(store_location):
    path = store_location
    with open_store(path) as store:
        store.record_recap(recap(1))
    newer = len(store_schema.MIGRATIONS) + 1
    set_schema_version(path, newer)
    for create in (True, False):
        with pytest.raises(StoreError) as caught:
            open_store(path, create=create)
        assert str(caught.value) == (
            f"{named(path)} was written by a newer dealroom (schema version {newer}; this one knows up to "
            f"{newer - 1}): "
            "upgrade dealroom, or choose another store with --store PATH or DEALROOM_STORE")
    assert execute(path, "SELECT count(*) FROM recaps") == [(1,)]


@pytest.mark.parametrize(("damage", "words"), [
    ("UPDATE recaps SET recipients_json = '{\"to\": \"bea-buyer\"}' WHERE id = 2",
     "recap 2 of globex-acme is damaged (recipients_json is not an object with lists of person "
     "ids to and cc)"),
    ("UPDATE recaps SET recipients_json = 'not json' WHERE id = 2",
     "recap 2 of globex-acme is damaged (recipients_json is not an object with lists of person "
     "ids to and cc)"),
    ("UPDATE recaps SET recorded_at = 'yesterday' WHERE id = 2",
     "recap 2 of globex-acme is damaged (recorded_at is not a date and time: 'yesterday')"),
    ("UPDATE recaps SET since = 9 WHERE id = 2",
     "recap 2 of globex-acme is damaged (since is not a version number: 9)"),
    pytest.param("UPDATE recaps SET version = 'two' WHERE id = 2", "recap 2 of globex-acme is damaged (version is not a whole number from 1: 'two')",
                 marks=pytest.mark.sqlite_only),  # PostgreSQL's typed column refuses text
    ("DROP TABLE recaps", "the history store is damaged (its recaps table is missing)"),
])
def test_a_damaged_recap_is_a_store_error_naming_it(store_location, damage, words):
    path = store_location
    with open_store(path) as store:
        store.record_recap(recap(1))
        store.record_recap(recap(2))
    damage_store(path, damage)
    with open_store(path, create=False) as reader:
        with pytest.raises(StoreError) as caught:
            reader.recaps("globex-acme")
    assert str(caught.value) == f"{named(path)}: {words}: {RESTORE}"
