"""A damaged history store: every command that reads it says which file, deal and
revision are damaged and what to do, prints no traceback, writes nothing, and
leaves the store byte for byte as it was."""

from __future__ import annotations

import hashlib
import os
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from test_publish import move_two_committed_dates

ROOT = Path(__file__).resolve().parent.parent
DAY = "2026-11-21"
STORE = ".dealroom/history.sqlite3"
RESTORE = "restore the file from a backup, or choose another store with --store PATH or DEALROOM_STORE"

COMMANDS = {
    "history": ["history", "plan.yaml"],
    "history --json": ["history", "plan.yaml", "--json"],
    "render": ["render", "plan.yaml", "--to", "html", "-o", "written", "--today", DAY],
    "recap": ["recap", "plan.yaml", "-o", "written/recap.eml", "--today", DAY],
    "publish": ["publish", "plan.yaml", "--to", "html", "-o", "written", "--today", DAY],
}


def revision_2(detail: str) -> str:
    return f"{STORE}: revision 2 of corvane-quillstone is damaged ({detail}): {RESTORE}"


def whole_store(detail: str) -> str:
    return f"{STORE}: the history store is damaged ({detail}): {RESTORE}"


def set_column(column: str, value: str) -> str:
    """SQL giving revision 2's ``column`` the SQL expression ``value``."""
    return f"UPDATE revisions SET {column} = {value} WHERE number = 2"


def set_changes(changes: str) -> str:
    return set_column("changes_json", f"'{changes}'")


MOVE = '"kind":"date_moved","subject":"sec-review"'
DAMAGE = {  # what is done to the store: the words the command must say
    "revisions table dropped": (
        "DROP TABLE revisions", whole_store("its revisions table is missing")),
    "revisions table renamed": (
        "ALTER TABLE revisions RENAME TO old_revisions", whole_store("its revisions table is missing")),
    "revisions table replaced by a view": (
        "ALTER TABLE revisions RENAME TO old_revisions; "
        "CREATE VIEW revisions AS SELECT * FROM old_revisions",
        whole_store("its revisions table is missing")),
    "column missing": (
        "ALTER TABLE revisions DROP COLUMN reasons_json",
        whole_store("its revisions table has no column reasons_json")),
    "column renamed": (
        "ALTER TABLE revisions RENAME COLUMN changes_json TO changes",
        whole_store("its revisions table has no column changes_json")),
    "buyer_json not JSON": (
        set_column("buyer_json", "'{\"tasks\": ['"),
        revision_2("buyer_json is not valid JSON: Expecting value: line 1 column 12 (char 11)")),
    "seller_json not JSON": (
        set_column("seller_json", "'{\"deal\": }'"),
        revision_2("seller_json is not valid JSON: Expecting value: line 1 column 10 (char 9)")),
    "changes_json not JSON": (
        set_changes("[{"), revision_2("changes_json is not valid JSON: Expecting property name "
                                      "enclosed in double quotes: line 1 column 3 (char 2)")),
    "reasons_json not JSON": (
        set_column("reasons_json", "'nothing'"),
        revision_2("reasons_json is not valid JSON: Expecting value: line 1 column 1 (char 0)")),
    "recorded_at not a date": (
        set_column("recorded_at", "'last Tuesday'"),
        revision_2("recorded_at is not a date and time: 'last Tuesday'")),
    "number not a number": (
        set_column("number", "'two'"),
        f"{STORE}: revision two of corvane-quillstone is damaged (number is not a whole number "
        f"from 1: 'two'): {RESTORE}"),
    "author not text": (
        set_column("author", "x'0102'"), revision_2("author is not text")),
    "note not UTF-8": (
        set_column("note", "CAST(x'4166ff' AS TEXT)"), revision_2("note is not text")),
    "seller_json edited": (
        set_column("seller_json", "replace(seller_json, 'Corvane', 'Acme')"),
        revision_2("seller_json does not match its content_hash")),
    "buyer_json not an object": (
        set_column("buyer_json", "'[]'"), revision_2("buyer_json is not an object")),
    "buyer_json without tasks": (
        set_column("buyer_json", "json_remove(buyer_json, '$.tasks')"),
        revision_2("buyer_json has no list of tasks")),
    "buyer_json task without id": (
        set_column("buyer_json", "json_remove(buyer_json, '$.tasks[3].id')"),
        revision_2("buyer_json tasks item 4 is not an object with a text id")),
    "buyer_json task due not a date": (
        set_column("buyer_json", "json_set(buyer_json, '$.tasks[0].due', 'soon')"),
        revision_2("buyer_json tasks item 1 has a due that is not a date")),
    "changes_json a number": (
        set_column("changes_json", "7"), revision_2("changes_json is not a list")),
    "changes_json an object": (
        set_changes(f"{{{MOVE}}}"), revision_2("changes_json is not a list")),
    "change not an object": (
        set_changes('["moved"]'), revision_2("changes_json item 1 is not an object")),
    "change without kind": (
        set_changes('[{"subject":"sec-review"}]'), revision_2("changes_json item 1: it has no kind")),
    "change without subject": (
        set_changes('[{"kind":"date_moved"}]'), revision_2("changes_json item 1: it has no subject")),
    "change of unknown kind": (
        set_changes('[{"kind":"teleported","subject":"sec-review"}]'),
        revision_2("changes_json item 1: unknown change kind 'teleported'")),
    "change subject a number": (
        set_changes('[{"kind":"task_added","subject":42}]'),
        revision_2("changes_json item 1: its subject is not text")),
    "change days not a whole number": (
        set_changes(f'[{{{MOVE},"before":"2026-12-04","after":"2026-12-11","days":"seven"}}]'),
        revision_2("changes_json item 1: its days is not a whole number")),
    "moved date not a date": (
        set_changes(f'[{{{MOVE},"before":"soon","after":"2026-12-11","days":7}}]'),
        revision_2("changes_json item 1: its before or after is not a date")),
    "reasons_json a list": (
        set_column("reasons_json", "'[]'"), revision_2("reasons_json is not an object")),
    "reason not text": (
        set_column("reasons_json", "'{\"sec-review\": 7}'"),
        revision_2("reasons_json holds a reason that is not text")),
}


