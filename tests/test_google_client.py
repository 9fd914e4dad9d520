"""The Google layer's calls, retries and refusals, against recorded answers (no network).

Each test hands :class:`GoogleDocs` an ``HttpMockSequence`` of answers and
reads back what was sent; sleeping goes through a fake that only records.
"""

from __future__ import annotations

import json
import socket
from urllib.parse import parse_qs, urlsplit

import pytest
from googleapiclient.http import HttpMockSequence

from generator.errors import RemoteError, UsageError
from generator.google.client import DocumentMissing, GoogleDocs, StaleDocument
from generator.google.endpoint import api_endpoint

STAND_IN = "http://127.0.0.1:8765/"
OK = {"status": "200"}


class Sleeps(list):
    """A fake ``time.sleep`` that records the delays asked for and never sleeps."""

    def __call__(self, seconds: float) -> None:
        self.append(seconds)


def google(answers, *, attempts=5, endpoint=STAND_IN, http=None):
    """A GoogleDocs over recorded answers; returns it, the mock http and the sleeps."""
    http = http or HttpMockSequence(list(answers))
    sleeps = Sleeps()
    return GoogleDocs(None, endpoint=endpoint, http=http, sleep=sleeps, attempts=attempts), http, sleeps


def sent(http, number=0):
    """Request ``number`` as (method, path, query, JSON body or None)."""
    uri, method, body, _headers = http.request_sequence[number]
    parts = urlsplit(uri)
    query = {key: values[0] for key, values in parse_qs(parts.query).items()}
    return method, parts.path, query, json.loads(body) if body else None


def failure(status, message, *, reason="", google_status="", headers=None):
    """A Google error answer as the APIs send it."""
    error = {"code": status, "message": message, "status": google_status,
             "errors": [{"reason": reason, "message": message}] if reason else []}
    return {"status": str(status), **(headers or {})}, json.dumps({"error": error})


# --- what each method sends -------------------------------------------------------------

def test_create_document_posts_a_google_doc_into_the_folder():
    client, http, _ = google([(OK, "echo_request_body")])
    client.create_document("Deal room: Acme", "folder-1")
    method, path, query, body = sent(http)
    assert (method, path) == ("POST", "/drive/v3/files")
    assert query["fields"] == "id,name,webViewLink,version"
    assert body == {"name": "Deal room: Acme", "mimeType": "application/vnd.google-apps.document",
                    "parents": ["folder-1"]}


def test_create_document_without_a_folder_sends_no_parents_and_returns_the_answer():
    answer = {"id": "doc-1", "name": "T", "webViewLink": "https://docs.google.com/d/doc-1", "version": "1"}
    client, http, _ = google([(OK, json.dumps(answer))])
    assert client.create_document("T", None) == answer
    assert "parents" not in sent(http)[3]


def test_file_state_asks_drive_for_version_link_and_trashed():
    client, http, _ = google([(OK, '{"id": "doc-1", "version": "42", "trashed": false}')])
    assert client.file_state("doc-1")["version"] == "42"
    method, path, query, _ = sent(http)
    assert (method, path) == ("GET", "/drive/v3/files/doc-1")
    assert query["fields"] == "id,name,version,webViewLink,trashed"


def test_delete_document_removes_the_drive_file():
    client, http, _ = google([({"status": "204"}, "")])
    assert client.delete_document("doc-1") == {}
    method, path, _, body = sent(http)
    assert (method, path, body) == ("DELETE", "/drive/v3/files/doc-1", None)


@pytest.mark.parametrize("mode", ["PREVIEW_WITHOUT_SUGGESTIONS", "PREVIEW_SUGGESTIONS_ACCEPTED",
                                  "SUGGESTIONS_INLINE"])
def test_document_is_read_with_an_explicit_suggestions_view_mode(mode):
    client, http, _ = google([(OK, '{"documentId": "doc-1", "revisionId": "r1"}')])
    assert client.document("doc-1", mode)["revisionId"] == "r1"
    method, path, query, _ = sent(http)
    assert (method, path, query["suggestionsViewMode"]) == ("GET", "/v1/documents/doc-1", mode)


