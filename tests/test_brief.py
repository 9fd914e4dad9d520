"""The economic buyer's brief (``--to brief``): one page, decision first, no
internal text. Read back as PDF text and as HTML, never compared as bytes."""

from __future__ import annotations

import datetime as dt
import io
import re
from pathlib import Path

import pytest

pypdf = pytest.importorskip("pypdf")

from generator.plan.loader import load_plan, read_plan  # noqa: E402
from generator.rendering.render import RenderOptions, edition, render_files  # noqa: E402
from generator.writers import WRITERS  # noqa: E402
from generator.rendering.brief import BUDGETS, Brief, shorten  # noqa: E402
from long_plan import long_plan  # noqa: E402
from plans import example_paths  # noqa: E402
from render_plans import edited_example, plant_canaries  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
ENTERPRISE = ROOT / "examples" / "enterprise.yaml"
TODAY = dt.date(2026, 11, 21)


def render_brief(loaded, paper: str | None = None, today: dt.date = TODAY) -> tuple[str, str, int]:
    """(PDF text, HTML, page count) of the brief."""
    files = render_files(loaded, [WRITERS["brief"]], RenderOptions(today=today, paper=paper))
    assert sorted(files) == ["brief.html", "brief.pdf"]
    pdf = pypdf.PdfReader(io.BytesIO(files["brief.pdf"]))
    text = " ".join(" ".join(page.extract_text() for page in pdf.pages).split())
    return text, files["brief.html"], len(pdf.pages)


@pytest.fixture(scope="module")
def enterprise() -> tuple[str, str, int]:
    return render_brief(load_plan(str(ENTERPRISE)))


def table_rows(html: str, table_class: str) -> list[str]:
    table = re.search(rf'<table class="{table_class}">(.*?)</table>', html, re.S)
    assert table, f"no table {table_class}"
    body = "".join(re.findall(r"<tbody>(.*?)</tbody>", table[1], re.S))
    return re.findall(r"<tr[ >].*?</tr>", body, re.S)


# -- one page ----------------------------------------------------------------------

@pytest.mark.parametrize("paper", ["A4", "Letter"])
@pytest.mark.parametrize("plan", example_paths(), ids=lambda path: path.stem)
def test_every_example_fits_one_page(plan, paper):
    assert render_brief(load_plan(str(plan)), paper)[2] == 1


@pytest.mark.parametrize("paper", ["A4", "Letter"])
def test_a_thirty_task_plan_with_long_titles_fits_one_page(paper):
    text, html, pages = render_brief(long_plan(30), paper, today=dt.date(2027, 1, 15))
    assert pages == 1
    assert "more steps in the full plan" in text  # what was left out is said, not hidden
    assert "…" in text  # long titles are cut at a word, visibly


def test_the_brief_says_what_it_leaves_out():
    brief = Brief(edition(long_plan(30), RenderOptions(today=dt.date(2027, 1, 15)), "buyer").room,
                  BUDGETS[-1])
    asks = brief.asks()
    assert len([t for a in asks.shown for t in a.tasks]) == BUDGETS[-1].asks
    assert asks.more == sum(len(brief._open_steps(p)) for p in brief.executives) - BUDGETS[-1].asks
    assert len(brief.risks().shown) == 1 and brief.risks().more > 0


def test_titles_are_shortened_at_a_word():
    assert shorten("Tomas signs the MSA and order form in DocuSign", 20) == "Tomas signs the MSA…"
    assert shorten("**Short** enough", 20) == "Short enough"


def test_the_brief_pdf_has_its_own_title_and_the_plans_keywords():
    files = render_files(load_plan(str(ENTERPRISE)), [WRITERS["brief"]], RenderOptions(today=TODAY))
    pdf = pypdf.PdfReader(io.BytesIO(files["brief.pdf"]))
    assert pdf.metadata.title == "Corvane Logistics × Quillstone: decision brief, version 1"
    assert pdf.metadata.author == "Quillstone"
    assert "corvane-quillstone" in pdf.metadata["/Keywords"]
    assert "/StructTreeRoot" in pdf.trailer["/Root"]
    assert "Page 1 of" not in pdf.pages[0].extract_text()  # one sheet needs no page number


# -- what it says --------------------------------------------------------------------

def test_it_leads_with_the_decision_and_its_date(enterprise):
    text, html, _ = enterprise
    assert text.index("Sign by 25 Jan 2027 to go live on 1 Mar 2027") < text.index("Why Corvane")
    assert "Signs for Corvane Logistics: Tomas Lindqvist, Chief Financial Officer" in text
    assert "Decision brief for Tomas Lindqvist and Renata Alves".upper() in text.upper()


