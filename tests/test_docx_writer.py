"""The deal room as a Word document (``--to docx``): read back with python-docx and
lxml as structure, never compared as bytes except with itself.

The workstream tables are a contract with ``dealroom import``
(generator/rendering/editable.py): the expected rows here are made from the
buyer's room the way the contract says, not by the writer's own code.
"""

from __future__ import annotations

import datetime as dt
import io
import os
import re
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from lxml import etree

docx = pytest.importorskip("docx")

from docx.enum.section import WD_ORIENT  # noqa: E402
from docx.table import Table  # noqa: E402
from docx.text.paragraph import Paragraph  # noqa: E402

from generator.history.snapshot import content_hash, snapshot  # noqa: E402
from generator.plan.loader import load_plan  # noqa: E402
from generator.rendering.editable import (DRAFT, PROPERTIES, STEP_COLUMNS, Identity,  # noqa: E402
                                          document_id, footer_text, identity_in)
from generator.rendering.render import RenderOptions, edition, render_files  # noqa: E402
from generator.writers import WRITERS  # noqa: E402
from render_plans import edited_example, plant_canaries  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = sorted((ROOT / "examples").glob("*.yaml"))
ENTERPRISE = ROOT / "examples" / "enterprise.yaml"
DEAL = "corvane-quillstone"
TODAY = dt.date(2026, 11, 21)
W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
HEADERS = [header for _, header in STEP_COLUMNS]
CUSTOM = "http://schemas.openxmlformats.org/officeDocument/2006/custom-properties"
VT = "http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes"


def w(tag: str) -> str:
    return f"{{{W}}}{tag}"


def render(plan: Path = ENTERPRISE, **options) -> bytes:
    options.setdefault("today", TODAY)
    (content,) = render_files(load_plan(str(plan)), [WRITERS["docx"]],
                              RenderOptions(**options)).values()
    return content


def render_text(text: str, tmp_path: Path, **options) -> bytes:
    plan = tmp_path / "plan.yaml"
    plan.write_text(text, encoding="utf-8")
    return render(plan, **options)


def opened(content: bytes):
    return docx.Document(io.BytesIO(content))