def test_document_refuses_an_unknown_view_mode_before_sending():
    client, http, _ = google([])
    with pytest.raises(ValueError, match="SUGGESTIONS_INLINE"):
        client.document("doc-1", "INLINE")
    assert http.request_sequence == []


def test_batch_update_sends_the_requests_and_the_required_revision():
    requests = [{"insertText": {"text": "Hello\n", "location": {"index": 1}}}]
    client, http, _ = google([(OK, "echo_request_body")])
    client.batch_update("doc-1", requests, "rev-7")
    method, path, _, body = sent(http)
    assert (method, path) == ("POST", "/v1/documents/doc-1:batchUpdate")
    assert body == {"requests": requests, "writeControl": {"requiredRevisionId": "rev-7"}}


def test_batch_update_without_a_revision_sends_no_write_control():
    client, http, _ = google([(OK, "echo_request_body")])
    client.batch_update("doc-1", [{"createFooter": {"type": "DEFAULT"}}], None)
    assert sent(http)[3] == {"requests": [{"createFooter": {"type": "DEFAULT"}}]}


def test_share_gives_a_user_a_role_and_lets_google_email_them():
    client, http, _ = google([(OK, '{"id": "perm-1"}')])
    assert client.share("doc-1", "buyer@example.com", "commenter") == {"id": "perm-1"}
    method, path, query, body = sent(http)
    assert (method, path) == ("POST", "/drive/v3/files/doc-1/permissions")
    assert query["fields"] == "id" and query["sendNotificationEmail"] == "true"
    assert body == {"type": "user", "role": "commenter", "emailAddress": "buyer@example.com"}


def test_share_refuses_a_role_drive_would_not_know():
    client, _, _ = google([])
    with pytest.raises(ValueError, match="commenter"):
        client.share("doc-1", "buyer@example.com", "owner")


def test_comments_follow_every_page_with_explicit_fields():
    first = {"comments": [{"id": "c1", "content": "Too early"}], "nextPageToken": "page-2"}
    second = {"comments": [{"id": "c2", "content": "Agreed", "replies": [{"id": "r1"}]}]}
    client, http, _ = google([(OK, json.dumps(first)), (OK, json.dumps(second))])
    assert [comment["id"] for comment in client.comments("doc-1")] == ["c1", "c2"]
    method, path, query, _ = sent(http, 0)
    assert (method, path, query["pageSize"]) == ("GET", "/drive/v3/files/doc-1/comments", "100")
    assert "pageToken" not in query
    assert query["fields"].startswith("nextPageToken,comments(id,author(displayName,emailAddress),")
    assert "quotedFileContent" in query["fields"] and "replies(id," in query["fields"]
    assert sent(http, 1)[2]["pageToken"] == "page-2"


def test_without_an_endpoint_the_calls_go_to_google():
    client, http, _ = google([(OK, "{}"), (OK, "{}")], endpoint=None)
    client.document("doc-1", "SUGGESTIONS_INLINE")
    client.file_state("doc-1")
    assert http.request_sequence[0][0].startswith("https://docs.googleapis.com/v1/documents/doc-1?")
    assert http.request_sequence[1][0].startswith("https://www.googleapis.com/drive/v3/files/doc-1?")


# --- retries ---------------------------------------------------------------------------

def test_429_is_tried_again_after_the_retry_after_seconds():
    client, http, sleeps = google([failure(429, "Quota exceeded", headers={"retry-after": "7"}),
                                   (OK, '{"id": "doc-1"}')])
    assert client.file_state("doc-1") == {"id": "doc-1"}
    assert sleeps == [7.0]
    assert len(http.request_sequence) == 2


