"""Reading an edited Word document: tables, tracked changes, comments, identity.

The buyer's copy of a deal room comes back from Word, LibreOffice or a Google
Docs export. :func:`read_word` gives every top-level table's cells as they
were before tracked changes and as they are now, who changed them and when,
which comments sit in which row, the footer's text, the custom properties and
whether Track Changes is on, whatever wrappers the editor put around the text.

The fixtures in ``tests/fixtures/word/`` are written the way each program
writes them (``libreoffice_edited`` is LibreOffice 7.4's own output); a file
that is not a Word document, is damaged or hostile is refused with a sentence
naming it, within fixed bounds of size and memory, and without the network.
"""

from __future__ import annotations

import datetime as dt
import os
import zipfile
from pathlib import Path

import pytest

from generator.errors import DocumentError, UsageError
from generator.readers import docx_package
from generator.readers.word_xml import (CELL_MAX_CHARACTERS, CellText, Comment, TrackedEdit,
                                        read_word)
from generator.rendering.editable import Identity, identity_in
from word_fixtures import FIXTURES, W_NAMESPACE, document, fixture_docx, table, write_docx

UTC = dt.timezone.utc
FIXTURE_NAMES = sorted(path.stem for path in FIXTURES.glob("*.xml") if path.name.count(".") == 1)


def at(day: int, hour: int, minute: int, month: int = 11) -> dt.datetime:
    return dt.datetime(2026, month, day, hour, minute, tzinfo=UTC)


def dana(kind: str, when: dt.datetime) -> TrackedEdit:
    return TrackedEdit(kind=kind, author="Dana Buyer", date=when)


def read(name: str, folder: Path):
    return read_word(fixture_docx(name, folder))


def texts(row) -> list[tuple[str, str]]:
    return [(cell.original, cell.current) for cell in row.cells]


def refused(path: Path) -> str:
    with pytest.raises(DocumentError) as caught:
        read_word(path)
    return str(caught.value)


@pytest.mark.parametrize("name", FIXTURE_NAMES)
def test_every_fixture_zips_into_a_docx_that_python_docx_opens(name, tmp_path):
    import docx

    docx.Document(str(fixture_docx(name, tmp_path)))


# -- cell text and tracked changes --------------------------------------------------------------

def test_a_replaced_value_reads_as_before_and_after_with_who_and_when(tmp_path):
    word = read("tracked_cell_edit", tmp_path)
    (workstream,) = word.tables
    assert (workstream.number, workstream.heading) == (1, "Security review")
    header, s1, s2 = workstream.rows
    assert texts(header) == [("Code", "Code"), ("Step", "Step"), ("Due", "Due"), ("Status", "Status")]
    assert s1.cells[3] == CellText(original="open", current="done", edits=(
        dana("deleted", at(20, 9, 30)), dana("inserted", at(20, 9, 30))))
    assert s2.cells[2] == CellText(original="2026-12-04", current="2026-12-11", edits=(
        dana("deleted", at(20, 9, 31)), dana("inserted", at(20, 9, 31))))
    assert s1.cells[1] == CellText(original="Send the questionnaire",
                                   current="Send the questionnaire", edits=())
    assert [(row.state, row.edits, row.comment_ids) for row in workstream.rows] == [("kept", (), ())] * 3
    assert (word.comments, word.footer_text, word.properties, word.track_changes) == ((), "", {}, False)


def test_tabs_breaks_hyphens_and_paragraphs_become_plain_text(tmp_path):
    (row,) = read("cell_text", tmp_path).tables[0].rows
    assert [cell.current for cell in row.cells] == [
        "Code S1",
        "Line one\nLine two\nLine three\nLine four",
        "SIG-lites",
        "Two  spaces\nand a second paragraph",
        "See the portal, page 2, 20 November 2026",
        "Dana Buyer",
        "Note boxed",
        "",
    ]
    assert all(cell.original == cell.current and cell.edits == () for cell in row.cells)


