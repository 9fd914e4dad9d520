"""Where dealroom sends its Google requests: Google's own servers, or a stand-in."""

from __future__ import annotations

import os
from urllib.parse import urlsplit

from generator.errors import UsageError

ENDPOINT_VARIABLE = "DEALROOM_GOOGLE_API_ENDPOINT"


def api_endpoint() -> str | None:
    """The URL in ``$DEALROOM_GOOGLE_API_ENDPOINT``; None (Google's own) when unset or empty.

    A stand-in server for tests and demonstrations is given as ``http://127.0.0.1:PORT/``.
    Anything but an http(s) URL with a host is a :class:`UsageError` naming the variable.
    """
    text = os.environ.get(ENDPOINT_VARIABLE, "").strip()
    if not text:
        return None
    parts = urlsplit(text)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise UsageError(f"{ENDPOINT_VARIABLE} must be an http(s) URL such as "
                         f"http://127.0.0.1:8080/, not {text!r}")
    return text