def test_server_errors_are_tried_again_with_growing_delays():
    client, http, sleeps = google([failure(500, "Internal error"), failure(503, "Backend Error"),
                                   failure(502, "Bad Gateway"), (OK, '{"documentId": "doc-1"}')])
    assert client.document("doc-1", "SUGGESTIONS_INLINE") == {"documentId": "doc-1"}
    assert sleeps == [1.0, 2.0, 4.0]


def test_a_server_that_keeps_failing_is_a_remote_error_after_every_try():
    client, http, sleeps = google([failure(500, "Internal error")] * 5)
    with pytest.raises(RemoteError) as caught:
        client.batch_update("doc-1", [], "rev-1")
    assert caught.value.exit_status == 4
    assert str(caught.value).startswith("Google Docs did not answer after 5 tries (HTTP 500 Internal error)")
    assert "writing to Google Doc doc-1" in str(caught.value)
    assert len(http.request_sequence) == 5
    assert sleeps == [1.0, 2.0, 4.0, 8.0]


def test_the_delay_stops_growing_at_32_seconds():
    client, _, sleeps = google([failure(504, "Timeout")] * 8, attempts=8)
    with pytest.raises(RemoteError, match="after 8 tries"):
        client.file_state("doc-1")
    assert sleeps == [1.0, 2.0, 4.0, 8.0, 16.0, 32.0, 32.0]


def test_a_rate_limit_403_is_tried_again():
    client, _, sleeps = google([failure(403, "Rate limit", reason="userRateLimitExceeded"),
                                (OK, '{"id": "doc-1"}')])
    assert client.file_state("doc-1") == {"id": "doc-1"}
    assert sleeps == [1.0]


class Flaky:
    """An http object whose first requests fail in transport, then hand over to recorded answers."""

    def __init__(self, errors, answers):
        self.errors = list(errors)
        self.answers = HttpMockSequence(list(answers))
        self.request_sequence = self.answers.request_sequence

    def request(self, uri, method="GET", body=None, headers=None, redirections=1, connection_type=None):
        if self.errors:
            self.request_sequence.append((uri, method, body, headers))
            raise self.errors.pop(0)
        return self.answers.request(uri, method, body, headers)


def test_transport_errors_are_tried_again():
    import httplib2

    http = Flaky([ConnectionRefusedError(111, "Connection refused"), socket.timeout("timed out"),
                  httplib2.ServerNotFoundError("Unable to find the server")], [(OK, '{"id": "p"}')])
    client, _, sleeps = google([], http=http)
    assert client.share("doc-1", "a@example.com", "reader") == {"id": "p"}
    assert sleeps == [1.0, 2.0, 4.0]


def test_a_connection_that_never_comes_is_a_remote_error_naming_the_failure():
    http = Flaky([ConnectionRefusedError(111, "Connection refused")] * 3, [])
    client, _, _ = google([], http=http, attempts=3)
    with pytest.raises(RemoteError, match=r"did not answer after 3 tries \(ConnectionRefusedError"):
        client.create_document("T", None)


def test_messages_never_carry_the_access_token():
    from google.oauth2.credentials import Credentials
    from google_auth_httplib2 import AuthorizedHttp

    credentials = Credentials(token="ya29.SECRET-ACCESS-TOKEN")
    http = AuthorizedHttp(credentials, http=HttpMockSequence([failure(500, "Internal error")] * 2))
    client, _, _ = google([], http=http, attempts=2)
    with pytest.raises(RemoteError) as caught:
        client.file_state("doc-1")
    assert "Bearer ya29.SECRET-ACCESS-TOKEN" in str(http.http.request_sequence[0][3])
    assert "SECRET" not in str(caught.value)


# --- refusals --------------------------------------------------------------------------

def test_a_stale_revision_is_a_distinct_error_the_publisher_can_catch():
    client, http, sleeps = google([failure(400, "The required revision ID 'rev-1' does not match the "
                                           "latest revision.", google_status="FAILED_PRECONDITION")])
    with pytest.raises(StaleDocument) as caught:
        client.batch_update("doc-1", [{"insertText": {"text": "x", "location": {"index": 1}}}], "rev-1")
    assert isinstance(caught.value, RemoteError) and caught.value.exit_status == 4
    assert caught.value.file_id == "doc-1"
    assert "changed after dealroom read it" in str(caught.value)
    assert len(http.request_sequence) == 1 and sleeps == []


