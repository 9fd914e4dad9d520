"""The Google Docs and Drive calls dealroom makes, sent for real.

:class:`GoogleDocs` builds the ``docs v1`` and ``drive v3`` clients from the
discovery documents shipped with google-api-python-client (no discovery
request), sends each call described in :mod:`generator.google.calls`, and
turns failures into :class:`RemoteError` (exit 4) through
:mod:`generator.google.failures`: :class:`StaleDocument` when a guarded
batchUpdate meets a newer revision, :class:`DocumentMissing` on a 404.
"""

from __future__ import annotations

import time
from typing import Callable

from generator.google import calls
from generator.google.failures import DocumentMissing, StaleDocument, send

__all__ = ["DocumentMissing", "GoogleDocs", "StaleDocument"]

SERVICE_PATHS = {"docs": "", "drive": "drive/v3/"}
"""Where each API lives under a root URL (the discovery documents' ``servicePath``)."""


class GoogleDocs:
    """The Docs and Drive calls, each returning Google's JSON answer as a dict."""

    def __init__(self, credentials, *, endpoint: str | None = None, http=None,
                 sleep: Callable[[float], None] = time.sleep, attempts: int = 5):
        """Clients for Docs and Drive.

        ``endpoint`` replaces Google's root URL (a stand-in server); ``http`` (a test
        double such as ``HttpMockSequence``) is used instead of the credentials.
        """
        self._services = {name: _build(name, version, credentials, endpoint, http)
                          for name, version in (("docs", "v1"), ("drive", "v3"))}
        self._sleep = sleep
        self._attempts = max(1, attempts)

    def create_document(self, title: str, folder: str | None) -> dict:
        """A new empty Google Doc: ``{id, name, webViewLink, version}``."""
        return self._send(calls.create_document(title, folder))

    def delete_document(self, file_id: str) -> dict:
        """Delete a document dealroom created (``drive.file`` allows no other)."""
        return self._send(calls.delete_document(file_id)) or {}

    def file_state(self, file_id: str) -> dict:
        """The Drive file's ``{id, name, version, webViewLink, trashed}``."""
        return self._send(calls.file_state(file_id))

    def document(self, file_id: str, view_mode: str) -> dict:
        """The document (``documents.get``) with suggestions shown as ``view_mode``."""
        return self._send(calls.document(file_id, view_mode))

    def batch_update(self, file_id: str, requests: list, required_revision_id: str | None) -> dict:
        """Apply ``requests``; with ``required_revision_id``, :class:`StaleDocument` if it changed since."""
        return self._send(calls.batch_update(file_id, requests, required_revision_id))

    def share(self, file_id: str, email: str, role: str) -> dict:
        """Give ``email`` the ``role`` (commenter, writer or reader); Google emails them. ``{id}``."""
        return self._send(calls.share(file_id, email, role))

    def comments(self, file_id: str) -> list[dict]:
        """Every comment on the file, with its replies, following the pages."""
        found, token, seen = [], None, set()
        while True:
            page = self._send(calls.comments_page(file_id, token))
            found.extend(page.get("comments", ()))
            token = page.get("nextPageToken")
            if not token or token in seen:
                return found
            seen.add(token)

    def _send(self, described: dict) -> dict:
        """Send one described call, with retries; Google's answer."""
        api, resource, method = described["call"].split(".")
        arguments = dict(described["params"])
        if "body" in described:
            arguments["body"] = described["body"]

        def execute() -> dict:
            collection = getattr(self._services[api], resource)()
            return getattr(collection, method)(**arguments).execute(num_retries=0)

        return send(execute, described, attempts=self._attempts, sleep=self._sleep)


def _build(name: str, version: str, credentials, endpoint: str | None, http):
    """A discovery-built client from the shipped document, at ``endpoint`` when given."""
    from googleapiclient.discovery import build

    options = None
    if endpoint:
        root = endpoint if endpoint.endswith("/") else endpoint + "/"
        options = {"api_endpoint": root + SERVICE_PATHS[name]}
    who = {"http": http} if http is not None else {"credentials": credentials}
    return build(name, version, static_discovery=True, cache_discovery=False,
                 client_options=options, **who)
