"""The deal room as a Google Doc: what it says (the outline) and the Docs API
requests that write it, checked request by request for a small body and, for
the bundled example, by applying them to a flat model of the Docs index rules
(tests/gdoc_flat.py) and reading the document back.

The workstream tables are a contract with ``dealroom import``
(generator/rendering/editable.py): the expected rows here are made from the
buyer's room the way the contract says.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from gdoc_flat import FlatDocument
from generator.history.snapshot import content_hash, snapshot
from generator.plan.loader import load_plan
from generator.rendering.editable import STEP_COLUMNS, document_id, footer_text, identity_in
from generator.rendering.render import RenderOptions, edition
from generator.writers import gdoc
from generator.writers.gdoc.blocks import Heading, Paragraph, Run, Table
from generator.writers.gdoc.requests import docs_ready
from render_plans import edited_example, plant_canaries

ROOT = Path(__file__).resolve().parent.parent
ENTERPRISE = ROOT / "examples" / "enterprise.yaml"
TODAY = dt.date(2026, 11, 21)
HEADERS = tuple(header for _, header in STEP_COLUMNS)


def edition_of(plan: Path = ENTERPRISE, **options):
    return edition(load_plan(str(plan)), RenderOptions(today=TODAY, **options), "buyer")


def written(shown) -> FlatDocument:
    """A new document, written in the publisher's two batches."""
    document = FlatDocument()
    reply = document.apply(gdoc.document_requests(shown))
    document.apply(gdoc.footer_batch(shown, reply))
    return document


def merged(blocks):
    """Blocks as the document holds them: neighbouring runs of one formatting are one."""
    found = []
    for block in map(docs_ready, blocks):
        if isinstance(block, Paragraph):
            runs: list[Run] = []
            for run in block.runs:
                if runs and (runs[-1].bold, runs[-1].link) == (run.bold, run.link):
                    runs[-1] = runs[-1].replace(text=runs[-1].text + run.text)
                elif run.text:
                    runs.append(run)
            block = block.replace(runs=tuple(runs))
        found.append(block)
    return found


def text_style(start, end, style, fields):
    return {"updateTextStyle": {"range": {"startIndex": start, "endIndex": end},
                                "textStyle": style, "fields": fields}}


def named(start, end, name):
    return {"updateParagraphStyle": {"range": {"startIndex": start, "endIndex": end},
                                     "paragraphStyle": {"namedStyleType": name},
                                     "fields": "namedStyleType,indentStart,indentFirstLine"}}


def insert(text, index):
    return {"insertText": {"text": text, "location": {"index": index}}}


# -- requests for a small body -------------------------------------------------------------


def test_a_table_in_an_empty_body_fills_the_cells_of_the_worked_example_last_first():
    requests = gdoc.body_requests([Table(("Code", "Step"), (("S1", "Sign"),))])
    assert requests[:5] == [
        {"insertTable": {"rows": 2, "columns": 2, "location": {"index": 1}}},
        insert("Sign", 12), insert("S1", 10), insert("Step", 7), insert("Code", 5)]


def test_a_heading_a_paragraph_with_a_bold_run_and_a_table_give_exactly_these_requests():
    blocks = [Heading(1, "Plan"), Paragraph((Run("Due "), Run("soon", bold=True))),
              Table(("A", "B"), (("1", "2"),))]
    # "Plan\nDue soon\n" is 14 units: the table goes in at 15, its cells are the worked
    # example's 5, 7, 10 and 12 moved on by 14.
    assert gdoc.body_requests(blocks) == [
        insert("Plan\nDue soon\n", 1),
        {"insertTable": {"rows": 2, "columns": 2, "location": {"index": 15}}},
        insert("2", 26), insert("1", 24), insert("B", 21), insert("A", 19),
        {"deleteParagraphBullets": {"range": {"startIndex": 1, "endIndex": 15}}},
        text_style(1, 15, {}, "bold,link"),
        named(1, 5, "HEADING_1"),
        named(6, 14, "NORMAL_TEXT"),
        text_style(10, 14, {"bold": True}, "bold"),
        {"deleteParagraphBullets": {"range": {"startIndex": 15, "endIndex": 16}}},
        named(15, 16, "NORMAL_TEXT"),
        text_style(19, 20, {"bold": True}, "bold"),
        text_style(22, 23, {"bold": True}, "bold"),
        {"pinTableHeaderRows": {"tableStartLocation": {"index": 16}, "pinnedHeaderRowsCount": 1}}]