def dealroom(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "generator", *args], cwd=cwd, capture_output=True,
                          text=True, env={**os.environ, "DEALROOM_AUTHOR": "Ethan Cole"}, timeout=120)


@pytest.fixture(scope="module")
def two_versions(tmp_path_factory) -> Path:
    """A plan published twice (the second time with two dates moved), once for the module."""
    folder = tmp_path_factory.mktemp("published")
    shutil.copy(ROOT / "examples" / "enterprise.yaml", folder / "plan.yaml")
    for step in ("first", "second"):
        if step == "second":
            move_two_committed_dates(folder / "plan.yaml")
        done = dealroom("publish", "plan.yaml", "--to", "html", "-o", "out", "--today", DAY,
                        "--reason", "S3=CISO out until the 14th", cwd=folder)
        assert done.returncode == 0, done.stderr
    return folder


@pytest.fixture
def deal(two_versions, tmp_path) -> Path:
    """A fresh copy of the published plan and its store."""
    shutil.copy(two_versions / "plan.yaml", tmp_path / "plan.yaml")
    shutil.copytree(two_versions / ".dealroom", tmp_path / ".dealroom")
    return tmp_path


def damage(store: Path, statements: str) -> None:
    """Damage the store with plain sqlite3, as anyone could."""
    connection = sqlite3.connect(store, isolation_level=None)
    try:
        connection.executescript(statements)
    finally:
        connection.close()


def state(folder: Path) -> dict[str, str]:
    """Every file in the store's folder and the SHA-256 of its bytes."""
    return {str(path.relative_to(folder)): hashlib.sha256(path.read_bytes()).hexdigest()
            for path in folder.rglob("*") if path.is_file()}


@pytest.mark.parametrize("command", COMMANDS)
@pytest.mark.parametrize("kind", DAMAGE)
def test_a_damaged_store_is_a_clear_error_and_left_untouched(deal, kind, command):
    statements, message = DAMAGE[kind]
    damage(deal / STORE, statements)
    before = state(deal / ".dealroom")
    assert sorted(before) == ["history.sqlite3", "history.sqlite3.locks/corvane-quillstone.lock"]
    done = dealroom(*COMMANDS[command], cwd=deal)
    assert (done.returncode, done.stdout) == (1, "")
    assert "Traceback" not in done.stderr
    assert done.stderr == f"dealroom: history store error: {message}\n"
    assert state(deal / ".dealroom") == before
    assert not (deal / "written").exists()


def test_a_damaged_revision_of_another_deal_does_not_stop_this_one(deal):
    damage(deal / STORE, "UPDATE revisions SET deal_id = 'initech-acme' WHERE number = 2; "
                         + set_changes("[{").replace("number = 2", "deal_id = 'initech-acme'"))
    done = dealroom("history", "plan.yaml", cwd=deal)
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("v1  ")
