"""Real LibreOffice edits a Word deal room as a buyer would, and saves .docx.

What LibreOffice 7.4 writes here is what the Word importer must read: a cell
typed over is a w:del of the old text and a w:ins of the new, an added row
carries w:trPr/w:ins, a deleted row w:trPr/w:del, a comment goes to
word/comments.xml and is anchored in its row. With recording off the same
edits leave plain text. One soffice serves the whole module.
"""

from __future__ import annotations

import zipfile
from pathlib import Path

import docx
import pytest
from docx.oxml.ns import qn
from lxml import etree

import libreoffice
from libreoffice import LibreOffice, LibreOfficeError, convert_to_pdf, require

HEADER = ["Code", "Step", "Owner", "Due", "Status", "If it is missed"]
ROWS = [
    ["S1", "Kick-off call", "Ana Ruiz", "1 Dec 2026", "Done", "Nothing moves"],
    ["S2", "Security questionnaire", "Maria Chen", "14 Dec 2026", "In progress", "Go-live slips"],
    ["S3", "Pen test report", "Tom Lee", "18 Dec 2026", "Not started", "Legal waits"],
]
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
ZERO_WIDTH_JOINER = "\u200d"


# --- the deal room and the buyer ---------------------------------------------------

def write_deal_room(path: Path) -> Path:
    """A small Word deal room: a heading, one workstream table, tracking on."""
    document = docx.Document()
    document.add_heading("Security review", level=2)
    table = document.add_table(rows=1, cols=len(HEADER))
    for cell, text in zip(table.rows[0].cells, HEADER):
        cell.text = text
    for values in ROWS:
        for cell, text in zip(table.add_row().cells, values):
            cell.text = text
    settings = document.settings.element
    settings.find(qn("w:defaultTabStop")).addprevious(etree.Element(qn("w:trackRevisions")))
    document.save(path)
    return path


@pytest.fixture(scope="module")
def office():
    """One headless soffice for the module."""
    require()
    with LibreOffice() as running:
        yield running


@pytest.fixture(scope="module")
def deal_room(tmp_path_factory) -> Path:
    return write_deal_room(tmp_path_factory.mktemp("deal") / "deal-room.docx")


@pytest.fixture
def buyer(office, deal_room, tmp_path):
    """Edit the deal room in LibreOffice; the saved document.xml, parsed."""
    def edit(edits, record=True, author="Maria Chen"):
        saved = tmp_path / "edited.docx"
        office.edit(deal_room, saved, edits, record=record, author=author)
        return Saved(saved)
    return edit


class Saved:
    """The .docx LibreOffice saved, read with lxml."""

    def __init__(self, path: Path):
        self.path = path
        with zipfile.ZipFile(path) as package:
            self.parts = {name: package.read(name) for name in package.namelist()}
        self.document = etree.fromstring(self.parts["word/document.xml"])

    def part(self, name: str):
        return etree.fromstring(self.parts[name])

    def rows(self) -> list:
        return self.document.findall(f".//{W}tbl/{W}tr")

    def row(self, code: str):
        """The row whose first cell reads `code`, deleted text included."""
        for row in self.rows():
            if all_text(row.find(f"{W}tc")) == code:
                return row
        raise AssertionError(f"no row {code} in {[all_text(r.find(f'{W}tc')) for r in self.rows()]}")

    def cell(self, row, column: str):
        return row.findall(f"{W}tc")[HEADER.index(column)]


def all_text(element) -> str:
    """Every w:t and w:delText under `element`, in order."""
    return "".join(node.text or "" for node in element.iter(f"{W}t", f"{W}delText"))


def changes(element, kind: str) -> list:
    """The w:ins or w:del elements under `element` that wrap runs."""
    return [change for change in element.iter(f"{W}{kind}") if change.find(f"{W}r") is not None]


# --- with recording on ------------------------------------------------------------

def test_a_cell_typed_over_is_the_old_text_deleted_and_the_new_inserted_by_the_buyer(buyer):
    saved = buyer([{"op": "set_cell", "code": "S2", "column": "Due", "text": "15 Jan 2027"}])
    due = saved.cell(saved.row("S2"), "Due")
    [deleted], [inserted] = changes(due, "del"), changes(due, "ins")
    assert [t.text for t in deleted.iter(f"{W}delText")] == ["14 Dec 2026"]
    assert [t.text for t in inserted.iter(f"{W}t")] == ["15 Jan 2027"]
    assert deleted.get(f"{W}author") == inserted.get(f"{W}author") == "Maria Chen"
    assert deleted.get(f"{W}date") and inserted.get(f"{W}date")
    assert saved.part("word/settings.xml").find(f"{W}trackRevisions") is not None