def test_moved_text_counts_once_on_each_side(tmp_path):
    _, s1, s2 = read("moved_text", tmp_path).tables[0].rows
    moved = TrackedEdit(kind="moved", author="Lee Seller", date=at(21, 8, 0))
    assert s1.cells[1] == CellText(original="Pen test report. Summary only.",
                                   current="Summary only. Pen test report.", edits=(moved,))
    lee_moved = (TrackedEdit(kind="moved", author="Lee Seller", date=at(21, 8, 1)),)
    assert s1.cells[2] == CellText(original="Lee", current="", edits=lee_moved)
    assert s2.cells[2] == CellText(original="", current="Lee", edits=lee_moved)


def test_a_row_inserted_under_track_changes_is_new_with_its_author(tmp_path):
    (legal,) = read("row_inserted", tmp_path).tables
    added = legal.rows[2]
    assert (added.state, added.edits) == ("inserted", (dana("inserted", at(21, 14, 2)),))
    assert texts(added) == [("", ""), ("", "Procurement sign-off"), ("", "Ana")]
    # the text typed a minute later, then the paragraph mark, which ends the paragraph
    assert added.cells[1].edits == (dana("inserted", at(21, 14, 3)), dana("inserted", at(21, 14, 2)))
    assert [row.state for row in legal.rows] == ["kept", "kept", "inserted"]


def test_a_row_deleted_under_track_changes_keeps_its_old_text(tmp_path):
    _, gone, kept = read("row_deleted", tmp_path).tables[0].rows
    assert (gone.state, gone.edits) == ("deleted", (dana("deleted", at(21, 14, 10)),))
    assert texts(gone) == [("L2", ""), ("Security questionnaire, second round", "")]
    assert gone.cells[0].edits == (dana("deleted", at(21, 14, 10)),)
    assert (kept.state, texts(kept)[0]) == ("kept", ("L3", "L3"))


def test_a_cell_edited_by_two_authors_lists_each_distinct_edit_once_in_order(tmp_path):
    (row,) = read("two_authors", tmp_path).tables[0].rows
    assert row.cells[1] == CellText(
        original="open", current="blocked until the DPA is signed.",
        edits=(dana("deleted", at(20, 9, 30)), dana("inserted", at(20, 9, 30)),
               TrackedEdit(kind="inserted", author="Lee Seller", date=at(22, 16, 45))))


def test_rows_inside_a_tracked_change_take_its_state(tmp_path):
    row = '<w:tr><w:tc><w:p><w:r><w:t>{}</w:t></w:r></w:p></w:tc></w:tr>'
    body = (f'<w:tbl>{row.format("S1")}'
            f'<w:del w:id="1" w:author="Dana Buyer" w:date="2026-11-20T09:30:00">{row.format("S2")}</w:del>'
            f'<w:ins w:id="1" w:author="Lee Seller">{row.format("S3")}</w:ins></w:tbl>')
    kept, gone, added = read_word(write_docx(tmp_path / "rows.docx",
                                             {"document": document(body)})).tables[0].rows
    assert (kept.state, texts(kept)) == ("kept", [("S1", "S1")])
    # no Z in the date: a time without a zone, as written
    assert (gone.state, texts(gone), gone.edits) == (
        "deleted", [("S2", "")], (TrackedEdit("deleted", "Dana Buyer", dt.datetime(2026, 11, 20, 9, 30)),))
    assert (added.state, texts(added), added.edits) == (
        "inserted", [("", "S3")], (TrackedEdit("inserted", "Lee Seller", None),))


def test_google_export_content_controls_around_rows_cells_and_runs(tmp_path):
    (workstream,) = read("google_row_sdt", tmp_path).tables
    assert workstream.heading == "Security review"
    header, s1 = workstream.rows
    assert texts(header) == [("Code", "Code"), ("Step", "Step"), ("Status", "Status")]
    assert texts(s1) == [("S1", "S1"), ("Send the questionnaire", "Send the questionnaire"),
                         ("open", "done")]
    assert s1.cells[2].edits == (dana("deleted", at(20, 9, 30)), dana("inserted", at(20, 9, 30)))


