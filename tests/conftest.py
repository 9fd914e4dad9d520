"""Shared pytest set-up."""

from __future__ import annotations

import sys


def pytest_sessionfinish(session, exitstatus):
    # tests/quality.py starts one headless Chromium for the whole session on
    # first use; quit it here rather than at interpreter exit.
    quality = sys.modules.get("quality")
    if quality is not None:
        quality.close_browser()