def test_the_author_recorded_is_the_one_asked_for(buyer):
    saved = buyer([{"op": "set_cell", "code": "S1", "column": "Owner", "text": "Priya Nair"}],
                  author="Tom Lee")
    owner = saved.cell(saved.row("S1"), "Owner")
    assert {change.get(f"{W}author") for change in owner.iter(f"{W}ins", f"{W}del")} == {"Tom Lee"}


def test_an_added_row_is_a_tracked_row_insertion_below_its_neighbour(buyer):
    cells = {"Step": "Legal sign-off", "Owner": "Helen Park", "Due": "20 Jan 2027"}
    saved = buyer([{"op": "add_row", "after": "S2", "cells": cells}])
    added = saved.rows()[saved.rows().index(saved.row("S2")) + 1]
    assert added.find(f"{W}trPr/{W}ins").get(f"{W}author") == "Maria Chen"
    for column, text in cells.items():
        [inserted] = changes(saved.cell(added, column), "ins")
        assert all_text(inserted) == text and inserted.get(f"{W}author") == "Maria Chen"
    # LibreOffice marks the inserted row with a zero width joiner in its first
    # cell, itself a tracked insertion: the code cell is not empty text.
    [marker] = changes(saved.cell(added, "Code"), "ins")
    assert all_text(saved.cell(added, "Code")) == all_text(marker) == ZERO_WIDTH_JOINER
    assert all_text(saved.cell(added, "Status")) == ""


def test_a_deleted_row_is_a_tracked_row_deletion_that_keeps_its_text(buyer):
    saved = buyer([{"op": "delete_row", "code": "S3"}])
    removed = saved.row("S3")
    assert removed.find(f"{W}trPr/{W}del").get(f"{W}author") == "Maria Chen"
    for column, text in zip(HEADER, ROWS[2]):
        [deleted] = changes(saved.cell(removed, column), "del")
        assert all_text(deleted) == text and deleted.find(f".//{W}t") is None
    assert [all_text(row.find(f"{W}tc")) for row in saved.rows()] == ["Code", "S1", "S2", "S3"]


def test_a_comment_is_in_comments_xml_and_anchored_in_its_row(buyer):
    saved = buyer([{"op": "comment", "code": "S2", "column": "Due",
                    "text": "CISO out until the 14th"}])
    [comment] = saved.part("word/comments.xml").findall(f"{W}comment")
    assert comment.get(f"{W}author") == "Maria Chen"
    assert all_text(comment) == "CISO out until the 14th"
    due = saved.cell(saved.row("S2"), "Due")
    number = comment.get(f"{W}id")
    assert [start.get(f"{W}id") for start in due.iter(f"{W}commentRangeStart")] == [number]
    assert [end.get(f"{W}id") for end in due.iter(f"{W}commentRangeEnd")] == [number]
    assert [ref.get(f"{W}id") for ref in due.iter(f"{W}commentReference")] == [number]
    # The comment's mark is itself recorded as an insertion: the range end
    # and the reference lie inside a w:ins, and the commented text is unchanged.
    assert due.find(f".//{W}ins/{W}commentRangeEnd") is not None
    assert all_text(due) == "14 Dec 2026"
    assert "word/commentsExtended.xml" not in saved.parts


def test_a_comment_on_a_cell_typed_over_starts_in_the_deleted_text(buyer):
    saved = buyer([{"op": "set_cell", "code": "S2", "column": "Due", "text": "15 Jan 2027"},
                   {"op": "comment", "code": "S2", "column": "Due", "text": "CISO out"}])
    due = saved.cell(saved.row("S2"), "Due")
    assert due.find(f".//{W}del/{W}commentRangeStart") is not None
    assert due.find(f".//{W}ins/{W}commentRangeEnd") is not None
    assert all_text(due) == "14 Dec 202615 Jan 2027"


def test_all_four_edits_in_one_session(buyer):
    saved = buyer([
        {"op": "set_cell", "code": "S2", "column": "Due", "text": "15 Jan 2027"},
        {"op": "add_row", "after": "S2", "cells": {"Step": "Legal sign-off"}},
        {"op": "delete_row", "code": "S3"},
        {"op": "comment", "code": "S1", "column": "Step", "text": "Moved to Monday"},
    ])
    firsts = [all_text(row.find(f"{W}tc")) for row in saved.rows()]
    assert firsts == ["Code", "S1", "S2", ZERO_WIDTH_JOINER, "S3"]
    assert [row.find(f"{W}trPr/*") is not None for row in saved.rows()] == [
        False, False, False, True, True]
    assert saved.row("S1").find(f".//{W}commentReference") is not None