def package(content: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


def room_of(plan: Path = ENTERPRISE, **options):
    return edition(load_plan(str(plan)), RenderOptions(today=TODAY, **options), "buyer").room


def blocks(document):
    return list(document.iter_inner_content())


def plan_tables(document) -> list[tuple[Paragraph, Table]]:
    """Every table whose header row starts with Code, with the block before it."""
    found, before = [], None
    for block in blocks(document):
        if isinstance(block, Table) and block.rows[0].cells[0].text == "Code":
            found.append((before, block))
        before = block
    return found


def rows_of(table: Table) -> list[list[str]]:
    return [[cell.text for cell in row.cells] for row in table.rows]


def expected_tables(room) -> list[tuple[str, list[list[str]]]]:
    """What the contract says: per workstream with steps, its name and one row per task."""
    return [(workstream.name, [HEADERS] + [
        [room.code(t), t.title, room.owner_names(t), room.due_text(t), room.status_text(t),
         t.if_missed or ""] for t in tasks])
        for workstream, tasks in room.workstream_tasks() if tasks]


def identity_of(room, version: int | None) -> Identity:
    deal = room.plan.deal.id
    return Identity(deal_id=deal, version=version,
                    document_id=document_id(deal, version, content_hash(snapshot(room.plan))))


def custom_properties(content: bytes) -> dict[str, str]:
    tree = etree.fromstring(package(content)["docProps/custom.xml"])
    return {p.get("name"): p.find(f"{{{VT}}}lpwstr").text for p in tree.iter(f"{{{CUSTOM}}}property")}


def dealroom(*args, cwd: Path) -> subprocess.CompletedProcess:
    env = {**os.environ, "DEALROOM_AUTHOR": "Ethan Cole",
           "PYTHONPATH": os.pathsep.join(filter(None, (str(ROOT), os.environ.get("PYTHONPATH"))))}
    done = subprocess.run([sys.executable, "-m", "generator", *map(str, args)], cwd=cwd, env=env,
                          capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    return done


@pytest.fixture(scope="module")
def published() -> bytes:
    """Version 3 of the enterprise plan, as publish renders it."""
    return render(version=3)


@pytest.fixture(scope="module")
def draft() -> bytes:
    """The enterprise plan with changes not yet published."""
    return render(version=3, draft=True)


@pytest.fixture(scope="module")
def document(published):
    return opened(published)


# -- every plan renders --------------------------------------------------------------------


@pytest.mark.parametrize("plan", EXAMPLES, ids=lambda p: p.stem)
def test_every_example_renders_one_table_per_workstream_with_steps(plan):
    content = render(plan)
    room = room_of(plan)
    assert content.startswith(b"PK")
    tables = plan_tables(opened(content))
    assert [(heading.text, rows_of(table)) for heading, table in tables] == expected_tables(room)


def test_the_file_is_named_after_the_deal_and_the_writer_is_registered():
    files = render_files(load_plan(str(ENTERPRISE)), [WRITERS["docx"]], RenderOptions(today=TODAY))
    assert list(files) == [f"{DEAL}.docx"]
    assert WRITERS["docx"].audience == "buyer"
    assert WRITERS["docx"].file_names(DEAL) == (f"{DEAL}.docx",)


# -- the contract with the importer --------------------------------------------------------


def test_each_workstream_is_a_heading_2_then_a_table_of_exactly_its_tasks(document):
    tables = plan_tables(document)
    assert [(heading.text, rows_of(table)) for heading, table in tables] == expected_tables(room_of())
    assert {heading.style.name for heading, _ in tables} == {"Heading 2"}
    assert sum(len(table.rows) - 1 for _, table in tables) == len(room_of().plan.tasks)


def test_no_other_table_has_a_header_row_starting_with_code(document):
    starts = [table.rows[0].cells[0].text for table in document.tables]
    assert starts.count("Code") == len(plan_tables(document)) == 6
    assert {"Measure", "Risk", "Assumption", "Version"} <= set(starts)


def test_plan_cells_hold_plain_runs_directly_in_one_paragraph(document):
    for _, table in plan_tables(document):
        for cell in table._tbl.iter(w("tc")):
            assert [child.tag for child in cell] in ([w("tcPr"), w("p")], [w("p")])
            paragraph = cell.find(w("p"))
            assert {child.tag for child in paragraph} <= {w("pPr"), w("r")}
            for run in paragraph.iter(w("r")):
                assert {child.tag for child in run} <= {w("rPr"), w("t")}


def test_the_document_has_no_content_control_and_no_bookmark(published):
    body = package(published)["word/document.xml"]
    for tag in (b"<w:sdt>", b"<w:sdt ", b"w:bookmarkStart", b"w:customXml", b"w:fldSimple"):
        assert tag not in body


def test_a_markdown_title_is_written_as_the_plan_has_it_in_the_plan_table(tmp_path):
    text = edited_example(lambda tree: tree["tasks"][0].update(title="Map the **renewal** flow"))
    (heading, table), *_ = plan_tables(opened(render_text(text, tmp_path)))
    assert rows_of(table)[1][1] == "Map the **renewal** flow"


# -- which document it is ------------------------------------------------------------------


def test_every_footer_prints_the_identity_and_page_x_of_y(published, document):
    room = room_of(version=3)
    said = identity_of(room, 3)
    for section in document.sections:
        text = section.footer.paragraphs[0].text
        assert text == f"{footer_text(said)}\tPage 1 of 1"
        assert identity_in(text) == said
        instructions = [t.text.strip() for t in section.footer._element.iter(w("instrText"))]
        assert instructions == ["PAGE", "NUMPAGES"]


def test_a_draft_says_so_in_the_footer_the_title_and_the_header(draft):
    room = room_of(version=3, draft=True)
    document = opened(draft)
    said = identity_in(document.sections[0].footer.paragraphs[0].text)
    assert said == identity_of(room, None)
    assert footer_text(said).startswith(f"Deal {DEAL} · {DRAFT} · document ")
    facts = [p.text for p in document.paragraphs if p.style.name == "Fact"]
    assert facts[0] == "Version\tDraft, not yet published (21 Nov 2026)"
    assert document.sections[0].header.paragraphs[0].text == f"Corvane Logistics × Quillstone · {DRAFT}"


def test_a_published_version_says_its_number(document):
    facts = [p.text for p in document.paragraphs if p.style.name == "Fact"]
    assert facts[:3] == ["Version\t3, 21 Nov 2026", "Signature\t25 Jan 2027", "Go-live\t1 Mar 2027"]
    assert document.sections[0].header.paragraphs[0].text == "Corvane Logistics × Quillstone · version 3"


def test_the_draft_and_the_published_version_are_different_documents(published, draft):
    assert identity_in(opened(published).sections[0].footer.paragraphs[0].text).document_id != \
        identity_in(opened(draft).sections[0].footer.paragraphs[0].text).document_id


def test_custom_properties_say_deal_version_document_and_locale(published):
    said = identity_of(room_of(version=3), 3)
    assert custom_properties(published) == {
        PROPERTIES["deal"]: DEAL, PROPERTIES["version"]: "3",
        PROPERTIES["document"]: said.document_id, PROPERTIES["locale"]: "en_GB"}


def test_a_drafts_custom_properties_have_no_version(draft):
    assert PROPERTIES["version"] not in custom_properties(draft)
    assert custom_properties(draft)[PROPERTIES["document"]] == identity_of(room_of(), None).document_id


def test_custom_properties_are_a_proper_part_with_content_type_and_relationship(published):
    parts = package(published)
    types = etree.fromstring(parts["[Content_Types].xml"])
    overrides = {o.get("PartName"): o.get("ContentType") for o in types}
    assert overrides["/docProps/custom.xml"] == \
        "application/vnd.openxmlformats-officedocument.custom-properties+xml"
    relationships = {r.get("Type").rsplit("/", 1)[1]: r.get("Target")
                     for r in etree.fromstring(parts["_rels/.rels"])}
    assert relationships["custom-properties"] == "docProps/custom.xml"
    assert "thumbnail" not in relationships


def test_track_changes_is_on_for_whoever_opens_it(document):
    settings = document.settings.element
    assert settings.find(w("trackRevisions")) is not None
    names = [etree.QName(child).localname for child in settings]
    assert names.index("trackRevisions") < names.index("defaultTabStop")


def test_core_properties_come_from_the_plan_and_the_day(document):
    core = document.core_properties
    assert (core.title, core.author, core.subject) == \
        ("Corvane Logistics × Quillstone", "Quillstone", "Mutual action plan")
    assert core.created == core.modified
    assert core.created.date() == TODAY
    assert core.revision == 3


# -- the same edition, the same bytes ------------------------------------------------------


def test_the_same_edition_gives_the_same_bytes(published):
    again = render(version=3)
    assert again == published
    with zipfile.ZipFile(io.BytesIO(published)) as archive:
        assert {entry.date_time for entry in archive.infolist()} == {(1980, 1, 1, 0, 0, 0)}
        assert archive.namelist()[0] == "[Content_Types].xml"


# -- how it looks --------------------------------------------------------------------------


def test_every_table_uses_the_table_style_defined_in_styles_with_the_accent_header(document):
    style = document.styles["Deal room table"]
    header = style.element.find(f"{w('tblStylePr')}[@{w('type')}='firstRow']")
    assert header.find(f"{w('tcPr')}/{w('shd')}").get(w("fill")) == "0B5CAB"
    assert header.find(f"{w('rPr')}/{w('color')}").get(w("val")) == "FFFFFF"
    assert {table.style.name for table in document.tables} == {"Deal room table"}
    body = document.element.body
    assert not list(body.iter(w("shd"))), "cells are shaded by the table style, not one by one"


def test_header_rows_repeat_on_each_page_and_no_row_breaks_across_pages(document):
    for table in document.tables:
        rows = table._tbl.findall(w("tr"))
        assert rows[0].find(f"{w('trPr')}/{w('tblHeader')}") is not None
        assert all(row.find(f"{w('trPr')}/{w('cantSplit')}") is not None for row in rows)
        assert all(row.find(f"{w('trPr')}/{w('tblHeader')}") is None for row in rows[1:])


def test_plan_columns_are_fixed_with_step_and_if_missed_widest(document):
    section = document.sections[0]
    text_width = (section.page_width - section.left_margin - section.right_margin) / 635
    for _, table in plan_tables(document):
        grid = [int(col.get(w("w"))) for col in table._tbl.tblGrid.iter(w("gridCol"))]
        widest = sorted(range(len(grid)), key=grid.__getitem__)[-2:]
        assert {HEADERS[i] for i in widest} == {"Step", "If it is missed"}
        assert abs(sum(grid) - text_width) <= 1
        assert table._tbl.tblPr.find(w("tblLayout")).get(w("type")) == "fixed"


def test_headings_carry_the_accent_and_the_themes_fonts(document):
    styles = document.styles
    for name in ("Heading 1", "Heading 2"):
        assert styles[name].element.find(f"{w('rPr')}/{w('color')}").get(w("val")) == "0B5CAB"
    defaults = styles.element.find(f"{w('docDefaults')}/{w('rPrDefault')}/{w('rPr')}")
    assert defaults.find(w("rFonts")).get(w("ascii")) == "Calibri"
    assert defaults.find(w("lang")).get(w("val")) == "en-GB"


def test_the_print_theme_on_letter_paper():
    document = opened(render(theme="print", paper="Letter"))
    for section in document.sections:
        short, long = sorted((section.page_width.inches, section.page_height.inches))
        assert (round(short, 2), round(long, 2)) == (8.5, 11.0)
    assert document.styles["Heading 1"].element.find(f"{w('rPr')}/{w('color')}").get(w("val")) == "000000"
    defaults = document.styles.element.find(f"{w('docDefaults')}/{w('rPrDefault')}/{w('rPr')}")
    assert defaults.find(w("rFonts")).get(w("ascii")) == "Verdana"


def test_a4_paper_and_the_timeline_on_a_page_turned_sideways(document):
    orientations = [s.orientation for s in document.sections]
    assert orientations == [WD_ORIENT.PORTRAIT, WD_ORIENT.LANDSCAPE, WD_ORIENT.PORTRAIT]
    first = document.sections[0]
    assert (round(first.page_width.mm), round(first.page_height.mm)) == (210, 297)
    (picture,) = [s for s in document.inline_shapes if s.width > first.page_width / 2]
    assert picture.width <= document.sections[1].page_width - 2 * document.sections[1].left_margin
    described = document.element.body.find(".//{*}docPr").get("descr")
    assert described.startswith("Timeline of 23 steps in 6 workstreams")


def test_a_pale_accent_gets_dark_header_text_and_dark_headings(tmp_path):
    text = edited_example(lambda tree: tree.setdefault("branding", {}).update(accent="#ffd966"))
    styles = opened(render_text(text, tmp_path)).styles
    header = styles["Deal room table"].element.find(f"{w('tblStylePr')}[@{w('type')}='firstRow']")
    assert header.find(f"{w('tcPr')}/{w('shd')}").get(w("fill")) == "FFD966"
    assert header.find(f"{w('rPr')}/{w('color')}").get(w("val")) == "1B1F24"
    assert styles["Heading 1"].element.find(f"{w('rPr')}/{w('color')}").get(w("val")) == "1B1F24"


def own_theme(tmp_path: Path, toml: str) -> dict:
    (tmp_path / "mine").mkdir()
    (tmp_path / "mine" / "theme.toml").write_text(toml, encoding="utf-8")
    return {"theme": "mine", "themes_folder": tmp_path}


def test_a_theme_without_document_settings_uses_its_first_named_font_and_hex_colours(tmp_path):
    theme = own_theme(tmp_path, "font_family = '-apple-system, \"Georgia\", serif'\n"
                                "[colours]\naccent = \"rebeccapurple\"\ntext = \"#222\"\n")
    styles = opened(render(**theme)).styles
    defaults = styles.element.find(f"{w('docDefaults')}/{w('rPrDefault')}/{w('rPr')}")
    assert defaults.find(w("rFonts")).get(w("ascii")) == "Georgia"
    assert defaults.find(w("color")).get(w("val")) == "222222"
    assert styles["Heading 1"].element.find(f"{w('rPr')}/{w('color')}").get(w("val")) == "0B5CAB"


@pytest.mark.parametrize("document, message", [
    ('font_size = "big"', "theme mine: [document] font_size: 'big' is not a size in points from 6 "
                          "to 24 (write a number such as 10.5)"),
    ("font_size = 80", "theme mine: [document] font_size: 80 is not a size in points from 6 to 24 "
                       "(write a number such as 10.5)"),
    ("body_font = 12", 'theme mine: [document] body_font: 12 is not a font name (write one name, '
                       'such as "Calibri")'),
])
def test_a_themes_document_settings_that_cannot_be_used_are_a_usage_error(tmp_path, document, message):
    from generator.errors import UsageError

    theme = own_theme(tmp_path, f"[document]\n{document}\n")
    with pytest.raises(UsageError) as refused:
        render(**theme)
    assert str(refused.value) == message


def test_the_plans_logos_head_the_title_block(tmp_path):
    from PIL import Image

    (tmp_path / "logos").mkdir()
    (tmp_path / "logos" / "corvane.svg").write_text(
        '<svg xmlns="http://www.w3.org/2000/svg" width="120" height="40">'
        '<rect width="120" height="40" fill="#0b5cab"/></svg>', encoding="utf-8")
    Image.new("RGB", (90, 30), "#6639ba").save(tmp_path / "logos" / "quillstone.png")
    text = edited_example(lambda tree: tree.setdefault("branding", {}).update(
        buyer_logo="logos/corvane.svg", seller_logo="logos/quillstone.png"))
    document = opened(render_text(text, tmp_path))
    first = document.paragraphs[0]._p
    assert [d.get("descr") for d in first.iter("{*}docPr")] == ["Corvane Logistics", "Quillstone"]
    heights = {round(document.inline_shapes[n].height.mm) for n in (0, 1)}
    assert heights == {12}


# -- what it says --------------------------------------------------------------------------


def test_the_sections_come_in_the_web_pages_order(document):
    headings = [p.text for p in document.paragraphs if p.style.name == "Heading 1"]
    assert headings == ["Why we are doing this", "What happens next", "Timeline", "The plan",
                        "Who is involved", "Risks and open questions", "Revision history"]
    assert document.paragraphs[1].text == "Corvane Logistics × Quillstone"


def test_objectives_show_their_metrics_baseline_and_target(document):
    (metrics, *_) = [t for t in document.tables if t.rows[0].cells[0].text == "Measure"]
    assert rows_of(metrics) == [["Measure", "Today", "Target"],
                                ["Days from carrier quote to signed agreement", "34 days", "12 days"],
                                ["Renewals signed after the old rate expired", "41%", "under 5%"]]


def test_the_next_step_and_what_it_unblocks(document):
    texts = [p.text for p in document.paragraphs]
    step = texts.index("Corvane Logistics’ next step")
    assert texts[step + 1] == "B4 Tomas approves the business case in the FY27 software budget review"
    assert texts[step + 2] == "Owner\tTomas Lindqvist, Chief Financial Officer (Corvane Logistics)"
    assert texts[step + 3] == "Due\t4 Dec 2026"
    assert texts[step + 4].startswith("Unblocks\tC5 Marcus opens the Quillstone supplier record")


def test_markdown_becomes_formatting_and_links_are_links(document, published):
    bold = [run.text for p in document.paragraphs for run in p.runs if run.bold]
    assert "34 days" in bold and "$260k a month" in bold
    assert not [p.text for p in document.paragraphs if "**" in p.text]
    relationships = package(published)["word/_rels/document.xml.rels"].decode("utf-8")
    assert 'Target="https://rooms.quillstone.example/corvane-logistics/" TargetMode="External"' \
        in relationships


def test_people_by_side_and_part_with_the_steps_they_own(document):
    texts = [p.text for p in document.paragraphs]
    assert texts[texts.index("At Corvane Logistics") + 1] == "Signs"
    assert "Priya Raman, Director of Carrier Contracts · Owns B1, B2, I3" in texts
    assert "At Quillstone" in texts


def test_risks_assumptions_and_history_tables(document):
    by_first = {t.rows[0].cells[0].text: rows_of(t) for t in document.tables}
    assert by_first["Risk"][0] == ["Risk", "Owner", "What we are doing about it", "Status"]
    assert by_first["Assumption"][2][3] == "Confirmed 18 Nov 2026"
    assert by_first["Version"] == [["Version", "Date", "By", "What changed"],
                                   ["3", "21 Nov 2026", "", "First version of the plan."]]


def test_the_revision_history_lists_each_version_and_its_changes(tmp_path):
    def publish(*extra):
        dealroom("publish", "plan.yaml", "--to", "docx", "-o", "out", "--today", TODAY, *extra,
                 cwd=tmp_path)

    plan = ENTERPRISE.read_text(encoding="utf-8")
    (tmp_path / "plan.yaml").write_text(plan, encoding="utf-8")
    publish("--note", "First")
    (tmp_path / "plan.yaml").write_text(plan.replace("due: sec-questionnaire + 10bd",
                                                     "due: sec-questionnaire + 15bd"), encoding="utf-8")
    publish("--note", "After the call", "--reason", "S3=CISO out")
    document = opened((tmp_path / "out" / DEAL / "v2" / f"{DEAL}.docx").read_bytes())
    (history,) = [t for t in document.tables if t.rows[0].cells[0].text == "Version"]
    changes = rows_of(history)[1][3].split("\n")
    assert changes[0] == "After the call"
    assert changes[1].endswith("(S3) moved 14 Dec → 21 Dec 2026, 7 days later: CISO out")
    assert rows_of(history)[2][0] == "1" and rows_of(history)[2][3] == "First\nFirst version of the plan."
    assert "Due 21 Dec 2026, was 14 Dec 2026" in "\n".join(p.text for p in document.paragraphs)


def test_nothing_seller_only_reaches_any_part_of_the_document(tmp_path):
    canaries = []
    text = edited_example(lambda tree: canaries.extend(plant_canaries(tree)))
    content = render_text(text, tmp_path)
    assert len(canaries) > 30
    for name, data in package(content).items():
        assert b"CANARY" not in data, name


# -- the command and a real word processor -------------------------------------------------


def test_render_help_lists_the_word_document(tmp_path):
    said = re.sub(r"\s+", "", dealroom("render", "--help", cwd=tmp_path).stdout)
    assert re.sub(r"\s+", "", "docx: the deal room as a Word document the buyer can edit and "
                  "send back (<deal-id>.docx)") in said


def test_libreoffice_opens_it_and_prints_every_step_and_the_footer(tmp_path):
    import libreoffice
    from pypdf import PdfReader

    libreoffice.require()

    done = dealroom("render", ENTERPRISE, "--to", "docx", "-o", tmp_path / "out", "--today", TODAY,
                    cwd=tmp_path)
    written = Path(done.stdout.strip())
    assert written == tmp_path / "out" / DEAL / f"{DEAL}.docx"
    pdf = libreoffice.convert_to_pdf(written, tmp_path / "pdf")
    pages = [page.extract_text() for page in PdfReader(pdf).pages]
    assert len(pages) >= 5
    squeezed = re.sub(r"\s+", "", "\n".join(pages))
    room = room_of(draft=True)
    for task in room.plan.tasks:
        assert re.sub(r"\s+", "", task.title) in squeezed, task.title
    assert re.sub(r"\s+", "", footer_text(identity_of(room, None))) in squeezed
    assert f"Page 1 of {len(pages)}" in pages[0]
    assert f"Page {len(pages)} of {len(pages)}" in pages[-1]