def test_custom_xml_and_content_controls_around_tables_rows_cells_and_runs(tmp_path):
    onboarding, rollout = read("custom_xml", tmp_path).tables
    assert (onboarding.number, onboarding.heading) == (1, "Onboarding")
    assert [texts(row) for row in onboarding.rows] == [
        [("Code", "Code"), ("Step", "Step")], [("O1", "O1"), ("Kick-off call", "Kick-off call")]]
    # a paragraph of spaces is no heading
    assert (rollout.number, rollout.heading) == (2, "Rollout")
    assert texts(rollout.rows[0]) == [("R1", "R1"), ("Pilot with ten users", "Pilot with ten users")]


def test_a_nested_table_gives_its_text_edits_and_comments_to_its_cell(tmp_path):
    word = read("nested_table", tmp_path)
    (outer,) = word.tables
    s5, s6 = outer.rows
    assert s5.cells[1] == CellText(
        original="Send the certificates:\nSOC 2\n2025\nISO 27001\n2024",
        current="Send the certificates:\nSOC 2\n2025\nISO 27001\n2026",
        edits=(dana("deleted", at(20, 10, 0)), dana("inserted", at(20, 10, 0))))
    assert (s5.comment_ids, s6.comment_ids) == (("7",), ())
    assert [(c.id, c.text) for c in word.comments] == [("7", "The 2026 audit is under way.")]
    assert texts(s6) == [("S6", "S6"), ("Book the pen test", "Book the pen test")]


# -- comments -----------------------------------------------------------------------------------

def test_a_comment_belongs_to_every_row_it_is_open_started_or_referenced_in(tmp_path):
    rows = read("comments_span_rows", tmp_path).tables[0].rows
    assert [row.comment_ids for row in rows] == [
        ("4",),            # header row: opened in the heading above, closed here
        ("0", "1"),        # S1: the comment and its reply start here
        ("0", "1", "3"),   # S2: inside their range; comment 3 is only referenced here
        ("0", "1"),        # S3: their range ends here
        ("2",),            # S4
        (),                # S5
    ]


def test_comments_with_replies_and_resolution_from_comments_extended(tmp_path):
    assert read("comments_span_rows", tmp_path).comments == (
        Comment(id="0", author="Dana Buyer", initials="DB", date=at(20, 10, 0),
                text="These three depend on the DPA.", parent_id=None, done=False),
        Comment(id="1", author="Lee Seller", initials="LS", date=at(20, 11, 15),
                text="Agreed: the DPA goes first.", parent_id="0", done=False),
        # resolved; its thread entry names its last paragraph (the ids' case differs)
        Comment(id="2", author="Dana Buyer", initials="DB", date=at(21, 8, 0),
                text="Booked for 3 December.\nNothing else needed.", parent_id=None, done=True),
        Comment(id="3", author="Ana Ops", initials="AO", date=None, text="Which vendor?",
                parent_id=None, done=False),
        Comment(id="4", author="Lee Seller", initials="LS", date=None,
                text='Renamed from "Infosec".', parent_id=None, done=False),
    )


