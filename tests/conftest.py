"""Shared pytest set-up."""

from __future__ import annotations

import os
import shutil
import sys
import tempfile

CACHE = tempfile.mkdtemp(prefix="dealroom-test-cache-")
os.environ["DEALROOM_CACHE"] = CACHE
os.environ["XDG_CACHE_HOME"] = CACHE
"""dealroom keeps what it can compute again (holiday calendars, compiled
templates) in a cache folder: the tests, and the commands they start, use one
of their own and leave the real ~/.cache alone."""


def pytest_unconfigure(config):
    shutil.rmtree(CACHE, ignore_errors=True)


def pytest_sessionfinish(session, exitstatus):
    # tests/quality.py starts one headless Chromium for the whole session on
    # first use; quit it here rather than at interpreter exit.
    quality = sys.modules.get("quality")
    if quality is not None:
        quality.close_browser()
    shutil.rmtree(CACHE, ignore_errors=True)


from postgres import postgres_cluster, postgres_url, store_location  # noqa: E402,F401  (fixtures)


def pytest_collection_modifyitems(config, items):
    """A ``sqlite_only`` case is not run against the PostgreSQL store (deselected, not skipped)."""
    dropped = [item for item in items if item.get_closest_marker("sqlite_only")
               and getattr(item, "callspec", None) is not None
               and item.callspec.params.get("store_location") == "postgresql"]
    if dropped:
        config.hook.pytest_deselected(items=dropped)
        items[:] = [item for item in items if item not in dropped]
