"""The deal room as PDF (``--to pdf``): read back with pypdf, never compared as bytes
except with itself (the same plan twice gives the same file)."""

from __future__ import annotations

import datetime as dt
import io
import re
import socket
from pathlib import Path

import pytest

pypdf = pytest.importorskip("pypdf")

from generator.plan.loader import load_plan  # noqa: E402
from generator.rendering.render import RenderOptions, edition, render_files  # noqa: E402
from generator.writers import WRITERS  # noqa: E402
from long_plan import long_plan  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
ENTERPRISE = ROOT / "examples" / "enterprise.yaml"
TODAY = dt.date(2026, 11, 21)
A4 = (595.28, 841.89)
LETTER = (612.0, 792.0)


def render_pdf(plan: Path = ENTERPRISE, paper: str | None = None) -> bytes:
    files = render_files(load_plan(str(plan)), [WRITERS["pdf"]],
                         RenderOptions(today=TODAY, paper=paper))
    (content,) = files.values()
    return content


def reader(content: bytes):
    return pypdf.PdfReader(io.BytesIO(content))


@pytest.fixture(scope="module")
def files() -> dict[str, bytes]:
    return render_files(load_plan(str(ENTERPRISE)), [WRITERS["pdf"]], RenderOptions(today=TODAY))


@pytest.fixture(scope="module")
def enterprise(files) -> bytes:
    return files["corvane-quillstone.pdf"]


@pytest.fixture(scope="module")
def pages(enterprise) -> list[str]:
    return [page.extract_text() for page in reader(enterprise).pages]


@pytest.fixture(scope="module")
def html_headings() -> list[str]:
    """The section headings (h2) of the same deal room as HTML."""
    page = edition(load_plan(str(ENTERPRISE)), RenderOptions(today=TODAY), "buyer") \
        .render("deal_room.html.j2")
    return [re.sub(r"<[^>]+>", "", h).strip() for h in re.findall(r"<h2[^>]*>(.*?)</h2>", page, re.S)]


def test_the_file_is_named_after_the_deal(files):
    assert list(files) == ["corvane-quillstone.pdf"]
    assert files["corvane-quillstone.pdf"].startswith(b"%PDF-")


def test_every_section_heading_appears_in_order(pages, html_headings):
    text = "\n".join(pages)
    assert len(html_headings) >= 7
    positions = [text.find(heading) for heading in html_headings]
    assert -1 not in positions, dict(zip(html_headings, positions))
    assert positions == sorted(positions)


def test_every_task_code_is_printed(pages):
    from generator.plan.codes import task_codes

    text = "\n".join(pages)
    codes = task_codes(load_plan(str(ENTERPRISE)).plan.for_buyer()).values()
    assert [code for code in codes if not re.search(rf"\b{code}\b", text)] == []


MARGIN = 18 * 72 / 25.4  # the page margin of base.css, in points


def placed_text(page) -> list[tuple[float, str]]:
    """Each piece of text on ``page`` with its height above the bottom edge."""
    found = []

    def visit(text, cm, tm, font, size):
        if text.strip():
            found.append((tm[4] * cm[1] + tm[5] * cm[3] + cm[5], text.strip()))

    page.extract_text(visitor_text=visit)
    return found


def test_pages_are_numbered_page_x_of_y(pages):
    count = len(pages)
    assert count > 1
    for number, text in enumerate(pages, start=1):
        assert f"Page {number} of {count}" in text


def test_the_margins_carry_the_deal_title_version_and_page_number(enterprise):
    pdf = reader(enterprise)
    count = len(pdf.pages)
    for number, page in enumerate(pdf.pages[1:], start=2):
        height = float(page.mediabox.height)
        top = [text for y, text in placed_text(page) if y > height - MARGIN]
        bottom = [text for y, text in placed_text(page) if y < MARGIN]
        assert top == ["Corvane Logistics × Quillstone · version 1"], f"page {number}"
        assert bottom == [f"Page {number} of {count}"], f"page {number}"