def test_another_400_on_a_batch_update_is_a_plain_remote_error_with_googles_words():
    client, _, _ = google([failure(400, "Invalid requests[0].insertText: Index 9 must be less than "
                                   "the end index of the referenced segment, 2.",
                                   google_status="INVALID_ARGUMENT")])
    with pytest.raises(RemoteError) as caught:
        client.batch_update("doc-1", [], "rev-1")
    assert not isinstance(caught.value, StaleDocument)
    assert "HTTP 400: Invalid requests[0].insertText: Index 9" in str(caught.value)


def test_401_tells_to_sign_in_again():
    client, _, sleeps = google([failure(401, "Request had invalid authentication credentials.")])
    with pytest.raises(RemoteError) as caught:
        client.document("doc-1", "SUGGESTIONS_INLINE")
    assert "HTTP 401" in str(caught.value) and "run `dealroom sign-in` again" in str(caught.value)
    assert caught.value.exit_status == 4 and sleeps == []


def test_403_explains_what_drive_file_can_reach():
    client, _, _ = google([failure(403, "The user does not have sufficient permissions for this file.",
                                   reason="insufficientFilePermissions")])
    with pytest.raises(RemoteError) as caught:
        client.batch_update("doc-1", [], None)
    message = str(caught.value)
    assert "HTTP 403: The user does not have sufficient permissions" in message
    assert "drive.file access reaches only the files dealroom created" in message
    assert "folder only when it is shared" in message


def test_404_names_the_missing_document():
    client, _, _ = google([failure(404, "File not found: doc-9.", reason="notFound")])
    with pytest.raises(DocumentMissing) as caught:
        client.file_state("doc-9")
    assert caught.value.file_id == "doc-9" and caught.value.exit_status == 4
    assert str(caught.value).startswith("Google Doc doc-9 was not found (HTTP 404")
    assert "deleted" in str(caught.value)


def test_404_when_creating_names_the_folder_not_a_document():
    client, _, _ = google([failure(404, "File not found: folder-9.", reason="notFound")])
    with pytest.raises(RemoteError) as caught:
        client.create_document("T", "folder-9")
    assert not isinstance(caught.value, DocumentMissing)
    assert "no Drive folder folder-9" in str(caught.value)


def test_a_refused_sign_in_renewal_during_a_call_tells_to_sign_in():
    from google.auth.exceptions import RefreshError

    client, _, _ = google([], http=Flaky([RefreshError("invalid_grant: Token has been revoked.")], []))
    with pytest.raises(RemoteError, match="dealroom sign-in"):
        client.comments("doc-1")


# --- the endpoint ----------------------------------------------------------------------

def test_the_endpoint_is_googles_own_unless_the_variable_is_set(monkeypatch):
    monkeypatch.delenv("DEALROOM_GOOGLE_API_ENDPOINT", raising=False)
    assert api_endpoint() is None
    monkeypatch.setenv("DEALROOM_GOOGLE_API_ENDPOINT", "http://127.0.0.1:8080/")
    assert api_endpoint() == "http://127.0.0.1:8080/"


@pytest.mark.parametrize("text", ["127.0.0.1:8080", "ftp://example.com/", "http://", "file:///tmp/x"])
def test_an_endpoint_that_is_not_an_http_url_is_a_usage_error(monkeypatch, text):
    monkeypatch.setenv("DEALROOM_GOOGLE_API_ENDPOINT", text)
    with pytest.raises(UsageError) as caught:
        api_endpoint()
    assert "DEALROOM_GOOGLE_API_ENDPOINT must be an http(s) URL" in str(caught.value)
    assert caught.value.exit_status == 2
