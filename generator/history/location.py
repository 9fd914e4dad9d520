"""Where a plan's history store is: ``--store``, else ``DEALROOM_STORE``, else beside the plan.

Kept apart from :mod:`generator.history.store` so that a command can ask
whether a plan has a history at all without importing SQLite (or psycopg).
A location is either a SQLite database file (a :class:`~pathlib.Path`) or a
team's PostgreSQL database, named by a ``postgresql://`` (or ``postgres://``)
URL, passed through untouched; :func:`open_store` opens either.
"""

from __future__ import annotations

import os
import urllib.parse
from pathlib import Path

FOLDER = ".dealroom"
"""The store's folder beside the plan file, by default."""
FILENAME = "history.sqlite3"
"""The database file inside the store's folder."""
ENVIRONMENT = "DEALROOM_STORE"
"""Environment variable naming the store when ``--store`` is not given."""
URL_SCHEMES = ("postgresql://", "postgres://")
"""How a PostgreSQL store's URL begins."""


def store_path(plan_file: Path, store: str | None = None, environ=None) -> Path | str:
    """The store for ``plan_file``: ``--store``, else ``DEALROOM_STORE``, else beside it.

    A ``postgresql://`` URL is returned as it is given (a string). A value
    naming a folder (an existing one, one ending in ``/``, or a new name
    without a suffix) gets ``history.sqlite3`` inside it; anything else is the
    database file itself.
    """
    chosen = store or (os.environ if environ is None else environ).get(ENVIRONMENT)
    if not chosen:
        return Path(plan_file).parent / FOLDER / FILENAME
    if is_url(chosen):
        return chosen
    path = Path(chosen).expanduser()
    if _names_folder(chosen, path):
        return path / FILENAME
    return path


def is_url(location) -> bool:
    """Whether ``location`` names a PostgreSQL store rather than a SQLite file."""
    return isinstance(location, str) and location.lower().startswith(URL_SCHEMES)


def store_exists(location) -> bool:
    """Whether something may be recorded there: the SQLite file exists; a PostgreSQL
    database always counts (it says itself when it cannot be reached)."""
    return True if is_url(location) else Path(location).exists()


def shown(location) -> str:
    """``location`` as messages show it: a URL without its password."""
    if not is_url(location):
        return str(location)
    parts = urllib.parse.urlsplit(location)
    if parts.password is None:
        return location
    host = parts.netloc.rpartition("@")[2]
    user = urllib.parse.quote(urllib.parse.unquote(parts.username or ""), safe="")
    return urllib.parse.urlunsplit(parts._replace(netloc=f"{user}:***@{host}"))


def open_store(location, *, create: bool = True, timeout: float | None = None):
    """The store at ``location``: a :class:`~generator.history.store.Store` for a file,
    a :class:`~generator.history.postgres_store.PostgresStore` for a ``postgresql://`` URL.
    ``create=False`` opens it only to read; ``timeout`` is how long a write waits."""
    if is_url(location):
        from generator.history.postgres_store import PostgresStore as kind
    else:
        from generator.history.store import Store as kind
    options = {} if timeout is None else {"timeout": timeout}
    return kind.open(location, create=create, **options)


def _names_folder(text: str, path: Path) -> bool:
    if path.is_dir() or text.endswith(("/", os.sep)):
        return True
    return not path.exists() and not path.suffix
