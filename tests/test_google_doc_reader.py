"""Reading a Google Doc deal room back: the Docs API's three suggestion views and Drive's
comments become the same DealDocument a Word deal room gives, and its edits the same
change set.

The documents are built by tests/google_json.py from one description with its
suggestions; each view gets its own indexes, as Google's answers have.
"""

from __future__ import annotations

import datetime as dt

import pytest

from generator.errors import DocumentError
from generator.history.snapshot import restore, snapshot
from generator.importing.changeset import buyer_edits
from generator.plan.model import BuyerPlan
from generator.readers.google_doc import read_google_doc
from generator.readers.word_document import TrackedEdit
from google_json import ACCEPTED, INLINE, WITHOUT, cell, para, row, run, table, views
from plans import load, minimal_plan

LABEL = "Google Doc 1AbC (Deal room)"
FOOTER = "Deal globex-acme · version 1 · document 0123456789ab"
HEADER = row("Code", "Step", "Owner", "Due", "Status", "If it is missed")
S1 = ("S1", "Globex legal returns redlines", "Bea Buyer", "Jan 15, 2027 (to confirm)",
      "Not started", "")
S2 = ("S2", "Acme answers the security questionnaire", "Sam Seller",
      "Jan 20, 2027 (to confirm)", "Not started", "")
SUGGESTED = TrackedEdit(kind="suggested", author=None, date=None)
EARLY = "2026-12-02T09:00:00.000Z"


def edited_rows():
    """S1's step edited directly; S2's due date replaced by a suggestion; a suggested new row."""
    s1 = list(S1)
    s1[1] = "Globex legal returns redlines and the DPA"
    due = cell(para(run("Jan 20, 2027 (to confirm)", deleted="suggest.due"),
                    run("Jan 27, 2027", inserted="suggest.due")))
    new = row("", "Globex signs the order form", "Bea Buyer", "Feb 1, 2027", "Not started", "",
              inserted="suggest.row")
    return [row(*s1), row(*S2[:3], due, *S2[4:]), new]


def google_doc(rows=None, footer=FOOTER, body_footer=False, heading="Security"):
    blocks = [para("Deal room"), para(heading), table(HEADER, *(rows or [row(*S1), row(*S2)])),
              para("")]
    if body_footer:
        blocks.append(para(FOOTER))
    return views(*blocks, footer=footer)


def comment(comment_id, quote, content="Why?", resolved=False, deleted=False, replies=()):
    return {"id": comment_id, "author": {"displayName": "Lena Hoffmann"}, "content": content,
            "quotedFileContent": {"mimeType": "text/html", "value": quote},
            "resolved": resolved, "deleted": deleted, "createdTime": EARLY,
            "modifiedTime": EARLY, "anchor": "kix.opaque", "replies": list(replies)}


def rows_of(document):
    return {row.code: row for row in document.tables[0].rows}


# -- cells and rows -----------------------------------------------------------------------------

def test_the_views_give_each_cell_its_text_before_and_after_the_suggestions():
    document = read_google_doc(google_doc(edited_rows()), [], LABEL)
    assert document.file == LABEL
    assert (document.identity.deal_id, document.identity.version,
            document.identity.document_id) == ("globex-acme", 1, "0123456789ab")
    table = document.tables[0]
    assert (table.number, table.heading) == (1, "Security")
    assert table.fields == ("code", "title", "owner", "due", "status", "if_missed")
    due = rows_of(document)["S2"].cells["due"]
    assert (due.original, due.current, due.edits) == ("Jan 20, 2027 (to confirm)",
                                                      "Jan 27, 2027", (SUGGESTED,))


def test_a_direct_edit_is_the_same_in_every_view_and_carries_no_mark():
    step = rows_of(read_google_doc(google_doc(edited_rows()), [], LABEL))["S1"].cells["title"]
    assert (step.original, step.current, step.edits) == (
        "Globex legal returns redlines and the DPA", "Globex legal returns redlines and the DPA",
        ())


