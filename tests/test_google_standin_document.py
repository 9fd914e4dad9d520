"""The stand-in's document model: batchUpdate edits, UTF-16 indexes and suggestion views, without HTTP."""

import pytest

from tests.google_standin import buyer
from tests.google_standin.content import RequestError
from tests.google_standin.document import Document


def body_outline(doc, mode="SUGGESTIONS_INLINE"):
    """(start, end, text) of each body paragraph, and ("table", start, end, [cell texts]) of each table."""
    shape = []
    for element in doc.as_json(mode)["body"]["content"][1:]:
        if "paragraph" in element:
            shape.append((element["startIndex"], element["endIndex"], _text(element)))
        else:
            cells = ["".join(_text(part) for part in cell["content"])
                     for row in element["table"]["tableRows"] for cell in row["tableCells"]]
            shape.append(("table", element["startIndex"], element["endIndex"], cells))
    return shape


def _text(element):
    return "".join(run["textRun"]["content"] for run in element["paragraph"]["elements"])


def made(*requests):
    doc = Document("doc1", "Plan")
    doc.apply(list(requests))
    return doc


def insert(text, index=None, segment_id=""):
    if index is None:
        return {"insertText": {"text": text, "endOfSegmentLocation": {"segmentId": segment_id}}}
    return {"insertText": {"text": text, "location": {"index": index, "segmentId": segment_id}}}


def delete(start, end, segment_id=""):
    return {"deleteContentRange": {"range": {"startIndex": start, "endIndex": end, "segmentId": segment_id}}}


TABLE_AT_1 = {"insertTable": {"rows": 2, "columns": 2, "location": {"index": 1}}}


def test_a_new_document_is_one_empty_paragraph_after_the_section_break():
    content = Document("doc1").as_json()["body"]["content"]
    assert content[0] == {"endIndex": 1, "sectionBreak": {"sectionStyle": {}}}
    assert body_outline(Document("doc1")) == [(1, 2, "\n")]


def test_indexes_count_utf16_code_units():
    doc = made(insert("Pilot 🚀 ok\nNext\n", 1))
    assert body_outline(doc) == [(1, 13, "Pilot 🚀 ok\n"), (13, 18, "Next\n"), (18, 19, "\n")]


def test_inserted_text_takes_the_style_of_the_text_before_it():
    doc = made(insert("Bold", 1), {"updateTextStyle": {"range": {"startIndex": 1, "endIndex": 5},
                                                      "textStyle": {"bold": True}, "fields": "bold"}}, insert("er", 5))
    [run, newline] = doc.as_json()["body"]["content"][1]["paragraph"]["elements"]
    assert run["textRun"] == {"content": "Bolder", "textStyle": {"bold": True}}


def test_split_paragraphs_keep_the_style_of_the_one_split():
    doc = made(insert("AB", 1), {"updateParagraphStyle": {"range": {"startIndex": 1, "endIndex": 2},
                                                         "paragraphStyle": {"namedStyleType": "HEADING_2"},
                                                         "fields": "namedStyleType"}}, insert("\n", 2))
    styles = [element["paragraph"]["paragraphStyle"]["namedStyleType"] for element in doc.as_json()["body"]["content"][1:]]
    assert body_outline(doc) == [(1, 3, "A\n"), (3, 5, "B\n")] and styles == ["HEADING_2", "HEADING_2"]


def test_text_and_tables_go_to_the_end_of_the_segment():
    doc = made(insert("Steps"), {"insertTable": {"rows": 1, "columns": 1, "endOfSegmentLocation": {}}}, insert("x"))
    assert body_outline(doc) == [(1, 7, "Steps\n"), ("table", 7, 11, ["\n"]), (11, 13, "x\n")]


def test_text_cannot_go_at_a_table_start_or_a_cell_boundary():
    for index in (2, 3, 4):
        with pytest.raises(RequestError, match=f"Index {index} is"):
            made(TABLE_AT_1, insert("x", index))
    with pytest.raises(RequestError, match="must be less than the end index of the referenced segment, 14"):
        made(TABLE_AT_1, insert("x", 14))


def test_deleting_text_within_and_across_paragraphs():
    doc = made(insert("Alpha\nBeta\nGamma", 1), delete(2, 4))
    assert body_outline(doc) == [(1, 5, "Aha\n"), (5, 10, "Beta\n"), (10, 16, "Gamma\n")]
    doc.apply([delete(3, 7)])
    assert body_outline(doc) == [(1, 6, "Ahta\n"), (6, 12, "Gamma\n")]


def test_deleting_across_paragraphs_keeps_the_first_paragraphs_style():
    doc = made(insert("Head\nBody", 1), {"updateParagraphStyle": {"range": {"startIndex": 1, "endIndex": 2},
                                                                  "paragraphStyle": {"namedStyleType": "TITLE"},
                                                                  "fields": "namedStyleType"}}, delete(3, 8))
    [paragraph] = doc.as_json()["body"]["content"][1:]
    assert _text(paragraph) == "Hedy\n" and paragraph["paragraph"]["paragraphStyle"]["namedStyleType"] == "TITLE"


