"""The Google stand-in, driven through the real google-api-python-client as the generator will drive it."""

import json
import socket

import httplib2
import pytest
from googleapiclient.discovery import build
from googleapiclient.errors import HttpError

from tests.google_standin import buyer
from tests.google_standin.server import GoogleStandIn

INLINE, WITHOUT, ACCEPTED = "SUGGESTIONS_INLINE", "PREVIEW_WITHOUT_SUGGESTIONS", "PREVIEW_SUGGESTIONS_ACCEPTED"
GOOGLE_DOC = "application/vnd.google-apps.document"


@pytest.fixture
def google():
    with GoogleStandIn() as standin:
        yield standin


def client(google, api, version):
    return build(api, version, http=httplib2.Http(), static_discovery=True,
                 client_options={"api_endpoint": google.endpoint})


@pytest.fixture
def docs(google):
    return client(google, "docs", "v1")


@pytest.fixture
def drive(google):
    return client(google, "drive", "v3")


def new_doc(drive) -> str:
    made = drive.files().create(body={"name": "Acme deal room", "mimeType": GOOGLE_DOC, "parents": ["folder1"]},
                                fields="id,name,webViewLink,version").execute()
    return made["id"]


def update(docs, doc_id, *requests, **write_control):
    body = {"requests": list(requests)}
    if write_control:
        body["writeControl"] = write_control
    return docs.documents().batchUpdate(documentId=doc_id, body=body).execute()


def insert(text, index, segment_id=None):
    location = {"index": index, **({"segmentId": segment_id} if segment_id else {})}
    return {"insertText": {"text": text, "location": location}}


def outline(content):
    """Each element as (kind, start, end, text) with a table's cells as a list of (start, end, text)."""
    shape = []
    for element in content:
        if "paragraph" in element:
            text = "".join(run["textRun"]["content"] for run in element["paragraph"]["elements"])
            shape.append(("p", element["startIndex"], element["endIndex"], text))
        elif "table" in element:
            cells = [(cell["startIndex"], cell["endIndex"], outline(cell["content"]))
                     for row in element["table"]["tableRows"] for cell in row["tableCells"]]
            shape.append(("table", element["startIndex"], element["endIndex"], cells))
    return shape


def get(docs, doc_id, mode=None):
    request = docs.documents().get(documentId=doc_id, **({"suggestionsViewMode": mode} if mode else {}))
    return request.execute()


def table_texts(document):
    [table] = [element["table"] for element in document["body"]["content"] if "table" in element]
    return [["".join(run["textRun"]["content"] for paragraph in cell["content"]
                     for run in paragraph["paragraph"]["elements"]).rstrip("\n")
             for cell in row["tableCells"]] for row in table["tableRows"]]


def test_drive_creates_a_google_doc_with_the_fields_asked(google, drive):
    made = drive.files().create(body={"name": "Acme", "mimeType": GOOGLE_DOC, "parents": ["folder1"]},
                                fields="id,webViewLink,version").execute()
    assert made == {"id": made["id"], "webViewLink": f"https://docs.google.com/document/d/{made['id']}/edit",
                    "version": "1"}
    got = drive.files().get(fileId=made["id"], fields="id,name,version,webViewLink,trashed,parents").execute()
    assert (got["name"], got["trashed"], got["parents"]) == ("Acme", False, ["folder1"])
    assert google.requests_to("/files", "POST")[0].body["parents"] == ["folder1"]


def test_an_empty_table_has_the_indexes_of_the_worked_example_in_every_view(docs, drive):
    doc_id = new_doc(drive)
    update(docs, doc_id, {"insertTable": {"rows": 2, "columns": 2, "location": {"index": 1}}})
    cells = [(4, 6, [("p", 5, 6, "\n")]), (6, 8, [("p", 7, 8, "\n")]),
             (9, 11, [("p", 10, 11, "\n")]), (11, 13, [("p", 12, 13, "\n")])]
    for mode in (INLINE, WITHOUT, ACCEPTED, None):
        document = get(docs, doc_id, mode)
        assert document["body"]["content"][0] == {"endIndex": 1, "sectionBreak": {"sectionStyle": {}}}
        assert outline(document["body"]["content"]) == [("p", 1, 2, "\n"), ("table", 2, 13, cells), ("p", 13, 14, "\n")]


