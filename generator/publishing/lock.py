"""One publish of a deal at a time.

``dealroom publish`` holds an operating-system lock from the moment it
decides the version number until the current files are replaced: one lock
file per deal beside the history store (``history.sqlite3.locks/<deal>.lock``)
and a lock on the deal's output folder itself, always taken in that order.
The kernel releases both when the process ends, however it ends, so a killed
publish never leaves a lock behind; what it left half-done is found and
finished by the next publish, which holds the same locks.

A team's PostgreSQL store has no folder to put lock files in, and its
publishers may be on other machines: there the deal's lock is a session
advisory lock on the store's connection
(:meth:`~generator.history.postgres_store.PostgresStore.try_lock_deal`), which
the server releases when the connection ends, however it ends.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import sys
import time
from pathlib import Path

from generator.errors import StoreError
from generator.files import file_mode, folder_mode

WAIT_SECONDS = 600.0
"""How long a publish waits for another publish of the same deal."""
SAY_AFTER_SECONDS = 2.0
"""When waiting is worth a line on stderr."""


def store_lock_file(store: Path, deal_id: str) -> Path:
    """The lock file of ``deal_id`` for the store at ``store``."""
    return store.with_name(f"{store.name}.locks") / f"{deal_id}.lock"


@contextlib.contextmanager
def deal_lock(store, folder: Path, deal_id: str, wait: float = WAIT_SECONDS):
    """Hold the deal's store lock, then its output folder's lock (which must exist).
    ``store`` is the open store (or a SQLite store's path)."""
    with store_lock(store, deal_id, wait):
        with _held(os.open(folder, os.O_RDONLY | os.O_DIRECTORY), f"{deal_id} ({folder})", wait):
            yield


@contextlib.contextmanager
def store_lock(store, deal_id: str, wait: float = WAIT_SECONDS):
    """Hold the deal's store lock only: for recording without writing the deal room
    (``import --apply``); publish takes the same lock first, so they take turns.
    A lock file beside a SQLite store; an advisory lock in a PostgreSQL one."""
    if getattr(store, "kind", None) == "postgresql":
        _wait_for(lambda: store.try_lock_deal(deal_id), f"{deal_id} ({store.path})", wait)
        try:
            yield
        finally:
            store.unlock_deal(deal_id)
        return
    lock_file = store_lock_file(Path(getattr(store, "path", store)), deal_id)
    with _held(_open_lock_file(lock_file), f"{deal_id} ({lock_file})", wait):
        yield


def _open_lock_file(path: Path) -> int:
    try:
        path.parent.mkdir(mode=folder_mode(), parents=True, exist_ok=True)
        return os.open(path, os.O_RDWR | os.O_CREAT, file_mode())
    except OSError as error:
        raise StoreError(f"cannot create the lock file {path} ({error.strerror}): check the "
                         "permissions of the history store's folder") from None


@contextlib.contextmanager
def _held(handle: int, what: str, wait: float):
    """``handle`` locked exclusively (waiting up to ``wait`` seconds), then closed."""
    try:
        _acquire(handle, what, wait)
        yield handle
    finally:
        os.close(handle)  # closing releases the lock


def _acquire(handle: int, what: str, wait: float) -> None:
    _wait_for(lambda: _try_flock(handle), what, wait)


def _try_flock(handle: int) -> bool:
    try:
        fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        return True
    except BlockingIOError:
        return False


def _wait_for(take, what: str, wait: float) -> None:
    """Call ``take()`` until it returns True, saying so after a while, giving up after ``wait`` s."""
    start, said = time.monotonic(), False
    while not take():
        waited = time.monotonic() - start
        if waited > wait:
            raise StoreError(f"another dealroom is still publishing {what} after {wait:g} s; "
                             "try again when it has finished") from None
        if waited > SAY_AFTER_SECONDS and not said:
            print(f"dealroom: waiting for another publish of {what}", file=sys.stderr)
            said = True
        time.sleep(0.05)