def test_a_suggested_row_is_inserted_and_a_suggested_removal_deleted():
    """The inline view leads: the other views lack the suggested rows, so rows are
    matched by what each view leaves out, not by position alone."""
    rows = [row(*S1, deleted="suggest.gone"),
            row("", "Globex signs the order form", "Bea Buyer", "", "", "", inserted="suggest.new"),
            row(*S2)]
    read = read_google_doc(google_doc(rows), [], LABEL).tables[0].rows
    assert [(r.code, r.state, r.edits, r.number) for r in read] == [
        ("S1", "deleted", (SUGGESTED,), 2), (None, "inserted", (SUGGESTED,), 3),
        ("S2", "kept", (), 4)]
    assert [(r.cells["title"].original, r.cells["title"].current) for r in read] == [
        ("Globex legal returns redlines", ""), ("", "Globex signs the order form"),
        ("Acme answers the security questionnaire",) * 2]


def test_paragraphs_of_a_cell_are_joined_with_newlines():
    rows = [row(*S1[:5], cell("Legal slips", "go-live moves")), row(*S2)]
    missed = rows_of(read_google_doc(google_doc(rows), [], LABEL))["S1"].cells["if_missed"]
    assert missed.current == "Legal slips\ngo-live moves"


def test_merged_cells_span_across_and_continue_down_like_words():
    rows = [row(*S1[:4], cell("Not started", column_span=2), "", ),
            row("S2", cell("Two steps in one", row_span=2), *S2[2:]),
            row("S3", "", "Bea Buyer", "", "", "")]
    read = read_google_doc(google_doc(rows), [], LABEL).tables[0].rows
    assert read[0].merged == ("status", "if_missed")
    assert read[2].cells["title"].current == "Two steps in one"
    assert read[1].cells["title"].current == "Two steps in one"


def test_a_cell_too_long_to_be_a_step_is_refused():
    rows = [row(S1[0], "x" * 20_001, *S1[2:]), row(*S2)]
    with pytest.raises(DocumentError) as refused:
        read_google_doc(google_doc(rows), [], LABEL)
    assert str(refused.value) == (f"{LABEL}: table 1, row 2, cell 2 holds 20,001 characters; a "
                                  "cell may hold at most 20,000 (is this a deal room document?)")


# -- comments -----------------------------------------------------------------------------------

def test_a_comment_belongs_to_the_row_whose_text_it_quotes():
    document = read_google_doc(google_doc(), [comment("c1", "the  Security\nquestionnaire")], LABEL)
    assert rows_of(document)["S2"].comment_ids == ("c1",)
    assert rows_of(document)["S1"].comment_ids == ()
    note = document.comments["c1"]
    assert (note.author, note.text, note.parent_id, note.done, note.initials) == (
        "Lena Hoffmann", "Why?", None, False, None)
    assert note.date == dt.datetime(2026, 12, 2, 9, 0, tzinfo=dt.timezone.utc)


def test_html_entities_in_a_quote_are_read_as_text():
    rows = [row(*S1), row("S2", "Acme & Globex agree the DPA", *S2[2:])]
    document = read_google_doc(google_doc(rows), [comment("c1", "Acme &amp; Globex")], LABEL)
    assert rows_of(document)["S2"].comment_ids == ("c1",)


def test_a_quote_across_rows_goes_to_each_row_it_names():
    quote = "S1 Globex legal returns redlines Bea Buyer\nS2 Acme answers"
    document = read_google_doc(google_doc(), [comment("c1", quote)], LABEL)
    assert [rows_of(document)[code].comment_ids for code in ("S1", "S2")] == [("c1",), ("c1",)]


def test_a_quote_matching_no_row_is_kept_unanchored():
    document = read_google_doc(google_doc(), [comment("c1", "Deal room")], LABEL)
    assert [r.comment_ids for r in document.tables[0].rows] == [(), ()]
    assert list(document.comments) == ["c1"]


def test_a_resolved_comment_keeps_its_replies_and_a_deleted_one_is_left_out():
    replies = [{"id": "r1", "author": {"displayName": "Daniel Whitfield"},
                "content": "Done on the 3rd", "createdTime": "2026-12-03T16:30:00Z",
                "deleted": False},
               {"id": "r2", "author": {"displayName": "Lena Hoffmann"}, "content": "",
                "createdTime": EARLY, "deleted": False, "action": "resolve"},
               {"id": "r3", "author": {"displayName": "Lena Hoffmann"}, "content": "oops",
                "createdTime": EARLY, "deleted": True}]
    listed = [comment("c1", "redlines", content="Signed already?", resolved=True, replies=replies),
              comment("c2", "questionnaire", deleted=True)]
    document = read_google_doc(google_doc(), listed, LABEL)
    assert [(c.id, c.parent_id, c.done, c.text) for c in document.comments.values()] == [
        ("c1", None, True, "Signed already?"), ("r1", "c1", False, "Done on the 3rd")]
    assert document.comments["r1"].date == dt.datetime(2026, 12, 3, 16, 30, tzinfo=dt.timezone.utc)
    assert rows_of(document)["S1"].comment_ids == ("c1",)
    assert rows_of(document)["S2"].comment_ids == ()


