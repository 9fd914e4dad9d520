"""A throw-away PostgreSQL server for the store tests, and the ``store_location`` fixture.

``postgres_cluster`` (once per session) makes a cluster in a temporary folder
with Debian's (or the PATH's) ``initdb``, as the ``postgres`` user when the
tests run as root (initdb refuses root), starts it on a free loopback port
with its socket in that folder, and at the end stops it (``pg_ctl stop -m
fast``) and removes the folder. ``postgres_url`` is a fresh database per test
(created from ``template0``, dropped afterwards), as a URL with a password in
it (the server trusts loopback, so it is never checked: it is there for the
tests that no message shows it). Without the server's binaries the tests that
need them are skipped, and fail under ``CI=true`` (:func:`quality.unavailable`).

``store_location`` runs a test once per backend: a SQLite file, then a
PostgreSQL database.
"""

from __future__ import annotations

import glob
import itertools
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
from pathlib import Path

import pytest

PASSWORD = "never-shown-42"
"""The password in every test URL: no message may contain it."""
_names = itertools.count(1)


def server_binaries() -> Path | None:
    """The folder holding initdb and pg_ctl, or None when PostgreSQL is not installed."""
    found = shutil.which("initdb")
    if found:
        return Path(found).parent
    candidates = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"),
                        key=lambda p: int(Path(p).parts[-3]) if Path(p).parts[-3].isdigit() else 0)
    return Path(candidates[-1]).parent if candidates else None


def _as_server_user() -> tuple[str, ...]:
    """The prefix that runs a command as ``postgres`` when we are root, else nothing."""
    if os.geteuid() != 0:
        return ()
    return ("runuser", "-u", "postgres", "--")


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _run(*command, **options) -> subprocess.CompletedProcess:
    return subprocess.run(command, capture_output=True, text=True, timeout=180, **options)


class Cluster:
    """A running throw-away server: its folder, port, and how to make databases."""

    def __init__(self, binaries: Path):
        self.binaries = binaries
        self.folder = Path(tempfile.mkdtemp(prefix="dealroom-pg-"))
        self.port = 0
        if os.geteuid() == 0:
            server_user = pwd.getpwnam("postgres")
            os.chown(self.folder, server_user.pw_uid, server_user.pw_gid)

    def start(self) -> None:
        data = self.folder / "data"
        done = _run(*_as_server_user(), str(self.binaries / "initdb"), "-D", str(data),
                    "-U", "postgres", "-A", "trust", "-E", "UTF8", "--no-sync")
        if done.returncode:
            raise RuntimeError(f"initdb failed: {done.stderr}")
        for _attempt in range(3):  # another program may take the free port first
            self.port = _free_port()
            done = _run(*_as_server_user(), str(self.binaries / "pg_ctl"), "-D", str(data),
                        "-l", str(self.folder / "server.log"), "-w", "-t", "120", "start", "-o",
                        f"-k {self.folder} -c listen_addresses=127.0.0.1 -p {self.port} "
                        "-c fsync=off -c max_connections=200")
            if done.returncode == 0:
                return
        raise RuntimeError(f"pg_ctl start failed: {done.stderr}\n"
                           f"{(self.folder / 'server.log').read_text(errors='replace')}")

    def stop(self) -> None:
        if (self.folder / "data" / "postmaster.pid").exists():
            _run(*_as_server_user(), str(self.binaries / "pg_ctl"), "-D",
                 str(self.folder / "data"), "-m", "fast", "-w", "stop")
        shutil.rmtree(self.folder, ignore_errors=True)

    def url(self, database: str, password: bool = True) -> str:
        secret = f":{PASSWORD}" if password else ""
        return f"postgresql://postgres{secret}@127.0.0.1:{self.port}/{database}"

    def admin(self, statement: str) -> None:
        import psycopg

        with psycopg.connect(self.url("postgres"), autocommit=True) as connection:
            connection.execute(statement)


@pytest.fixture(scope="session")
def postgres_cluster():
    """A PostgreSQL server of our own for the whole session (skipped, or failed under CI, without one)."""
    from quality import unavailable

    binaries = server_binaries()
    if binaries is None or not (binaries / "pg_ctl").exists():
        unavailable("PostgreSQL's server is not installed (Debian: apt-get install postgresql)")
    if os.geteuid() == 0:
        try:
            pwd.getpwnam("postgres")
        except KeyError:
            unavailable("running as root and there is no postgres user to run initdb as")
    cluster = Cluster(binaries)
    try:
        cluster.start()
        yield cluster
    finally:
        cluster.stop()


@pytest.fixture
def postgres_url(postgres_cluster):
    """A fresh, empty database for one test, dropped afterwards: its URL (with a password)."""
    name = f"dealroom_test_{os.getpid()}_{next(_names)}"
    postgres_cluster.admin(f"CREATE DATABASE {name} TEMPLATE template0")
    yield postgres_cluster.url(name)
    postgres_cluster.admin(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")


@pytest.fixture(params=["sqlite", "postgresql"])
def store_location(request, tmp_path):
    """Where a test's store is: a SQLite file, then a PostgreSQL database."""
    if request.param == "sqlite":
        return tmp_path / "history.sqlite3"
    return request.getfixturevalue("postgres_url")


def execute(location, statement: str, *parameters) -> list:
    """Run one statement on the store's database behind dealroom's back; its rows."""
    if isinstance(location, str):
        import psycopg

        with psycopg.connect(location, autocommit=True) as connection:
            cursor = connection.execute(statement.replace("?", "%s"), parameters or None)
            return cursor.fetchall() if cursor.description else []
    import sqlite3

    connection = sqlite3.connect(location, isolation_level=None)
    try:
        return connection.execute(statement, parameters).fetchall()
    finally:
        connection.close()


def damage(location, statement: str) -> None:
    """Damage the store as a bad disk, a bad restore or a hand edit would. (Text in a
    number column is damage only SQLite can hold: such cases are marked sqlite_only.)"""
    execute(location, statement)


def named(location) -> str:
    """How messages name the store: its file, or its URL without the password."""
    from generator.history.location import shown

    return shown(location) if isinstance(location, str) else str(location)


def schema_version(location) -> int:
    """The store's schema version, read behind dealroom's back."""
    if isinstance(location, str):
        return execute(location, "SELECT version FROM dealroom_schema")[0][0]
    return execute(location, "PRAGMA user_version")[0][0]


def set_schema_version(location, version: int) -> None:
    """Make the store look written by another dealroom."""
    if isinstance(location, str):
        execute(location, f"UPDATE dealroom_schema SET version = {version}")
    else:
        execute(location, f"PRAGMA user_version = {version}")
