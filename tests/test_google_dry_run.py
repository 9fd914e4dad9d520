"""``--dry-run``: the Google calls recorded and shown, none sent, no credentials needed."""

from __future__ import annotations

import json
from urllib.parse import parse_qs, urlsplit

from googleapiclient.http import HttpMockSequence

from generator.google.client import GoogleDocs
from generator.google.dry_run import DryRun, describe

REQUESTS = [{"createFooter": {"type": "DEFAULT"}},
            {"insertText": {"text": "Mutual action plan\n", "location": {"index": 1}}}]


def test_a_dry_run_records_each_call_and_answers_with_placeholders():
    dry = DryRun()
    created = dry.create_document("Deal room: Acme", "folder-1")
    assert created["id"] == "(new document)" and created["version"] == "0"
    read = dry.document(created["id"], "PREVIEW_WITHOUT_SUGGESTIONS")
    assert read["revisionId"] == "(current revision)"
    assert [element.get("startIndex") for element in read["body"]["content"]] == [None, 1]
    done = dry.batch_update(created["id"], REQUESTS, read["revisionId"])
    assert done["replies"] == [{"createFooter": {"footerId": "(new footer)"}}, {}]
    assert done["writeControl"] == {"requiredRevisionId": "(current revision)"}
    assert dry.share(created["id"], "buyer@example.com", "commenter") == {"id": "(new permission)"}
    assert dry.file_state(created["id"])["trashed"] is False
    assert dry.comments(created["id"]) == []
    assert [call["call"] for call in dry.calls] == [
        "drive.files.create", "docs.documents.get", "docs.documents.batchUpdate",
        "drive.permissions.create", "drive.files.get", "drive.comments.list"]


def test_a_dry_run_records_exactly_what_the_client_would_send():
    dry = DryRun()
    dry.batch_update("doc-1", REQUESTS, "rev-1")
    dry.share("doc-1", "buyer@example.com", "writer")
    http = HttpMockSequence([({"status": "200"}, "echo_request_body")] * 2)
    real = GoogleDocs(None, http=http, sleep=lambda seconds: None)
    real.batch_update("doc-1", REQUESTS, "rev-1")
    real.share("doc-1", "buyer@example.com", "writer")
    for recorded, (uri, _method, body, _headers) in zip(dry.calls, http.request_sequence):
        assert recorded["body"] == json.loads(body)
        query = {key: values[0] for key, values in parse_qs(urlsplit(uri).query).items()}
        for name, value in recorded["params"].items():
            if name not in ("fileId", "documentId"):
                assert query[name] == (str(value).lower() if isinstance(value, bool) else str(value))


def test_describe_shows_each_call_with_its_parameters_and_its_body_indented():
    dry = DryRun()
    dry.create_document("Deal room", None)
    dry.file_state("doc-1")
    assert describe(dry.calls) == (
        "1. drive.files.create fields=id,name,webViewLink,version\n"
        "    {\n"
        '      "name": "Deal room",\n'
        '      "mimeType": "application/vnd.google-apps.document"\n'
        "    }\n"
        "\n"
        "2. drive.files.get fileId=doc-1 fields=id,name,version,webViewLink,trashed")


def test_describe_shows_non_text_parameters_as_json():
    dry = DryRun()
    dry.share("doc-1", "buyer@example.com", "reader")
    assert describe(dry.calls).splitlines()[0] == (
        "1. drive.permissions.create fileId=doc-1 fields=id sendNotificationEmail=true")


def test_describe_of_no_calls_says_so():
    assert describe([]) == "no Google calls"