@pytest.fixture(scope="module")
def long_pages() -> list[str]:
    """A 30-task plan in one workstream: its table must run over several pages."""
    files = render_files(long_plan(30, workstreams=1), [WRITERS["pdf"]], RenderOptions(today=TODAY))
    return [" ".join(page.extract_text().split()) for page in reader(*files.values()).pages]


HEADER = "CODE STEP OWNER DUE STATUS IF IT IS MISSED"


def plan_table_pages(pages: list[str]) -> list[str]:
    """The pages from the table's header to its last row (step 30)."""
    first = next(i for i, text in enumerate(pages) if HEADER in text)
    last = max(i for i, text in enumerate(pages) if "end of step 30." in text)
    return pages[first:last + 1]


def test_table_headers_repeat_on_every_page_of_a_long_table(long_pages):
    table = plan_table_pages(long_pages)
    assert len(table) >= 3
    assert [HEADER in text for text in table] == [True] * len(table)


def test_no_table_row_is_split_across_pages(long_pages):
    table = plan_table_pages(long_pages)
    for n in range(1, 31):
        start = [i for i, text in enumerate(table) if f"Step {n}: the owner" in text]
        end = [i for i, text in enumerate(table) if f"end of step {n}." in text]
        assert start == end and len(start) == 1, f"step {n} starts on {start}, ends on {end}"


def test_document_metadata_names_the_deal_the_seller_and_the_revision(enterprise):
    metadata = reader(enterprise).metadata
    assert metadata.title == "Corvane Logistics × Quillstone: mutual action plan, version 1"
    assert metadata.author == "Quillstone"
    assert "go-live on 1 Mar 2027" in metadata.subject
    assert "corvane-quillstone" in metadata["/Keywords"]
    assert "revision 1" in metadata["/Keywords"]


def test_dates_in_the_file_are_the_edition_day_not_now(enterprise):
    metadata = reader(enterprise).metadata
    assert metadata.creation_date.date() == TODAY


def test_the_outline_lists_the_section_headings(enterprise, html_headings):
    outline = reader(enterprise).outline
    top = [item.title for item in outline if not isinstance(item, list)]
    assert top == html_headings
    nested = [item.title for group in outline if isinstance(group, list) for item in group]
    assert "Security & compliance" in nested  # the workstreams of the plan, one level down


def test_the_pdf_is_tagged(enterprise):
    root = reader(enterprise).trailer["/Root"]
    assert "/StructTreeRoot" in root
    assert root["/MarkInfo"]["/Marked"] in (True, "true")
    assert str(root["/Lang"]) == "en-GB"


def _fonts(resources, seen):
    resources = resources.get_object() if resources else {}
    for font in (resources.get("/Font") or {}).values():
        font = font.get_object()
        yield font
    for xobject in (resources.get("/XObject") or {}).values():
        xobject = xobject.get_object()
        if id(xobject) not in seen and "/Resources" in xobject:
            seen.add(id(xobject))
            yield from _fonts(xobject["/Resources"], seen)


def _descriptor(font) -> dict:
    if font.get("/Subtype") == "/Type0":
        font = font["/DescendantFonts"][0].get_object()
    descriptor = font.get("/FontDescriptor")
    return descriptor.get_object() if descriptor else {}


def test_every_font_is_embedded(enterprise):
    fonts = [font for page in reader(enterprise).pages
             for font in _fonts(page.get("/Resources"), set())]
    assert fonts
    missing = [str(font.get("/BaseFont")) for font in fonts
               if not any(key in _descriptor(font) for key in ("/FontFile", "/FontFile2", "/FontFile3"))]
    assert missing == []