def test_a_deal_room_built_in_one_batch_reads_back_with_styles_and_a_footer(docs, drive):
    doc_id = new_doc(drive)
    reply = update(docs, doc_id, insert("Title\nSteps\n", 1),
                   {"insertTable": {"rows": 2, "columns": 2, "location": {"index": 13}}},
                   insert("S1 Sign", 24), insert("Owner", 22), insert("Code", 19), insert("Step", 17),
                   {"updateParagraphStyle": {"range": {"startIndex": 1, "endIndex": 6},
                                             "paragraphStyle": {"namedStyleType": "TITLE"}, "fields": "namedStyleType"}},
                   {"updateTextStyle": {"range": {"startIndex": 7, "endIndex": 12}, "textStyle": {"bold": True},
                                        "fields": "bold"}},
                   {"pinTableHeaderRows": {"tableStartLocation": {"index": 14}, "pinnedHeaderRowsCount": 1}},
                   {"createFooter": {"type": "DEFAULT"}})
    footer_id = reply["replies"][-1]["createFooter"]["footerId"]
    update(docs, doc_id, insert("Deal D-7 revision 3", 0, footer_id))
    document = get(docs, doc_id, INLINE)
    assert outline(document["body"]["content"])[:2] == [("p", 1, 7, "Title\n"), ("p", 7, 13, "Steps\n")]
    assert table_texts(document) == [["Step", "Code"], ["Owner", "S1 Sign"]]
    title, steps = document["body"]["content"][1:3]
    assert title["paragraph"]["paragraphStyle"]["namedStyleType"] == "TITLE"
    assert steps["paragraph"]["elements"][0]["textRun"] == {"content": "Steps", "textStyle": {"bold": True}}
    table = document["body"]["content"][4]["table"]
    assert [row["tableRowStyle"]["tableHeader"] for row in table["tableRows"]] == [True, False]
    assert document["documentStyle"]["defaultFooterId"] == footer_id
    assert outline(document["footers"][footer_id]["content"]) == [("p", 0, 20, "Deal D-7 revision 3\n")]


def test_each_batch_update_gives_a_new_revision_and_a_stale_one_is_refused(google, docs, drive):
    doc_id = new_doc(drive)
    first = get(docs, doc_id)["revisionId"]
    reply = update(docs, doc_id, insert("Plan\n", 1), requiredRevisionId=first)
    second = reply["writeControl"]["requiredRevisionId"]
    assert second != first and get(docs, doc_id)["revisionId"] == second
    assert drive.files().get(fileId=doc_id, fields="version").execute() == {"version": "2"}
    with pytest.raises(HttpError) as refused:
        update(docs, doc_id, insert("Late\n", 1), requiredRevisionId=first)
    assert refused.value.resp.status == 400
    assert json.loads(refused.value.content)["error"]["status"] == "FAILED_PRECONDITION"
    assert outline(get(docs, doc_id)["body"]["content"]) == [("p", 1, 6, "Plan\n"), ("p", 6, 7, "\n")]


def test_a_refused_request_leaves_the_whole_batch_unapplied(docs, drive):
    doc_id = new_doc(drive)
    revision = get(docs, doc_id)["revisionId"]
    with pytest.raises(HttpError) as refused:
        update(docs, doc_id, insert("Kept?\n", 1), {"deleteContentRange": {"range": {"startIndex": 7, "endIndex": 8}}})
    assert refused.value.resp.status == 400
    assert "requests[1].deleteContentRange: The final newline" in json.loads(refused.value.content)["error"]["message"]
    assert get(docs, doc_id)["revisionId"] == revision


