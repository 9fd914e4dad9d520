"""The request-body check: valid Docs and Drive bodies pass, each kind of mistake is named by its path."""

import pytest

from tests.discovery_schema import assert_valid_body, body_problems

INSERT_TEXT = {"insertText": {"text": "Mutual action plan\n", "location": {"index": 1}}}
INSERT_TABLE = {"insertTable": {"rows": 2, "columns": 2, "location": {"index": 1}}}
HEADING = {
    "updateParagraphStyle": {
        "range": {"startIndex": 1, "endIndex": 19},
        "paragraphStyle": {"namedStyleType": "HEADING_1"},
        "fields": "namedStyleType",
    }
}


def batch(*requests, **extra):
    return {"requests": list(requests), **extra}


def test_a_batch_update_of_text_a_table_and_a_heading_passes():
    body = batch(INSERT_TEXT, INSERT_TABLE, HEADING, writeControl={"requiredRevisionId": "ALm37BV"})
    assert body_problems("docs", "docs.documents.batchUpdate", body) == []
    assert_valid_body("docs", "docs.documents.batchUpdate", body)


def test_a_drive_file_with_a_parent_folder_and_a_permission_pass():
    new_file = {"name": "Acme deal room", "mimeType": "application/vnd.google-apps.document", "parents": ["folder1"]}
    permission = {"type": "user", "role": "commenter", "emailAddress": "buyer@acme.example"}
    assert body_problems("drive", "drive.files.create", new_file) == []
    assert body_problems("drive", "drive.permissions.create", permission) == []


def test_a_misspelt_field_is_named_with_its_path_and_schema():
    misspelt = {"insertText": {"text": "x", "locaton": {"index": 1}}}
    problems = body_problems("docs", "docs.documents.batchUpdate", batch(INSERT_TEXT, INSERT_TABLE, HEADING, misspelt))
    assert problems == ["requests[3].insertText.locaton: no such field in InsertTextRequest"]


def test_a_wrong_type_is_named():
    wrong = {"insertTable": {"rows": "2", "columns": 2, "location": {"index": 1}}}
    problems = body_problems("docs", "docs.documents.batchUpdate", batch(wrong))
    assert problems == ["requests[0].insertTable.rows: expected an integer, got a string"]


def test_a_bad_enum_value_is_named_with_the_allowed_values():
    bad = {"createFooter": {"type": "FIRST_PAGE"}}
    [problem] = body_problems("docs", "docs.documents.batchUpdate", batch(bad))
    assert problem.startswith("requests[0].createFooter.type: 'FIRST_PAGE' is not one of")
    assert "DEFAULT" in problem


def test_a_single_request_where_a_list_is_required_is_named():
    problems = body_problems("docs", "docs.documents.batchUpdate", {"requests": INSERT_TEXT})
    assert problems == ["requests: expected a list, got an object"]


def test_a_read_only_field_sent_is_a_problem():
    problems = body_problems("drive", "drive.files.create", {"name": "x", "exportLinks": {"a": "b"}})
    assert problems == ["exportLinks: read-only field: Google sets it, a request may not"]


def test_int64_takes_digits_and_int32_refuses_a_huge_number():
    assert body_problems("drive", "drive.files.create", {"name": "x", "version": "12"}) == []
    [problem] = body_problems("drive", "drive.files.create", {"name": "x", "version": "twelve"})
    assert problem.startswith("version: expected an int64")
    huge = {"insertText": {"text": "x", "location": {"index": 2**40}}}
    assert body_problems("docs", "docs.documents.batchUpdate", batch(huge)) == [
        "requests[0].insertText.location.index: 1099511627776 does not fit an int32"
    ]


def test_every_problem_is_listed_in_the_assertion():
    body = batch({"insertText": {"txt": "x"}}, {"createFooter": {"type": 3}})
    with pytest.raises(AssertionError) as raised:
        assert_valid_body("docs", "docs.documents.batchUpdate", body)
    assert "requests[0].insertText.txt: no such field in InsertTextRequest" in str(raised.value)
    assert "requests[1].createFooter.type: expected a string" in str(raised.value)


def test_an_unknown_method_is_a_key_error():
    with pytest.raises(KeyError, match="no method docs.documents.explode"):
        body_problems("docs", "docs.documents.explode", {})