# --- with recording off ------------------------------------------------------------

def test_with_recording_off_the_edits_are_plain_text(buyer):
    saved = buyer([
        {"op": "set_cell", "code": "S2", "column": "Due", "text": "15 Jan 2027"},
        {"op": "add_row", "after": "S2", "cells": {"Step": "Legal sign-off", "Owner": "Helen Park"}},
        {"op": "delete_row", "code": "S3"},
    ], record=False)
    assert saved.document.find(f".//{W}ins") is None
    assert saved.document.find(f".//{W}del") is None
    assert all_text(saved.cell(saved.row("S2"), "Due")) == "15 Jan 2027"
    assert [[all_text(cell) for cell in row.findall(f"{W}tc")][:3] for row in saved.rows()] == [
        HEADER[:3], ROWS[0][:3], ROWS[1][:3], ["", "Legal sign-off", "Helen Park"]]
    assert saved.part("word/settings.xml").find(f"{W}trackRevisions") is None


def test_with_recording_off_a_comment_is_anchored_on_plain_text(buyer):
    saved = buyer([{"op": "comment", "code": "S2", "column": "Due", "text": "CISO out"}],
                  record=False)
    due = saved.cell(saved.row("S2"), "Due")
    assert saved.document.find(f".//{W}ins") is None
    assert [child.tag.removeprefix(W) for child in due.find(f"{W}p") if child.tag != f"{W}pPr"][:4] \
        == ["commentRangeStart", "r", "commentRangeEnd", "r"]


# --- what goes wrong ----------------------------------------------------------------

def test_a_code_that_is_not_in_the_document_is_an_error(office, deal_room, tmp_path):
    with pytest.raises(LibreOfficeError) as raised:
        office.edit(deal_room, tmp_path / "out.docx", [{"op": "delete_row", "code": "S9"}])
    assert str(raised.value) == ("editing in LibreOffice failed (exit status 1):\n"
                                 "libreoffice_buyer: no row with the code 'S9' in any deal table")
    assert not (tmp_path / "out.docx").exists()


def test_a_document_without_a_deal_table_is_an_error(office, tmp_path):
    plain = docx.Document()
    plain.add_paragraph("Minutes of the kick-off call")
    plain.save(tmp_path / "minutes.docx")
    with pytest.raises(LibreOfficeError) as raised:
        office.edit(tmp_path / "minutes.docx", tmp_path / "out.docx",
                    [{"op": "comment", "code": "S1", "column": "Due", "text": "?"}])
    assert str(raised.value).endswith(
        "libreoffice_buyer: no table with the header 'Code' in its first column")


def test_an_unknown_column_is_an_error_naming_the_columns(office, deal_room, tmp_path):
    with pytest.raises(LibreOfficeError) as raised:
        office.edit(deal_room, tmp_path / "out.docx",
                    [{"op": "set_cell", "code": "S2", "column": "Budget", "text": "1"}])
    assert str(raised.value).endswith(
        "libreoffice_buyer: no column 'Budget' in the table "
        "(columns: Code, Step, Owner, Due, Status, If it is missed)")


# --- conversion ----------------------------------------------------------------------

def test_a_docx_converts_to_a_pdf_with_its_text(deal_room, tmp_path):
    require()
    from pypdf import PdfReader

    pdf = convert_to_pdf(deal_room, tmp_path)
    assert pdf == tmp_path / "deal-room.pdf"
    words = " ".join(PdfReader(pdf).pages[0].extract_text().split())  # cells wrap lines
    assert "Security review Code Step Owner Due Status If it is missed S1 Kick-off call" in words


# --- when LibreOffice is not here ----------------------------------------------------

def test_a_missing_libreoffice_skips_here_and_fails_under_ci(monkeypatch):
    monkeypatch.setattr(libreoffice, "DEBIAN_PYTHON", "/nonexistent/python3")
    libreoffice.missing.cache_clear()
    try:
        assert not libreoffice.available()
        monkeypatch.delenv("CI", raising=False)
        with pytest.raises(pytest.skip.Exception, match="/nonexistent/python3"):
            require()
        monkeypatch.setenv("CI", "true")
        with pytest.raises(pytest.fail.Exception, match="make test"):
            require()
    finally:
        libreoffice.missing.cache_clear()