def test_it_gives_the_objectives_metrics_and_cost_of_waiting(enterprise):
    text, _, _ = enterprise
    for objective in ("Cut the carrier-contract cycle time", "Stop paying expired and off-contract rates",
                      "Give legal its time back"):
        assert objective in text
    assert "Days from carrier quote to signed agreement 34 days 12 days" in text
    assert "The cost of waiting: If the 2027 renewal season runs on the current process" in text


def test_it_lists_the_economic_buyers_open_steps(enterprise):
    text, html, _ = enterprise
    for code, title in (("B4", "Tomas approves the business case in the FY27 software budget review"),
                        ("A2", "Tomas and Renata approve the contract at Corvane's Investment Committee"),
                        ("A3", "Tomas signs the MSA and order form in DocuSign")):
        assert f"{code} {title}" in text
    assert "Renata Alves" in text and "I4" in text  # the other executive's step


def test_the_decision_timeline_has_the_gates_signature_and_go_live(enterprise):
    text, html, _ = enterprise
    for line in ("4 Dec 2026 B4 Budget approved", "20 Jan 2027 A2 Investment Committee approval",
                 "25 Jan 2027 A3 Signature", "1 Mar 2027 Target go-live"):
        assert line in text


def test_projected_dates_are_shown_where_they_differ_never_findings():
    weak = ROOT / "examples" / "weak.yaml"  # its signature chain runs late
    text, html, _ = render_brief(load_plan(str(weak)))
    assert "At the current pace: signature on 3 Jan 2027 (3 days later than planned)" in text
    assert "MAP0" not in html and "driven by" not in html


def test_at_most_three_risks_open_ones_first(enterprise):
    _, html, _ = enterprise
    rows = table_rows(html, "risk-table")
    assert 1 <= len(rows) <= 3
    assert "FY27 software budget" in rows[0]  # open before mitigated
    long_html = render_brief(long_plan(30), today=dt.date(2027, 1, 15))[1]
    assert len(table_rows(long_html, "risk-table")) <= 3


def test_it_uses_the_theme_and_the_plans_accent():
    def brand(tree):
        tree["branding"] = {"accent": "#7a1fa2", "theme": "print"}

    loaded = read_plan(edited_example(brand), str(ENTERPRISE))
    _, html, pages = render_brief(loaded)
    assert "--accent: #7a1fa2;" in html
    assert "High-contrast print theme" in html and pages == 1


# -- never internal ---------------------------------------------------------------

def test_no_internal_text_reaches_the_brief():
    canaries: list[str] = []

    def plant(tree):
        canaries.extend(plant_canaries(tree))

    loaded = read_plan(edited_example(plant), str(ENTERPRISE))
    assert len(canaries) > 20
    for paper in ("A4", "Letter"):
        text, html, _ = render_brief(loaded, paper)
        assert "CANARY" not in text
        assert "CANARY" not in html


# -- the HTML brief is a good web page ------------------------------------------------

@pytest.fixture(scope="module")
def brief_files(tmp_path_factory) -> list[Path]:
    folder = tmp_path_factory.mktemp("briefs")
    paths = []
    for plan in example_paths():
        _, html, _ = render_brief(load_plan(str(plan)))
        path = folder / f"{plan.stem}-brief.html"
        path.write_text(html, encoding="utf-8")
        paths.append(path)
    return paths


def test_the_html_brief_of_every_example_is_valid(brief_files):
    import quality

    quality.require("vnu")
    errors = quality.html_errors_many(brief_files)
    assert {path.name: found for path, found in errors.items() if found} == {}


def test_the_html_brief_has_no_accessibility_violations(brief_files):
    import quality

    quality.require("axe")
    for path in brief_files:
        violations = quality.axe_violations(path)
        assert violations == [], f"{path.name}:\n{quality.describe_violations(violations)}"


def test_a_date_still_to_confirm_says_so_as_the_deal_room_does():
    """A placeholder date is "To confirm" in the brief, never "As planned"."""
    plan = load_plan(str(ENTERPRISE))
    start = plan.text.index("  - id: sec-review\n")
    end = plan.text.index("  - id:", start + 1)
    block = plan.text[start:end]
    assert "    date: committed\n" in block and "gate: Security approval" in block
    text = plan.text[:start] + block.replace("    date: committed\n", "") + plan.text[end:]
    _, html, _ = render_brief(read_plan(text, str(ENTERPRISE)))
    (security,) = [row for row in table_rows(html, "date-table") if "Security approval" in row]
    assert '<td class="expected" data-label="Expected">To confirm</td>' in security
    _, committed, _ = render_brief(plan)
    (security,) = [row for row in table_rows(committed, "date-table") if "Security approval" in row]
    assert '<td class="expected" data-label="Expected">As planned</td>' in security