def test_the_last_paragraph_fills_the_bodys_own_last_paragraph():
    requests = gdoc.body_requests([Heading(0, "Title"), Paragraph((Run("Deal x"),))])
    assert requests[0] == insert("Title\nDeal x", 1)
    document = FlatDocument()
    document.apply(requests)
    assert document.body[-7:] == list("Deal x\n")


def test_an_empty_last_paragraph_inserts_no_text_but_is_still_body_text():
    assert gdoc.body_requests([Paragraph(())]) == [
        {"deleteParagraphBullets": {"range": {"startIndex": 1, "endIndex": 2}}},
        named(1, 2, "NORMAL_TEXT")]


def test_links_and_bullets_are_styled_on_their_own_text():
    blocks = [Paragraph((Run("See "), Run("the room", link="https://example.com/r")), bullet=True)]
    assert gdoc.body_requests(blocks)[1:] == [
        {"deleteParagraphBullets": {"range": {"startIndex": 1, "endIndex": 13}}},
        text_style(1, 13, {}, "bold,link"),
        named(1, 13, "NORMAL_TEXT"),
        {"createParagraphBullets": {"range": {"startIndex": 1, "endIndex": 13},
                                    "bulletPreset": "BULLET_DISC_CIRCLE_SQUARE"}},
        text_style(5, 13, {"link": {"url": "https://example.com/r"}}, "link")]


# -- UTF-16 ------------------------------------------------------------------------------------


def test_indexes_count_utf16_code_units_so_an_emoji_counts_two():
    assert gdoc.utf16_len("Go 🚀") == 5
    assert gdoc.utf16_len("Corvane × Quillstone’s é") == 24
    requests = gdoc.body_requests([Heading(1, "Launch 🚀"), Table(("A",), (("🚀",),))])
    # "Launch 🚀\n" is 10 units, so the table goes in at 11 and its cells at 15 and 18.
    assert requests[1] == {"insertTable": {"rows": 2, "columns": 1, "location": {"index": 11}}}
    assert requests[2:4] == [insert("🚀", 18), insert("A", 15)]
    assert named(1, 10, "HEADING_1") in requests


def test_a_body_with_emoji_everywhere_reads_back_as_written():
    blocks = [Heading(0, "🚀 Launch"), Paragraph((Run("𝔘 bold", bold=True), Run(" then 👍"))),
              Table(("Code", "Step 🧪"),
                    (("S1", "Test 🧪 twice 🧪"), ("S2", "two\nlines 🎉"), ("S3", ""))),
              Paragraph((Run("after 🎉"),), bullet=True)]
    document = FlatDocument()
    document.apply(gdoc.body_requests(blocks))
    assert document.blocks() == blocks
    assert document.header_bold(0)


def test_characters_the_docs_api_leaves_out_are_left_out_before_counting():
    blocks = [Paragraph((Run("a\x07b\ue000c"),)), Table(("x\x01",), (("y",),))]
    requests = gdoc.body_requests(blocks)
    assert requests[:2] == [insert("abc\n", 1),
                            {"insertTable": {"rows": 2, "columns": 1, "location": {"index": 5}}}]


# -- emptying an existing document -----------------------------------------------------------


