"""Shared pytest set-up."""

from __future__ import annotations

import os
import shutil
import sys
import tempfile


def pytest_configure(config):
    # Compiled templates go to the user's cache folder (generator/rendering/
    # template_cache.py): the tests, and the commands they start, use a folder
    # of their own and leave the real ~/.cache alone.
    os.environ["XDG_CACHE_HOME"] = tempfile.mkdtemp(prefix="dealroom-test-cache-")


def pytest_unconfigure(config):
    shutil.rmtree(os.environ["XDG_CACHE_HOME"], ignore_errors=True)


def pytest_sessionfinish(session, exitstatus):
    # tests/quality.py starts one headless Chromium for the whole session on
    # first use; quit it here rather than at interpreter exit.
    quality = sys.modules.get("quality")
    if quality is not None:
        quality.close_browser()
