"""When a Google call fails: wait and try again, or say in one sentence what went wrong.

Busy or broken answers (HTTP 429, 500, 502, 503, 504, a rate-limit 403) and
transport failures (refused or dropped connections, timeouts) are tried again
after 1 s, 2 s, 4 s ... (at most ``MAX_DELAY``), or after the server's
Retry-After. Anything else becomes a :class:`RemoteError` (exit 4) right away;
two kinds the publisher acts on have classes of their own.
"""

from __future__ import annotations

import json
from typing import Callable

from generator.errors import RemoteError
from generator.google.credentials import sign_in_again

RETRY_STATUSES = frozenset({429, 500, 502, 503, 504})
RATE_LIMIT_REASONS = frozenset({"rateLimitExceeded", "userRateLimitExceeded"})
MAX_DELAY = 32
MAX_RETRY_AFTER = 120
ACTIONS = {
    "drive.files.create": "creating a Google Doc",
    "drive.files.get": "reading the Drive state of Google Doc {file}",
    "docs.documents.get": "reading Google Doc {file}",
    "docs.documents.batchUpdate": "writing to Google Doc {file}",
    "drive.permissions.create": "sharing Google Doc {file}",
    "drive.comments.list": "reading the comments of Google Doc {file}",
}
DRIVE_FILE_REACH = ("dealroom's drive.file access reaches only the files dealroom created or that were "
                    "opened with it, and a folder only when it is shared with the signed-in account")


class DocumentMissing(RemoteError):
    """Google has no such file (HTTP 404), or not for this account: the buyer may have deleted it."""

    def __init__(self, file_id: str, action: str):
        self.file_id = file_id
        """The Drive file id that was asked for."""
        super().__init__(f"Google Doc {file_id} was not found (HTTP 404 while {action}): it may have "
                         "been deleted, or it belongs to another Google account")


class StaleDocument(RemoteError):
    """A batchUpdate was refused because the document changed after its revision was read."""

    def __init__(self, file_id: str, message: str):
        self.file_id = file_id
        """The Drive file id of the document that changed."""
        super().__init__(f"Google Doc {file_id} changed after dealroom read it, so nothing was "
                         f"written ({message}); run the command again")


def send(execute: Callable[[], dict], described: dict, *, attempts: int,
         sleep: Callable[[float], None]) -> dict:
    """``execute()``'s answer, trying up to ``attempts`` times; failures as RemoteErrors."""
    action = _action(described)
    for attempt in range(1, attempts + 1):
        try:
            return execute()
        except Exception as error:  # noqa: BLE001 - sorted below; anything unknown is re-raised
            passing = _transient(error)
            if passing is None:
                raise (_refusal(error, described, action) or error) from None
            if attempt == attempts:
                raise RemoteError(f"Google Docs did not answer after {attempts} "
                                  f"{'try' if attempts == 1 else 'tries'} ({passing}) "
                                  f"while {action}") from None
            sleep(_delay(attempt, error))
    raise AssertionError("attempts must be at least 1")


def _action(described: dict) -> str:
    """What the call was doing, in words: ``writing to Google Doc 1AbC``."""
    params = described["params"]
    file_id = params.get("fileId") or params.get("documentId") or ""
    return ACTIONS.get(described["call"], described["call"]).format(file=file_id)


def _transient(error: Exception) -> str | None:
    """A short description when ``error`` is worth another try, else None."""
    from google.auth.exceptions import TransportError
    from googleapiclient.errors import HttpError
    from httplib2 import HttpLib2Error

    if isinstance(error, HttpError):
        status, message, reasons = http_failure(error)
        busy = status in RETRY_STATUSES or (status == 403 and reasons & RATE_LIMIT_REASONS)
        return f"HTTP {status} {message}".strip() if busy else None
    if isinstance(error, (OSError, HttpLib2Error, TransportError)):
        detail = str(error).splitlines()[0][:200] if str(error) else ""
        return f"{type(error).__name__}: {detail}" if detail else type(error).__name__
    return None


def http_failure(error) -> tuple[int, str, frozenset]:
    """An HttpError's status, Google's message and the ``errors[].reason`` values."""
    status = int(error.resp.status)
    try:
        detail = json.loads(error.content.decode("utf-8", "replace"))["error"]
    except (ValueError, KeyError, TypeError, AttributeError):
        return status, str(getattr(error, "reason", "") or ""), frozenset()
    detail = detail if isinstance(detail, dict) else {"message": str(detail)}
    reasons = frozenset(item.get("reason", "") for item in detail.get("errors", ()) if isinstance(item, dict))
    return status, str(detail.get("message", "")), reasons | {str(detail.get("status", ""))}


def _delay(attempt: int, error: Exception) -> float:
    """Seconds to wait before try ``attempt + 1``: the Retry-After header, else 1, 2, 4 ... capped."""
    resp = getattr(error, "resp", None)
    retry_after = str(resp.get("retry-after", "")).strip() if resp is not None else ""
    if retry_after.isdigit():
        return float(min(int(retry_after), MAX_RETRY_AFTER))
    return float(min(2 ** (attempt - 1), MAX_DELAY))


def _refusal(error: Exception, described: dict, action: str) -> RemoteError | None:
    """The RemoteError for a refused call; None for an error that is not Google's (a bug)."""
    from google.auth.exceptions import RefreshError
    from googleapiclient.errors import HttpError

    if isinstance(error, RefreshError):
        return sign_in_again(f"Google refused the saved sign-in while {action}")
    if not isinstance(error, HttpError):
        return None
    status, message, reasons = http_failure(error)
    return _refused_status(status, message, reasons, described, action)


def _refused_status(status: int, message: str, reasons: frozenset, described: dict,
                    action: str) -> RemoteError:
    """The RemoteError for an HTTP status Google answered with."""
    file_id = described["params"].get("fileId") or described["params"].get("documentId")
    if status == 400 and _stale(message, reasons, described):
        return StaleDocument(file_id, message)
    if status == 401:
        return RemoteError(f"Google refused the sign-in (HTTP 401 while {action}): run `dealroom sign-in` "
                           "again, or check the service account key")
    if status == 403:
        return RemoteError(f"Google refused {action} (HTTP 403: {message}): {DRIVE_FILE_REACH}")
    if status == 404 and file_id:
        return DocumentMissing(file_id, action)
    if status == 404:
        folders = ", ".join(described.get("body", {}).get("parents", ())) or "(none)"
        return RemoteError(f"Google found no Drive folder {folders} (HTTP 404 while {action}): "
                           "check the folder id and that it is shared with the signed-in account")
    return RemoteError(f"Google refused {action} (HTTP {status}: {message})")


def _stale(message: str, reasons: frozenset, described: dict) -> bool:
    """Whether a 400 answers a batchUpdate whose required revision is no longer the current one."""
    guarded = "writeControl" in described.get("body", {})
    return guarded and ("revision" in message.lower() or "FAILED_PRECONDITION" in reasons)