def test_clearing_deletes_the_body_but_its_last_newline_and_the_footers_text():
    document = {"body": {"content": [{"endIndex": 1, "sectionBreak": {}},
                                     {"startIndex": 1, "endIndex": 40},
                                     {"startIndex": 40, "endIndex": 52}]},
                "documentStyle": {"defaultFooterId": "kix.f"},
                "footers": {"kix.f": {"footerId": "kix.f",
                                      "content": [{"startIndex": 0, "endIndex": 30}]}}}
    assert gdoc.clear_requests(document) == [
        {"deleteContentRange": {"range": {"startIndex": 1, "endIndex": 51}}},
        {"deleteContentRange": {"range": {"startIndex": 0, "endIndex": 29, "segmentId": "kix.f"}}}]


def test_an_empty_document_needs_no_clearing():
    document = {"body": {"content": [{"endIndex": 1, "sectionBreak": {}},
                                     {"startIndex": 1, "endIndex": 2}]},
                "documentStyle": {"defaultFooterId": "kix.f"},
                "footers": {"kix.f": {"content": [{"startIndex": 0, "endIndex": 1}]}}}
    assert gdoc.clear_requests(document) == []


def test_the_footer_text_goes_into_the_footer_segment():
    assert gdoc.footer_requests("kix.f", "Deal d · version 2 · document 0123456789ab") == [
        {"insertText": {"text": "Deal d · version 2 · document 0123456789ab",
                        "location": {"index": 0, "segmentId": "kix.f"}}}]


# -- the bundled example -----------------------------------------------------------------------


@pytest.fixture(scope="module")
def example():
    return edition_of()


def test_every_request_has_only_the_fields_the_docs_discovery_document_defines(example):
    schemas = docs_schemas()
    requests = gdoc.document_requests(example) + gdoc.footer_requests("kix.f", "Deal x")
    requests += gdoc.clear_requests(written(example).json())
    for request in requests:
        assert_fits(request, "Request", schemas)
    assert {kind for request in requests for kind in request} == {
        "insertText", "insertTable", "updateParagraphStyle", "updateTextStyle",
        "createParagraphBullets", "pinTableHeaderRows", "createFooter", "deleteContentRange",
        "deleteParagraphBullets"}


def docs_schemas() -> dict:
    import googleapiclient

    shipped = Path(googleapiclient.__file__).parent / "discovery_cache" / "documents"
    return json.loads((shipped / "docs.v1.json").read_text(encoding="utf-8"))["schemas"]


def assert_fits(value, name: str, schemas: dict) -> None:
    """Each key is a property of the schema, each value of its type or enum."""
    for key, item in value.items():
        field = schemas[name]["properties"].get(key)
        assert field is not None, f"{name} has no field {key}"
        if "$ref" in field:
            assert_fits(item, field["$ref"], schemas)
        elif field.get("type") == "integer":
            assert isinstance(item, int) and not isinstance(item, bool), f"{name}.{key}"
        else:
            kind = {"string": str, "boolean": bool}[field["type"]]
            assert isinstance(item, kind), f"{name}.{key}"
            assert item in field.get("enum", [item]), f"{name}.{key} = {item}"


def test_the_drive_file_is_named_after_the_deal(example):
    assert gdoc.title(example) == "Corvane Logistics × Quillstone · mutual action plan"


def test_each_workstream_is_a_table_headed_by_the_step_columns_with_every_task(example):
    blocks = gdoc.outline(example)
    room = example.room
    step_tables = [b for b in blocks if isinstance(b, Table) and b.headers == HEADERS]
    workstreams = [(w, tasks) for w, tasks in room.workstream_tasks() if tasks]
    assert len(step_tables) == len(workstreams) == 6
    for table, (workstream, tasks) in zip(step_tables, workstreams):
        heading = blocks[blocks.index(table) - 1]
        assert heading == Heading(2, workstream.name)
        assert [row[0] for row in table.rows] == [room.code(task) for task in tasks]
        assert table.rows == tuple((room.code(t), t.title, room.owner_names(t), room.due_text(t),
                                    room.status_text(t), t.if_missed or "") for t in tasks)
    codes = {row[0] for table in step_tables for row in table.rows}
    assert codes == set(room.codes.values())