# -- identity and refusals ----------------------------------------------------------------------

def test_without_a_footer_the_identity_is_the_bodys_last_line():
    document = read_google_doc(google_doc(footer=None, body_footer=True), [], LABEL)
    assert document.identity.document_id == "0123456789ab"


def test_a_footer_without_identity_falls_back_to_the_body():
    document = read_google_doc(google_doc(footer="Page 1", body_footer=True), [], LABEL)
    assert document.identity.deal_id == "globex-acme"


def test_a_doc_saying_no_identity_is_refused_without_naming_word():
    with pytest.raises(DocumentError) as refused:
        read_google_doc(google_doc(footer=None), [], LABEL)
    assert str(refused.value) == (
        f"{LABEL}: does not say which deal and version it is (its footer should read 'Deal <id> "
        "· version <n> · document <id>'): import only a Google Docs document dealroom publish "
        "wrote, with its footer kept")


def test_a_doc_without_a_step_table_is_refused_without_naming_word():
    blocks = views(para("Deal room"), table(row("Name", "Role"), row("Bea Buyer", "Champion")),
                   para(""), footer=FOOTER)
    with pytest.raises(DocumentError) as refused:
        read_google_doc(blocks, [], LABEL)
    message = str(refused.value)
    assert message == (f"{LABEL}: no plan tables found (a table whose header row reads Code, "
                       "Step, Owner, Due, Status, If it is missed): is this the Google Docs deal "
                       "room dealroom wrote, with its tables intact?")
    assert "Word" not in message


def test_the_three_views_have_their_own_indexes():
    """The fixtures follow the index model: the accepted view's suggested new row moves
    what follows the table, the view without suggestions does not have it."""
    docs = google_doc(edited_rows())
    ends = {view: docs[view]["body"]["content"][3]["endIndex"]
            for view in (WITHOUT, ACCEPTED, INLINE)}
    assert ends[WITHOUT] < ends[ACCEPTED] < ends[INLINE]
    empty = views(para(""), table(row("", ""), row("", "")), para(""))[WITHOUT]["body"]["content"]
    assert [(e.get("startIndex"), e["endIndex"]) for e in empty] == [
        (None, 1), (1, 2), (2, 13), (13, 14)]
    cells = [c for r in empty[2]["table"]["tableRows"] for c in r["tableCells"]]
    assert [c["content"][0]["startIndex"] for c in cells] == [5, 7, 10, 12]


# -- end to end ---------------------------------------------------------------------------------

def base_plan() -> BuyerPlan:
    """The plan the document was published from: S1 and S2 in a Security workstream."""
    text = minimal_plan({"  - {id: legal, name: Legal}": "  - {id: security, name: Security}",
                         "    workstream: legal": "    workstream: security"}, tasks="""
        - id: questionnaire
          title: Acme answers the security questionnaire
          workstream: security
          owner: sam-seller
          due: 2027-01-20
        """)
    return restore(snapshot(load(text).plan.for_buyer()), BuyerPlan)


def test_the_change_set_finds_the_direct_edit_the_suggested_date_and_the_new_row():
    document = read_google_doc(google_doc(edited_rows()), [comment("c1", "questionnaire",
                                                                  "CISO out until the 7th")], LABEL)
    changes = buyer_edits(document, base_plan(), "en")
    assert changes.file == LABEL
    assert (changes.deal_id, changes.version, changes.document_id) == (
        "globex-acme", 1, "0123456789ab")
    found = [(e.kind, e.code, e.field, e.old, e.new, e.reason) for e in changes.edits]
    assert found == [
        ("change", "S1", "title", "Globex legal returns redlines",
         "Globex legal returns redlines and the DPA", None),
        ("change", "S2", "due", "2027-01-20", "2027-01-27", "CISO out until the 7th"),
        ("new_step", None, None, None, "Globex signs the order form", None)]
    assert all(e.who == () for e in changes.edits)