def test_what_libreoffice_writes_under_track_changes_reads_back(tmp_path):
    word = read("libreoffice_edited", tmp_path)
    (workstream,) = word.tables
    edited_at = dt.datetime(2026, 12, 1, 16, 59, 39, tzinfo=UTC)
    header, s1, s2, added, gone = workstream.rows
    assert texts(header) == [("Code", "Code"), ("Step", "Step"), ("Owner", "Owner"),
                             ("Status", "Status")]
    assert s1.cells[3] == CellText(original="open", current="in progress", edits=(
        dana("deleted", edited_at), dana("inserted", edited_at)))
    # a new paragraph typed in a cell: its mark and its text are inserted
    assert s1.cells[1] == CellText(original="Send the questionnaire",
                                   current="Send the questionnaire\nand the SIG lite",
                                   edits=(dana("inserted", edited_at),))
    # LibreOffice puts the comment's end inside an (empty) insertion: the comment
    # is anchored in S2, and the empty insertion is no edit of the cell
    assert (s2.comment_ids, s2.cells[1].edits) == (("0",), ())
    assert (added.state, texts(added)) == ("inserted", [("", ""), ("", "Legal sign-off"),
                                                        ("", "Ana"), ("", "open")])
    assert (gone.state, texts(gone)) == ("deleted", [("S3", ""), ("Sign the DPA", ""),
                                                     ("Dana", ""), ("open", "")])
    assert added.edits == (dana("inserted", edited_at),) and gone.edits == (dana("deleted", edited_at),)
    # LibreOffice fills the empty cell of a row it inserts with an inserted zero-width joiner
    assert added.cells[0] == CellText(original="", current="", edits=(dana("inserted", edited_at),))
    # no commentsExtended.xml, and "0-00-00T00:00:00Z" for the comment's date
    assert word.comments == (Comment(id="0", author="Dana Buyer", initials="DB", date=None,
                                     text="Can Lee send it by Friday?", parent_id=None,
                                     done=False),)
    assert word.footer_text == "Deal corvane · version 3 · document 1a2b3c4d5e6f"
    assert word.properties == {"dealroom.deal": "corvane", "dealroom.version": "3"}
    assert word.track_changes is True


# -- footer, properties, settings -----------------------------------------------------------------

def test_footers_properties_and_track_changes_say_which_document_it_is(tmp_path):
    word = read("identity", tmp_path)
    # the default footer and the even pages' one; the empty first-page footer adds nothing
    assert word.footer_text == ("Deal corvane-quillstone · version 3 · document 1a2b3c4d5e6f 1"
                                "\nConfidential")
    assert identity_in(word.footer_text) == Identity(deal_id="corvane-quillstone", version=3,
                                                     document_id="1a2b3c4d5e6f")
    assert word.properties == {"dealroom.deal": "corvane-quillstone", "dealroom.version": "3",
                               "dealroom.document": "1a2b3c4d5e6f", "Reviewed": "true"}
    assert word.track_changes is True
    # the third table follows the second with only an empty paragraph between
    assert [(t.number, t.heading) for t in word.tables] == [
        (1, "Security review"), (2, "Legal"), (3, "Legal")]


@pytest.mark.parametrize("setting, on", [
    ("<w:trackRevisions/>", True),
    ('<w:trackRevisions w:val="1"/>', True),
    ('<w:trackRevisions w:val="true"/>', True),
    ('<w:trackRevisions w:val="false"/>', False),
    ('<w:trackRevisions w:val="0"/>', False),
    ('<w:zoom w:percent="100"/>', False),
])
def test_track_changes_is_read_from_the_settings(setting, on, tmp_path):
    settings = f'<w:settings xmlns:w="{W_NAMESPACE}">{setting}</w:settings>'
    path = write_docx(tmp_path / "plan.docx", {"document": document(table(("S1",))),
                                               "settings": settings})
    assert read_word(path).track_changes is on


def test_parts_are_found_through_the_documents_relationships_whatever_their_names(tmp_path):
    office = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
    relations = (
        '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        f'<Relationship Id="a" Type="{office}/footer" Target="/word/bottom.xml"/>'
        f'<Relationship Id="b" Type="{office}/footer" Target="../word/parts/end.xml"/>'
        f'<Relationship Id="c" Type="{office}/hyperlink" Target="https://example.com" TargetMode="External"/>'
        f'<Relationship Id="d" Type="{office}/settings" Target="prefs.xml"/></Relationships>')
    footer = f'<w:ftr xmlns:w="{W_NAMESPACE}"><w:p><w:r><w:t>{{}}</w:t></w:r></w:p></w:ftr>'
    path = tmp_path / "renamed.docx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("word/document.xml", document(table(("S1",))))
        archive.writestr("word/_rels/document.xml.rels", relations)
        archive.writestr("word/bottom.xml", footer.format("Deal corvane"))
        archive.writestr("word/parts/end.xml", footer.format("page 2"))
        archive.writestr("word/footer1.xml", footer.format("not related: not read"))
        archive.writestr("word/prefs.xml", f'<w:settings xmlns:w="{W_NAMESPACE}"><w:trackRevisions/></w:settings>')
    word = read_word(path)
    assert (word.footer_text, word.track_changes) == ("Deal corvane\npage 2", True)