def test_an_unknown_request_kind_is_a_400_naming_it(google, docs, drive):
    doc_id = new_doc(drive)
    with pytest.raises(HttpError) as refused:
        update(docs, doc_id, {"replaceAllText": {"replaceText": "x", "containsText": {"text": "y"}}})
    assert "replaceAllText" in json.loads(refused.value.content)["error"]["message"]
    assert google.invalid_bodies == []


def test_a_misspelt_body_is_answered_400_and_recorded(google, docs, drive):
    doc_id = new_doc(drive)
    with pytest.raises(HttpError) as refused:
        update(docs, doc_id, {"insertText": {"text": "x", "locaton": {"index": 1}}})
    assert refused.value.resp.status == 400
    [invalid] = google.invalid_bodies
    assert invalid.method_id == "docs.documents.batchUpdate"
    assert invalid.problems == ["requests[0].insertText.locaton: no such field in InsertTextRequest"]


def test_buyer_edits_and_suggestions_read_back_in_each_view(google, docs, drive):
    doc_id = new_doc(drive)
    update(docs, doc_id, {"insertTable": {"rows": 3, "columns": 2, "location": {"index": 1}}},
           insert("S2 Pilot", 15), insert("S1 Sign", 10), insert("Step", 5))
    version = drive.files().get(fileId=doc_id, fields="version").execute()["version"]
    model = google.documents[doc_id]
    buyer.edit_cell(model, 1, 0, 1, "Owner")
    buyer.suggest_cell(model, 1, 1, 0, "S1 Sign contract", "suggest.a1")
    buyer.suggest_row(model, 1, ["S3 Legal", "Dana"], "suggest.b2", after_row=1)
    buyer.suggest_row_removal(model, 1, 3, "suggest.c3")
    assert table_texts(get(docs, doc_id, WITHOUT)) == [["Step", "Owner"], ["S1 Sign", ""], ["S2 Pilot", ""]]
    assert table_texts(get(docs, doc_id, ACCEPTED)) == [["Step", "Owner"], ["S1 Sign contract", ""],
                                                        ["S3 Legal", "Dana"]]
    inline = get(docs, doc_id)
    assert table_texts(inline) == [["Step", "Owner"], ["S1 SignS1 Sign contract", ""], ["S3 Legal", "Dana"],
                                   ["S2 Pilot", ""]]
    rows = inline["body"]["content"][2]["table"]["tableRows"]
    runs = rows[1]["tableCells"][0]["content"][0]["paragraph"]["elements"]
    assert [(run["textRun"]["content"], run["textRun"].get("suggestedDeletionIds"),
             run["textRun"].get("suggestedInsertionIds")) for run in runs] == [
        ("S1 Sign", ["suggest.a1"], None), ("S1 Sign contract", None, ["suggest.a1"]), ("\n", None, None)]
    assert rows[2]["suggestedInsertionIds"] == ["suggest.b2"] and rows[3]["suggestedDeletionIds"] == ["suggest.c3"]
    assert int(drive.files().get(fileId=doc_id, fields="version").execute()["version"]) == int(version) + 4


def test_comments_need_fields_and_come_in_pages(google, drive):
    doc_id = new_doc(drive)
    buyer.comment(google, doc_id, "S1 Sign", "Can legal see this first?", "Dana Buyer",
                  replies=[("Sam Seller", "Yes, Friday")])
    buyer.comment(google, doc_id, "S2 Pilot", "Done", {"displayName": "Dana Buyer"}, resolved=True)
    google.comments[doc_id].append({**google.comments[doc_id][0], "id": "gone", "deleted": True})
    with pytest.raises(HttpError) as refused:
        drive.comments().list(fileId=doc_id).execute()
    assert "'fields' parameter is required" in json.loads(refused.value.content)["error"]["message"]
    fields = "nextPageToken,comments(id,content,resolved,quotedFileContent/value,author/displayName,replies(content))"
    first = drive.comments().list(fileId=doc_id, fields=fields, pageSize=1).execute()
    assert first["comments"] == [{"id": first["comments"][0]["id"], "content": "Can legal see this first?",
                                  "resolved": False, "quotedFileContent": {"value": "S1 Sign"},
                                  "author": {"displayName": "Dana Buyer"}, "replies": [{"content": "Yes, Friday"}]}]
    second = drive.comments().list(fileId=doc_id, fields=fields, pageSize=1, pageToken=first["nextPageToken"]).execute()
    assert [comment["content"] for comment in second["comments"]] == ["Done"] and "nextPageToken" not in second
    everything = drive.comments().list(fileId=doc_id, fields="comments(id)", includeDeleted=True).execute()
    assert len(everything["comments"]) == 3
    assert google.comments[doc_id][0]["anchor"].startswith("kix.")


