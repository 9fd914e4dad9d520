"""The brief finds the budget that fits one sheet in at most two layouts
(generator/writers/brief.py, generator/rendering/brief_fit.py): the layouts are counted."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from generator.plan.loader import load_plan
from generator.rendering import brief_fit, pdf_output
from generator.rendering.brief import BUDGETS
from generator.rendering.render import RenderOptions, edition
from generator.writers import brief
from long_plan import long_plan

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"
TODAY = dt.date(2026, 11, 21)
TIGHTEST = len(BUDGETS) - 1


@pytest.fixture
def layouts(monkeypatch) -> list[str]:
    """The pages WeasyPrint lays out, in order."""
    pages: list[str] = []
    layout = pdf_output.layout

    def counting(page, *args, **kwargs):
        pages.append(page)
        return layout(page, *args, **kwargs)

    monkeypatch.setattr(pdf_output, "layout", counting)
    return pages


def room(plan, paper: str = "A4", today: dt.date = TODAY):
    return edition(plan, RenderOptions(today=today, paper=paper), "buyer")


def budget_of(buyer_room, html: str) -> int:
    """Which budget made the brief ``html``."""
    return next(n for n, budget in enumerate(BUDGETS) if brief.page(buyer_room, budget) == html)


def pages_with(buyer_room, budget: int) -> int:
    """Pages of the brief with ``BUDGETS[budget]``, laid out for the test."""
    laid_out = pdf_output.layout(brief.page(buyer_room, BUDGETS[budget]),
                                 paged_css=pdf_output.paged_stylesheet(buyer_room))
    return len(laid_out.pages)


def test_a_brief_that_fits_the_roomiest_budget_is_laid_out_once(layouts):
    html, document = brief.fit_one_page(room(load_plan(str(EXAMPLES / "midmarket.yaml"))))
    assert len(document.pages) == 1
    assert len(layouts) == 1


@pytest.mark.parametrize("paper", ["A4", "Letter"])
def test_the_enterprise_brief_gets_the_roomiest_budget_that_fits_in_two_layouts(layouts, paper):
    buyer_room = room(load_plan(str(EXAMPLES / "enterprise.yaml")), paper)
    html, document = brief.fit_one_page(buyer_room)
    assert len(document.pages) == 1
    assert len(layouts) == 2
    chosen = budget_of(buyer_room, html)
    assert chosen == 2  # no consequences: the roomier budgets take two pages
    assert pages_with(buyer_room, chosen - 1) == 2


def test_a_plan_that_needs_the_tightest_budget_fits_one_page_in_two_layouts(layouts):
    buyer_room = room(long_plan(30), "Letter", dt.date(2027, 1, 15))
    html, document = brief.fit_one_page(buyer_room)
    assert len(document.pages) == 1
    assert len(layouts) == 2
    assert budget_of(buyer_room, html) == TIGHTEST
    assert pages_with(buyer_room, TIGHTEST - 1) == 2  # it really needs the tightest


def test_when_the_estimate_falls_short_the_tightest_budget_is_the_last_resort(layouts, monkeypatch):
    monkeypatch.setattr(brief, "estimated_fit", lambda edition, document: 1)  # two pages
    buyer_room = room(load_plan(str(EXAMPLES / "enterprise.yaml")))
    html, document = brief.fit_one_page(buyer_room)
    assert len(document.pages) == 1
    assert len(layouts) == 3
    assert budget_of(buyer_room, html) == TIGHTEST


@pytest.mark.parametrize("budget", [2, TIGHTEST])
def test_the_estimate_is_within_two_lines_of_the_real_layout(budget):
    buyer_room = room(load_plan(str(EXAMPLES / "enterprise.yaml")))
    paged_css = pdf_output.paged_stylesheet(buyer_room)
    first = brief_fit.measure(pdf_output.layout(brief.page(buyer_room, BUDGETS[0]), paged_css=paged_css))
    html = brief.page(buyer_room, BUDGETS[budget])
    real = brief_fit.measure(pdf_output.layout(html, paged_css=paged_css))
    used = real.fixed + sum(row.height for row in real.rows)
    assert abs(brief_fit.estimated_height(first, html) - used) < 35  # points; a line is about 14


def test_a_measured_row_keeps_its_height_and_a_new_one_is_the_shortest_of_its_kind():
    cell = brief_fit.Cell(text="Legal approval of the master agreement", lines=2,
                          line_height=14.0, other=0.0)
    row = brief_fit.Row(tag="tr", kind=None, text=cell.text, height=36.0, padding=8.0, cells=(cell,))
    more = brief_fit.Row(tag="p", kind="more", text="and 1 more risk in the full plan",
                         height=18.0, padding=4.0,
                         cells=(brief_fit.Cell(text="and 1 more risk in the full plan", lines=1,
                                               line_height=14.0, other=0.0),))
    measured = brief_fit.Measure(rows=(row, more), fixed=100.0, room=1000.0)
    page = ("<table><tr><td>Legal approval of the master agreement</td></tr>"
            "<tr><td>Legal approval of…</td></tr></table><p class='more'>and 3 more steps</p>")
    assert brief_fit.estimated_height(measured, page) == 100.0 + 36.0 + (8.0 + 14.0) + 18.0