def test_parts_are_found_by_their_usual_names_without_the_documents_relationships(tmp_path):
    parts = {"document": (FIXTURES / "identity.xml").read_text(encoding="utf-8")}
    for short in ("footer1", "settings", "custom"):
        parts[short] = (FIXTURES / f"identity.{short}.xml").read_text(encoding="utf-8")
    word = read_word(write_docx(tmp_path / "bare.docx", parts, relate=False))
    assert word.footer_text.startswith("Deal corvane-quillstone · version 3")
    assert (word.track_changes, word.properties["dealroom.version"]) == (True, "3")


def test_a_document_without_tables_comments_or_other_parts(tmp_path):
    path = write_docx(tmp_path / "empty.docx", {"document": document("<w:p/>")})
    word = read_word(path)
    assert (word.tables, word.comments, word.footer_text, word.properties,
            word.track_changes) == ((), (), "", {}, False)


# -- files that are not Word documents ----------------------------------------------------------

def test_a_file_that_is_not_a_zip_package_is_no_word_document(tmp_path):
    path = tmp_path / "plan.docx"
    path.write_bytes(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
    assert refused(path) == (f"{path}: is not a Word document (.docx): it is not a zip package, "
                             "as every .docx is")
    assert DocumentError.exit_status == 1


def test_an_old_or_password_protected_word_file_is_named_as_such(tmp_path):
    path = tmp_path / "plan.docx"
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504))
    assert refused(path) == (f"{path}: is not a Word document (.docx): it is a Word 97-2003 "
                             "document (.doc) or a password-protected one; save it as a Word "
                             "Document (.docx) without a password")


