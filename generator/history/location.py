"""Where a plan's history store is: ``--store``, else ``DEALROOM_STORE``, else beside the plan.

Kept apart from :mod:`generator.history.store` so that a command can ask
whether a plan has a history at all without importing SQLite.
"""

from __future__ import annotations

import os
from pathlib import Path

FOLDER = ".dealroom"
"""The store's folder beside the plan file, by default."""
FILENAME = "history.sqlite3"
"""The database file inside the store's folder."""
ENVIRONMENT = "DEALROOM_STORE"
"""Environment variable naming the store when ``--store`` is not given."""


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
