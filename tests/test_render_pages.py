"""What the pages look like, measured: paper pages well filled, and a phone's screen.

On paper (the deal room's PDF, A4 and Letter): the pages run on without a
forced break, so the document is one section and no page but its last is less
than half full. A page's fill is how far down, between the top and bottom
margins, its lowest word sits (``pdftotext -bbox``; the running title and the
page number are in the margins and do not count).

On a phone (Chromium at 390 CSS pixels): nothing is wider than the screen, in
the deal room or the brief; the timeline scrolls sideways under a hint that
says so, with its legend outside the scrolling chart; steps, risks,
assumptions and revisions are cards, not tables; the people's roles stand
above their names instead of taking half the width.

Every example is measured, and the eleven-step plan of a financial-services
buyer in tests/fixtures (week by week, an owner named Venkataraman
Subramaniam), the plan a new seller wrote.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

import quality
from generator.plan.loader import load_plan
from generator.rendering.brief import BUDGETS
from generator.rendering.render import RenderOptions, edition, render_files
from generator.writers import WRITERS
from generator.writers.brief import page as brief_page

ROOT = Path(__file__).resolve().parent.parent
PLANS = {path.stem: path for path in [*sorted((ROOT / "examples").glob("*.yaml")),
                                       ROOT / "tests" / "fixtures" / "eleven-steps.yaml"]}
TODAY = dt.date(2026, 11, 21)
MARGIN = 18 * 72 / 25.4  # the top and bottom page margin of base.css, in points
PHONE = 390


@pytest.fixture(scope="module")
def rendered(tmp_path_factory) -> dict[str, dict[str, Path]]:
    """name → {"A4": pdf, "Letter": pdf, "index.html": page, "brief.html": page}.

    The brief is its roomiest version (the first budget, the widest content),
    without the layouts that fit it to a page: they do not change the screen."""
    out = tmp_path_factory.mktemp("pages")
    found: dict[str, dict[str, Path]] = {}
    for name, plan in PLANS.items():
        loaded = load_plan(plan)
        files = {}
        for paper in ("A4", "Letter"):
            (pdf,) = render_files(loaded, [WRITERS["pdf"]], RenderOptions(today=TODAY, paper=paper)).values()
            files[paper] = out / f"{name}-{paper}.pdf"
            files[paper].write_bytes(pdf)
        options = RenderOptions(today=TODAY)
        pages = {"index.html": render_files(loaded, [WRITERS["html"]], options)["index.html"],
                 "brief.html": brief_page(edition(loaded, options, "buyer"), BUDGETS[0])}
        for page, html in pages.items():
            files[page] = out / f"{name}-{page}"
            files[page].write_text(html, encoding="utf-8")
        found[name] = files
    return found


def fill(page: tuple[float, float, list]) -> float:
    """How much of the room between the margins the page uses, from 0 to 1."""
    _, height, words = page
    bottoms = [y1 for _, y0, _, y1, _ in words if y0 > MARGIN and y1 < height - MARGIN]
    return round((max(bottoms, default=MARGIN) - MARGIN) / (height - 2 * MARGIN), 2)


# --- paper ---------------------------------------------------------------------

@pytest.mark.parametrize("paper", ["A4", "Letter"])
@pytest.mark.parametrize("name", list(PLANS))
def test_no_page_but_the_last_is_under_half_full(rendered, name, paper):
    pages = quality.pdf_words(rendered[name][paper])
    fills = [fill(page) for page in pages]
    assert len(fills) > 1
    assert [f for f in fills[:-1] if f < 0.5] == [], f"{name} on {paper}: page fill {fills}"


@pytest.mark.parametrize("paper", ["A4", "Letter"])
def test_the_eleven_step_plan_takes_five_pages_at_most(rendered, paper):
    assert len(quality.pdf_words(rendered["eleven-steps"][paper])) <= 5


@pytest.mark.parametrize("paper", ["A4", "Letter"])
def test_a_long_owner_name_is_never_broken_inside_a_word(rendered, paper):
    words = [w[4] for page in quality.pdf_words(rendered["eleven-steps"][paper]) for w in page[2]]
    assert "Venkatarama" not in words and "Subramania" not in words
    assert words.count("Subramaniam") >= 4  # three steps, a risk, an assumption, the people


def test_the_timeline_shares_its_page_with_the_sections_around_it(rendered):
    for name, files in rendered.items():
        pages = [" ".join(w[4] for w in page[2]) for page in quality.pdf_words(files["A4"])]
        (timeline,) = [text for text in pages if "Timeline" in text.split()]
        others = [h for h in ("What happens next", "The plan") if h in timeline]
        assert others, f"{name}: the timeline has a page of its own"


# --- a phone -------------------------------------------------------------------

WIDEST = "return document.documentElement.scrollWidth;"


@pytest.mark.parametrize("page", ["index.html", "brief.html"])
@pytest.mark.parametrize("name", list(PLANS))
def test_nothing_is_wider_than_a_phone(rendered, name, page):
    assert quality.evaluate(rendered[name][page], WIDEST, width=PHONE) <= PHONE


TIMELINE = """
const chart = document.querySelector('.timeline-chart');
const hint = document.querySelector('.scroll-hint');
const legend = document.querySelector('.timeline-legend');
const items = [...legend.querySelectorAll('li')].map(li => li.getBoundingClientRect());
return {
  scrolls: getComputedStyle(chart).overflowX === 'auto' && chart.scrollWidth > chart.clientWidth,
  hint: hint.offsetHeight > 0 ? hint.textContent.trim() : null,
  legend_in_chart: chart.contains(legend),
  legend_items_on_screen: items.every(r => r.left >= 0 && r.right <= innerWidth),
  legend_items: items.length,
};
"""


@pytest.mark.parametrize("name", list(PLANS))
def test_on_a_phone_the_timeline_scrolls_under_a_hint_and_its_legend_is_whole(rendered, name):
    facts = quality.evaluate(rendered[name]["index.html"], TIMELINE, width=PHONE)
    assert facts == {"scrolls": True, "hint": "Swipe the chart sideways to see all of it →",
                     "legend_in_chart": False, "legend_items_on_screen": True,
                     "legend_items": 8 if name == "enterprise" else 7}  # enterprise has a freeze


def test_on_a_wide_screen_the_timeline_fits_and_no_hint_is_shown(rendered):
    facts = quality.evaluate(rendered["enterprise"]["index.html"], TIMELINE, width=1280)
    assert facts["scrolls"] is False and facts["hint"] is None


ROWS = """
const rows = selector => [...document.querySelectorAll(selector)].map(tr => getComputedStyle(tr).display);
return {steps: rows('.steps tbody tr'), risks: rows('.risks tbody tr'),
        assumptions: rows('.assumptions tbody tr'), history: rows('.history tbody tr')};