def test_a_zip_cut_short_is_a_damaged_document(tmp_path):
    whole = fixture_docx("tracked_cell_edit", tmp_path).read_bytes()
    path = tmp_path / "cut.docx"
    path.write_bytes(whole[: len(whole) // 2])
    assert refused(path) == (f"{path}: is a damaged Word document: its zip package has no index "
                             "(was it cut short in a download or a copy?)")


def test_a_zip_with_a_damaged_index_is_a_damaged_document(tmp_path):
    whole = fixture_docx("tracked_cell_edit", tmp_path).read_bytes()
    path = tmp_path / "damaged.docx"
    path.write_bytes(whole.replace(b"PK\x01\x02", b"PK\x01\x07", 1))
    assert refused(path) == (f"{path}: is a damaged Word document: its zip index cannot be read "
                             "(Bad magic number for central directory)")


def test_a_part_failing_its_checksum_is_a_damaged_document(tmp_path):
    path = tmp_path / "crc.docx"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_STORED) as archive:
        archive.writestr("word/document.xml", document(table(("Security review",))))
    path.write_bytes(path.read_bytes().replace(b"Security review", b"Sekurity review"))
    assert refused(path) == (f"{path}: is a damaged Word document: word/document.xml cannot be "
                             "unpacked (Bad CRC-32 for file 'word/document.xml')")


def test_a_zip_without_the_document_part_is_no_word_document(tmp_path):
    path = tmp_path / "sheet.docx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("xl/workbook.xml", "<workbook/>")
    assert refused(path) == f"{path}: is not a Word document (.docx): it has no word/document.xml"


def test_a_strict_open_xml_document_is_named_as_such(tmp_path):
    strict = ('<w:document xmlns:w="http://purl.oclc.org/ooxml/wordprocessingml/main">'
              "<w:body/></w:document>")
    path = write_docx(tmp_path / "strict.docx", {"document": strict})
    assert refused(path) == (
        f"{path}: is not a Word document (.docx): word/document.xml holds "
        "{http://purl.oclc.org/ooxml/wordprocessingml/main}document instead of "
        "WordprocessingML's document (a Strict Open XML file? save it as a Word Document)")


# -- hostile packages -----------------------------------------------------------------------------

def test_a_zip_bomb_is_stopped_once_64_mb_are_unpacked(tmp_path):
    path = tmp_path / "bomb.docx"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("word/document.xml", b"<w:document>" + b" " * (65 * 1024 * 1024))
    assert path.stat().st_size < 200_000
    assert refused(path) == (f"{path}: is refused: its parts unpack to more than 64 MB (stopped "
                             "in word/document.xml); a deal room document unpacks to far less "
                             "(a zip bomb?)")


def test_the_unpacked_bytes_of_all_parts_count_together(tmp_path, monkeypatch):
    monkeypatch.setattr(docx_package, "UNPACKED_MAX_BYTES", 4_000)
    filler = "<w:p/>" * 400  # 2,400 bytes in each part
    comments = f'<w:comments xmlns:w="{W_NAMESPACE}">{filler}</w:comments>'
    path = write_docx(tmp_path / "parts.docx", {"document": document(filler), "comments": comments})
    assert "its parts unpack to more than 0 MB (stopped in word/comments.xml)" in refused(path)


def test_a_package_with_too_many_parts_is_refused(tmp_path):
    path = tmp_path / "parts.docx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("word/document.xml", document(""))
        for number in range(2_000):
            archive.writestr(f"word/media/image{number}.png", b"")
    assert refused(path) == (f"{path}: is refused: its zip package has 2,001 parts; a Word document "
                             "has a few dozen parts (at most 2,000 are read)")


def test_a_zip_index_over_1_mb_is_refused_before_it_is_parsed(tmp_path):
    path = tmp_path / "index.docx"
    with zipfile.ZipFile(path, "w") as archive:
        for number in range(1_000):
            archive.writestr(f"word/{number:04}" + "x" * 1_000, b"")
    assert refused(path) == (f"{path}: is refused: its zip package has an index of 1,055,000 "
                             "bytes; a Word document has a few dozen parts (at most 2,000 are "
                             "read)")


def test_a_part_with_too_many_tags_is_refused_before_it_is_parsed(tmp_path, monkeypatch):
    monkeypatch.setattr(docx_package, "XML_TAGS_MAX", 50)
    path = write_docx(tmp_path / "tags.docx", {"document": document("<w:p/>" * 50)})
    assert refused(path) == (f"{path}: is refused: word/document.xml holds more than 50 XML tags; "
                             "a deal room document holds far fewer")


DOCTYPE_REFUSED = ("declares a DOCTYPE (which can define entities); Word, LibreOffice and Google "
                   "Docs never write one")


@pytest.mark.parametrize("prolog, body", [
    ('<!DOCTYPE w:document [<!ENTITY deal "Corvane">]>', "&deal;"),
    ('<!DOCTYPE w:document [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">'
     '<!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;"><!ENTITY d "&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;">'
     '<!ENTITY e "&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;"><!ENTITY f "&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;">]>',
     "&f;&f;&f;&f;&f;&f;&f;&f;&f;&f;"),
    ('<!DOCTYPE w:document SYSTEM "http://127.0.0.1:9/dealroom.dtd">', ""),
], ids=["internal entity", "billion laughs", "external DTD"])
def test_xml_with_a_doctype_is_refused(prolog, body, tmp_path):
    text = document(table((body or "S1",)))
    text = text.replace("?>\n", f"?>\n{prolog}\n", 1)
    path = write_docx(tmp_path / "entities.docx", {"document": text})
    assert refused(path) == f"{path}: is refused: word/document.xml {DOCTYPE_REFUSED}"


def test_an_external_entity_is_neither_read_nor_shown(tmp_path):
    secret = tmp_path / "secret.txt"
    secret.write_text("the seller's floor price", encoding="utf-8")
    comments = (f'<?xml version="1.0"?>\n<!DOCTYPE w:comments [<!ENTITY x SYSTEM "{secret.as_uri()}">]>'
                f'<w:comments xmlns:w="{W_NAMESPACE}"><w:comment w:id="0"><w:p><w:r><w:t>&x;'
                "</w:t></w:r></w:p></w:comment></w:comments>")
    path = write_docx(tmp_path / "xxe.docx", {"document": document(table(("S1",))),
                                              "comments": comments})
    message = refused(path)
    assert message == f"{path}: is refused: word/comments.xml {DOCTYPE_REFUSED}"
    assert "floor price" not in message


def test_malformed_xml_names_the_part_line_and_column(tmp_path):
    broken = f'<?xml version="1.0"?>\n<w:document xmlns:w="{W_NAMESPACE}">\n<w:body><w:p></w:body>\n</w:document>'
    path = write_docx(tmp_path / "broken.docx", {"document": broken})
    assert refused(path) == (f"{path}: is a damaged Word document: word/document.xml is not "
                             "well-formed XML (line 3, column 23: Opening and ending tag mismatch: "
                             "p line 3 and body)")


def test_malformed_xml_in_another_part_names_that_part(tmp_path):
    path = write_docx(tmp_path / "broken.docx", {"document": document(table(("S1",))),
                                                 "settings": "<w:settings"})
    assert refused(path).startswith(f"{path}: is a damaged Word document: word/settings.xml is not "
                                    "well-formed XML (line 1, column")


def test_text_nested_200_controls_deep_is_read(tmp_path):
    paragraph = "<w:p><w:r><w:t>deep</w:t></w:r></w:p>"
    cell = "<w:sdt><w:sdtContent>" * 100 + paragraph + "</w:sdtContent></w:sdt>" * 100
    body = f"<w:tbl><w:tr><w:tc>{cell}</w:tc></w:tr></w:tbl>"
    path = write_docx(tmp_path / "deep.docx", {"document": document(body)})
    assert read_word(path).tables[0].rows[0].cells[0].current == "deep"


def test_xml_nested_deeper_than_256_elements_is_refused(tmp_path):
    cell = "<w:sdt><w:sdtContent>" * 130 + "<w:p/>" + "</w:sdtContent></w:sdt>" * 130
    body = f"<w:tbl><w:tr><w:tc>{cell}</w:tc></w:tr></w:tbl>"
    path = write_docx(tmp_path / "deep.docx", {"document": document(body)})
    assert refused(path).startswith(f"{path}: is a damaged Word document: word/document.xml is not "
                                    "well-formed XML (line 2, column")
    assert "Excessive depth in document: 256" in refused(path)


def test_a_cell_over_20000_characters_names_its_table_row_and_cell(tmp_path):
    rows = [("S1", "short")] * 3 + [("S4", "x" * (CELL_MAX_CHARACTERS + 1))]
    body = table(("A",)) + "<w:p/>" + table(("B",)) + "<w:p/>" + table(*rows)
    path = write_docx(tmp_path / "long.docx", {"document": document(body)})
    assert refused(path) == (f"{path}: table 3, row 4, cell 2 holds 20,001 characters; a cell may "
                             "hold at most 20,000 (is this a deal room document?)")


def test_a_cell_of_exactly_20000_characters_is_read(tmp_path):
    path = write_docx(tmp_path / "long.docx", {"document": document(table(("x" * 20_000,)))})
    assert len(read_word(path).tables[0].rows[0].cells[0].current) == 20_000


def test_a_file_over_20_mb_is_refused_unread(tmp_path):
    path = tmp_path / "huge.docx"
    with open(path, "wb") as handle:
        handle.truncate(20 * 1024 * 1024 + 1)  # sparse: nothing is written or read
    assert refused(path) == (f"{path}: is refused: the file is 20,971,521 bytes; a Word document "
                             "to import may be at most 20 MB (20,971,520 bytes)")


# -- files that cannot be read ------------------------------------------------------------------

def usage_error(path: Path) -> str:
    with pytest.raises(UsageError) as caught:
        read_word(path)
    assert caught.value.exit_status == 2
    return str(caught.value)


def test_a_missing_file_is_a_usage_error(tmp_path):
    assert usage_error(tmp_path / "plan.docx") == f"{tmp_path / 'plan.docx'}: no such file"


def test_a_folder_is_a_usage_error(tmp_path):
    assert usage_error(tmp_path) == f"{tmp_path}: is a folder, not a Word document"


def test_a_named_pipe_is_refused_without_waiting_for_a_writer(tmp_path):
    pipe = tmp_path / "plan.docx"
    os.mkfifo(pipe)
    assert usage_error(pipe) == (f"{pipe}: is not a regular file (a pipe, a device or a socket); "
                                 "give the path of a Word document (.docx)")


def test_an_unreadable_file_is_a_usage_error(tmp_path):
    """Run in a process that permission bits apply to (as root: without root's
    capabilities over them, see tests/test_store.py)."""
    import subprocess
    import sys

    from quality import unavailable
    from test_store import _unprivileged_prefix

    path = fixture_docx("tracked_cell_edit", tmp_path)
    path.chmod(0)
    prefix = _unprivileged_prefix()
    if isinstance(prefix, str):
        unavailable(prefix)
    read = ("import sys\nfrom generator.errors import UsageError\n"
            "from generator.readers.word_xml import read_word\n"
            "try:\n    read_word(__import__('pathlib').Path(sys.argv[1]))\n"
            "except UsageError as error:\n    print(error.exit_status, error)")
    done = subprocess.run([*prefix, sys.executable, "-c", read, str(path)], cwd="/",
                          capture_output=True, text=True, timeout=120)
    assert done.stdout.strip() == f"2 {path}: cannot be read (Permission denied)", done.stderr



def test_a_merged_cell_says_how_many_grid_columns_it_spans(tmp_path):
    merged = ('<w:tc><w:tcPr><w:gridSpan w:val="2"/></w:tcPr><w:p><w:r><w:t>Send it</w:t></w:r>'
              '</w:p><w:p><w:r><w:t>Lee</w:t></w:r></w:p></w:tc>')
    body = ("<w:tbl><w:tr>" + "".join(f"<w:tc><w:p><w:r><w:t>{h}</w:t></w:r></w:p></w:tc>"
                                      for h in ("Code", "Step", "Owner", "Due"))
            + "</w:tr><w:tr><w:trPr><w:gridBefore w:val=\"1\"/></w:trPr>" + merged
            + "<w:tc><w:p><w:r><w:t>4 Dec</w:t></w:r></w:p></w:tc></w:tr></w:tbl>")
    (found,) = read_word(write_docx(tmp_path / "merged.docx", {"document": document(body)})).tables
    row = found.rows[1]
    assert (row.skipped, [(cell.current, cell.span) for cell in row.cells]) == (
        1, [("Send it\nLee", 2), ("4 Dec", 1)])


def test_a_cell_that_continues_a_vertical_merge_says_so(tmp_path):
    def cell(text: str, merge: str | None) -> str:
        value = f' w:val="{merge}"' if merge else ""
        properties = "" if merge is None else f"<w:tcPr><w:vMerge{value}/></w:tcPr>"
        return f"<w:tc>{properties}<w:p><w:r><w:t>{text}</w:t></w:r></w:p></w:tc>"

    rows = (("S1", "Slips", "restart"), ("S2", "", ""), ("S3", "Late", None))
    body = ("<w:tbl>" + "".join(f"<w:tr>{cell(code, None)}{cell(text, merge)}</w:tr>"
                                for code, text, merge in rows) + "</w:tbl>")
    (found,) = read_word(write_docx(tmp_path / "vmerge.docx", {"document": document(body)})).tables
    assert [row.cells[1].continues for row in found.rows] == [False, True, False]