@pytest.mark.parametrize(("paper", "size"), [("A4", A4), ("Letter", LETTER)])
def test_every_page_is_the_chosen_paper_upright_the_timeline_included(paper, size, enterprise):
    pages = reader(enterprise if paper == "A4" else render_pdf(paper=paper)).pages
    for number, page in enumerate(pages, start=1):
        measured = (float(page.mediabox.width), float(page.mediabox.height))
        assert measured == pytest.approx(size, abs=0.5), f"page {number}"
    assert [n for n, page in enumerate(pages) if "Timeline" in page.extract_text().split("\n")]


def test_the_timeline_is_drawn_for_the_width_of_a_portrait_page():
    from generator.writers.pdf import TIMELINE_WIDTH

    page = edition(load_plan(str(ENTERPRISE)), RenderOptions(today=TODAY), "buyer") \
        .render("deal_room.html.j2", timeline_width=TIMELINE_WIDTH)
    (chart,) = re.findall(r'<svg[^>]*class="tl-timeline"[^>]*>', page)
    assert f'viewBox="0 0 {TIMELINE_WIDTH} ' in chart
    # 11 units across the 182 mm of A4 between the margins print at about 8 pt
    assert 7.5 <= 11 * (182 / 25.4 * 72) / TIMELINE_WIDTH <= 9


def test_the_same_plan_gives_the_same_bytes(enterprise):
    assert render_pdf() == enterprise


# -- nothing is fetched ------------------------------------------------------------

REMOTE_PAGE = """<!DOCTYPE html><html lang="en"><head><title>t</title>
<link rel="stylesheet" href="https://cdn.example.invalid/style.css">
<style>@import url("http://example.invalid/import.css");
body { background: url("ftp://example.invalid/bg.png"); }</style></head>
<body><h1>Logos</h1>
<img src="http://example.invalid/logo.png" alt="remote">
<img src="file:///etc/hostname" alt="local file">
<img src="data:image/svg+xml;base64,{INLINE_SVG}" alt="inline">
<p>Rendering goes on without them.</p></body></html>""".replace(
    "{INLINE_SVG}", "PHN2ZyB4bWxucz0iaHR0cDovL3d3dy53My5vcmcvMjAwMC9zdmciIHdpZHRo"
                    "PSIxMCIgaGVpZ2h0PSIxMCIvPg==")  # <svg xmlns=... width="10" height="10"/>


@pytest.fixture
def no_network(monkeypatch):
    """Any attempt to open a connection fails the test."""
    attempts = []

    def refuse(self, address, *args):
        attempts.append(address)
        raise AssertionError(f"a connection was attempted to {address}")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket.socket, "connect_ex", refuse)
    monkeypatch.setattr(socket, "getaddrinfo", lambda *a, **k: refuse(None, a))
    return attempts


def test_the_fetcher_refuses_every_address_but_data_uris(no_network):
    from generator.rendering.pdf_output import OfflineFetcher, RemoteAddressRefused, layout

    fetcher = OfflineFetcher()
    document = layout(REMOTE_PAGE, fetcher)
    assert len(document.pages) == 1
    assert "Rendering goes on" in pypdf.PdfReader(io.BytesIO(document.write_pdf())).pages[0].extract_text()
    assert set(fetcher.refused) >= {"https://cdn.example.invalid/style.css",
                                    "http://example.invalid/logo.png", "file:///etc/hostname",
                                    "http://example.invalid/import.css",
                                    "ftp://example.invalid/bg.png"}
    assert not [url for url in fetcher.refused if url.startswith("data:")]
    assert no_network == []
    with pytest.raises(RemoteAddressRefused):
        fetcher.fetch("https://example.invalid/")


def test_a_plan_with_remote_links_renders_without_touching_the_network(no_network):
    # the enterprise plan links to https://rooms.quillstone.example/...: shown, never fetched
    content = render_pdf()
    assert "https://rooms.quillstone.example/corvane-logistics/" in reader(content).pages[0].extract_text()
    assert no_network == []