def test_injected_errors_are_google_shaped_and_the_client_retries_them(google, docs, drive):
    doc_id = new_doc(drive)
    google.fail_next(429, path_contains=":batchUpdate", retry_after=0)
    with pytest.raises(HttpError) as refused:
        update(docs, doc_id, insert("x", 1))
    assert refused.value.resp.status == 429 and refused.value.resp["retry-after"] == "0"
    assert json.loads(refused.value.content)["error"]["status"] == "RESOURCE_EXHAUSTED"
    google.fail_next(500, times=2)
    request = docs.documents().get(documentId=doc_id)
    request._sleep = lambda seconds: None  # the client's back-off, not needed against loopback
    got = request.execute(num_retries=2)
    assert got["documentId"] == doc_id
    assert [seen.method for seen in google.requests_to(doc_id)][-3:] == ["GET", "GET", "GET"]


def test_unknown_documents_files_and_paths_are_404(drive, docs, google):
    for request in (docs.documents().get(documentId="nope"), drive.files().get(fileId="nope")):
        with pytest.raises(HttpError) as refused:
            request.execute()
        assert json.loads(refused.value.content)["error"]["status"] == "NOT_FOUND"
    status, reply, _ = google.answer("GET", "/v9/elsewhere", None, None)
    assert (status, reply["error"]["code"]) == (404, 404)


def test_sharing_records_the_permission_and_raises_the_version(google, drive):
    doc_id = new_doc(drive)
    made = drive.permissions().create(fileId=doc_id, body={"type": "user", "role": "commenter",
                                                           "emailAddress": "dana@acme.example"},
                                      fields="id", sendNotificationEmail=False).execute()
    assert list(made) == ["id"]
    assert google.permissions[doc_id][0]["emailAddress"] == "dana@acme.example"
    assert drive.files().get(fileId=doc_id, fields="version").execute()["version"] == "2"


def test_credentials_refresh_at_the_token_endpoint_and_are_sent(google):
    from google.oauth2.credentials import Credentials

    credentials = Credentials(None, refresh_token="refresh-1", token_uri=google.token_uri,
                              client_id="client", client_secret="secret")
    drive = build("drive", "v3", credentials=credentials, static_discovery=True,
                  client_options={"api_endpoint": google.endpoint})
    doc_id = new_doc(drive)
    [token_request] = google.requests_to("/token", "POST")
    assert token_request.body["refresh_token"] == "refresh-1"
    assert google.requests_to(doc_id) == [] and google.requests[-1].authorization.startswith("Bearer standin-token-")
    google.fail_next(401, path_contains=doc_id)
    assert drive.files().get(fileId=doc_id, fields="id").execute() == {"id": doc_id}
    assert len(google.requests_to("/token", "POST")) == 2, "a 401 makes the credentials refresh and retry once"


def test_the_server_stops_when_the_block_ends():
    with GoogleStandIn() as google:
        port = int(google.endpoint.rsplit(":", 1)[1].strip("/"))
    with pytest.raises(OSError):
        socket.create_connection(("127.0.0.1", port), timeout=5).close()


def test_docs_creates_a_document_that_drive_also_knows(docs, drive):
    made = docs.documents().create(body={"title": "Acme plan"}).execute()
    assert (made["title"], made["body"]["content"][1]["endIndex"]) == ("Acme plan", 2)
    assert drive.files().get(fileId=made["documentId"], fields="name,mimeType").execute() == {
        "name": "Acme plan", "mimeType": GOOGLE_DOC}