"""


@pytest.mark.parametrize("name", list(PLANS))
def test_on_a_phone_steps_risks_assumptions_and_revisions_are_cards(rendered, name):
    rows = quality.evaluate(rendered[name]["index.html"], ROWS, width=PHONE)
    assert all(rows.values()), rows  # every example has each of them
    assert {kind: set(displays) for kind, displays in rows.items()} == {
        "steps": {"block"}, "risks": {"block"}, "assumptions": {"block"}, "history": {"block"}}


def test_on_a_wide_screen_they_stay_tables(rendered):
    rows = quality.evaluate(rendered["enterprise"]["index.html"], ROWS, width=1280)
    assert {kind: set(displays) for kind, displays in rows.items()} == {
        "steps": {"table-row"}, "risks": {"table-row"}, "assumptions": {"table-row"},
        "history": {"table-row"}}


ROLES = """
return [...document.querySelectorAll('#people .part')].map(part => {
  const role = part.querySelector('h4').getBoundingClientRect();
  const people = part.querySelector('ul').getBoundingClientRect();
  return people.top >= role.bottom - 1 && people.width >= part.clientWidth - 1;
});
"""


def test_on_a_phone_a_role_stands_above_its_people_who_get_the_whole_width(rendered):
    for name, files in rendered.items():
        stacked = quality.evaluate(files["index.html"], ROLES, width=PHONE)
        assert stacked and all(stacked), name