def test_a_range_covering_a_whole_table_deletes_it():
    doc = made(insert("Intro", 1), {"insertTable": {"rows": 2, "columns": 2, "location": {"index": 6}}})
    assert body_outline(doc)[1] == ("table", 7, 18, ["\n"] * 4)
    doc.apply([delete(7, 18)])
    assert body_outline(doc) == [(1, 7, "Intro\n"), (7, 8, "\n")]


def test_text_in_one_cell_can_be_deleted_but_not_its_final_newline_nor_part_of_a_table():
    doc = made(TABLE_AT_1, insert("Owner", 5), delete(5, 7))
    assert body_outline(doc)[1] == ("table", 2, 16, ["ner\n", "\n", "\n", "\n"])
    with pytest.raises(RequestError, match="final newline of a segment or table cell"):
        doc.apply([delete(8, 9)])
    with pytest.raises(RequestError, match="deletes part of a table"):
        doc.apply([delete(5, 11)])
    with pytest.raises(RequestError, match="final newline of a segment"):
        doc.apply([delete(16, 17)])


def test_footers_are_their_own_segment_from_index_zero():
    doc = Document("doc1")
    [reply] = doc.apply([{"createFooter": {"type": "DEFAULT"}}])
    footer_id = reply["createFooter"]["footerId"]
    doc.apply([insert("Deal D-7", 0, footer_id)])
    footer = doc.as_json()["footers"][footer_id]
    assert footer["footerId"] == footer_id and footer["content"][0]["endIndex"] == 9
    assert doc.as_json()["documentStyle"] == {"defaultFooterId": footer_id}
    with pytest.raises(RequestError, match="footer of type DEFAULT already exists"):
        doc.apply([{"createFooter": {"type": "DEFAULT"}}])


def test_bullets_links_and_table_styles_are_stored():
    doc = made(TABLE_AT_1, insert("Read", 1), {"createParagraphBullets": {"range": {"startIndex": 1, "endIndex": 2},
                                                                          "bulletPreset": "BULLET_DISC_CIRCLE_SQUARE"}},
               {"updateTextStyle": {"range": {"startIndex": 1, "endIndex": 5},
                                    "textStyle": {"link": {"url": "https://acme.example"}}, "fields": "link"}},
               {"updateTableColumnProperties": {"tableStartLocation": {"index": 6}, "columnIndices": [0],
                                                "tableColumnProperties": {"widthType": "FIXED_WIDTH"},
                                                "fields": "widthType"}},
               {"updateTableCellStyle": {"tableStartLocation": {"index": 6},
                                         "tableCellStyle": {"paddingTop": {"magnitude": 2, "unit": "PT"}},
                                         "fields": "paddingTop"}})
    content = doc.as_json()["body"]["content"]
    first = content[1]["paragraph"]
    assert first["bullet"]["listId"] in doc.as_json()["lists"]
    assert first["elements"][0]["textRun"]["textStyle"] == {"link": {"url": "https://acme.example"}}
    table = content[2]["table"]
    assert table["tableStyle"]["tableColumnProperties"][0] == {"widthType": "FIXED_WIDTH"}
    assert table["tableRows"][1]["tableCells"][1]["tableCellStyle"] == {"paddingTop": {"magnitude": 2, "unit": "PT"}}


def test_every_change_gives_a_new_revision_and_a_higher_version():
    doc = Document("doc1")
    revision, version = doc.revision_id, doc.version
    doc.apply([insert("x", 1)])
    assert doc.revision_id != revision and doc.version == version + 1
    buyer.edit_paragraph(doc, "x", "y")
    assert doc.version == version + 2 and body_outline(doc) == [(1, 3, "y\n")]


def test_a_multi_line_suggestion_joins_lines_only_in_the_view_that_drops_it():
    doc = made(TABLE_AT_1, insert("Old", 5))
    buyer.suggest_cell(doc, 1, 0, 0, "New\nLines", "suggest.x")
    assert body_outline(doc, "PREVIEW_WITHOUT_SUGGESTIONS")[1][3][0] == "Old\n"
    assert body_outline(doc, "PREVIEW_SUGGESTIONS_ACCEPTED")[1][3][0] == "New\nLines\n"
    assert body_outline(doc)[1][3][0] == "OldNew\nLines\n"


def test_an_unknown_view_mode_and_an_unknown_request_kind_are_refused():
    with pytest.raises(RequestError, match="suggestionsViewMode"):
        Document("doc1").as_json("PREVIEW")
    with pytest.raises(RequestError, match="requests\\[0\\]: the stand-in does not know the request kind 'mergeTableCells'"):
        made({"mergeTableCells": {}})