def test_the_outline_says_the_word_documents_sections_in_order(example):
    headings = [b.text for b in gdoc.outline(example) if isinstance(b, Heading) and b.level <= 1]
    assert headings == ["Corvane Logistics × Quillstone", "Why we are doing this",
                        "What happens next", "Timeline", "The plan", "Who is involved",
                        "Risks and open questions", "Revision history"]
    said = json.dumps([b.text for b in gdoc.outline(example) if isinstance(b, Paragraph)],
                      ensure_ascii=False)
    assert "Mutual action plan" in said and "Suggesting mode" in said
    assert "Track Changes" not in said
    assert "web page or its PDF" in said


def test_the_footer_and_the_last_paragraph_say_which_document_it_is(example):
    plan = example.room.plan
    expected = footer_text(_identity(plan, example.room.version))
    document = written(example)
    assert document.footer_text() == expected
    assert document.blocks()[-1] == Paragraph((Run(expected),))
    assert identity_in(document.footer_text()).deal_id == "corvane-quillstone"


def _identity(plan, version):
    from generator.rendering.editable import Identity

    return Identity(deal_id=plan.deal.id, version=version,
                    document_id=document_id(plan.deal.id, version, content_hash(snapshot(plan))))


def test_the_written_document_reads_back_as_its_outline(example):
    document = written(example)
    assert document.blocks() == merged(gdoc.outline(example))
    assert all(document.header_bold(n) for n in range(len(document.tables)))


def test_writing_again_over_the_document_gives_the_same_document(example):
    first, again = written(example), written(example)
    requests = gdoc.document_requests(example, first.json())
    assert {"createFooter": {"type": "DEFAULT"}} not in requests
    reply = first.apply(requests)
    assert gdoc.footer_batch(example, reply) == []
    assert first.blocks() == again.blocks()
    assert first.footer_text() == again.footer_text()


def test_a_document_whose_footer_was_removed_gets_a_new_one(example):
    old = written(example)
    document = old.json()
    del document["documentStyle"]["defaultFooterId"]
    old.footer = None
    requests = gdoc.document_requests(example, document)
    assert requests[-1] == {"createFooter": {"type": "DEFAULT"}}
    reply = old.apply(requests)
    old.apply(gdoc.footer_batch(example, reply))
    assert old.footer_text() == old.blocks()[-1].text


def test_a_draft_says_so_in_its_footer(tmp_path):
    draft = edition_of(draft=True)
    assert "draft, not published" in written(draft).footer_text()


def test_nothing_seller_only_reaches_any_request(tmp_path):
    canaries = []
    plan = tmp_path / "plan.yaml"
    plan.write_text(edited_example(lambda tree: canaries.extend(plant_canaries(tree))),
                    encoding="utf-8")
    shown = edition_of(plan)
    sent = json.dumps(gdoc.document_requests(shown)) + json.dumps(
        gdoc.footer_batch(shown, {"replies": [{"createFooter": {"footerId": "f"}}]}))
    assert len(canaries) > 30
    assert "CANARY" not in sent
    assert "Corvane" in sent


def test_a_versions_note_and_changes_are_one_line_each_in_its_history_cell():
    from types import SimpleNamespace

    from generator.writers.gdoc.outline import changes_text

    room = SimpleNamespace(change_text=lambda change: f"{change} moved")
    later = SimpleNamespace(note="After **the** call", changes=("S3", "S4"))
    assert changes_text(room, later, last=False) == "After the call\nS3 moved\nS4 moved"
    first = SimpleNamespace(note=None, changes=())
    assert changes_text(room, first, last=True) == "First version of the plan."
