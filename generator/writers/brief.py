"""The one-page brief for the economic buyer: ``brief.pdf`` and ``brief.html``.

What the champion forwards upward (the facts are :class:`generator.rendering.brief.Brief`).
It always fits one sheet of the edition's paper: the page is laid out with the
roomiest :data:`~generator.rendering.brief.BUDGETS` entry first and, when that is too
long, with the tighter one that the first layout says will fit
(:mod:`generator.rendering.brief_fit`). The HTML is the page that was printed.
"""

from __future__ import annotations

from generator.rendering.brief import BUDGETS, Brief, Budget

HTML_NAME = "brief.html"
PDF_NAME = "brief.pdf"
TEMPLATE = "brief.html.j2"


def page(edition, budget: Budget) -> str:
    """The brief as HTML, with ``budget``."""
    return edition.render(TEMPLATE, brief=Brief(edition.room, budget))


def write(edition) -> dict[str, str | bytes]:
    """``{"brief.pdf": bytes, "brief.html": page}`` with the roomiest budget that fits one page."""
    from generator.rendering.pdf_output import to_pdf

    html, document = fit_one_page(edition)
    return {PDF_NAME: to_pdf(document), HTML_NAME: html}


def fit_one_page(edition) -> tuple[str, object]:
    """The page and its layout for the roomiest budget that fits on one sheet.

    Most plans fit the roomiest budget: one layout. When it overflows, that
    layout is measured and the roomiest tighter budget whose estimated height
    fits is laid out: two layouts. Only if that page still overflows (the
    estimate fell short) is the tightest budget laid out, the last resort."""
    from generator.rendering.pdf_output import paged_stylesheet

    paged_css = paged_stylesheet(edition)
    html, document = laid_out(edition, 0, paged_css)
    if len(document.pages) == 1:
        return html, document
    choice = estimated_fit(edition, document)
    html, document = laid_out(edition, choice, paged_css)
    if len(document.pages) == 1 or choice == len(BUDGETS) - 1:
        return html, document
    return laid_out(edition, len(BUDGETS) - 1, paged_css)


def laid_out(edition, budget: int, paged_css: str) -> tuple[str, object]:
    """The page with ``BUDGETS[budget]`` and its layout on the edition's paper."""
    from generator.rendering.pdf_output import layout

    html = page(edition, BUDGETS[budget])
    return html, layout(html, paged_css=paged_css)


def estimated_fit(edition, overflowing) -> int:
    """The roomiest budget after the first whose page, estimated from the
    ``overflowing`` layout of the first, fits one sheet; else the tightest."""
    from generator.rendering.brief_fit import estimated_height, measure

    measured = measure(overflowing)
    for budget in range(1, len(BUDGETS) - 1):
        if estimated_height(measured, page(edition, BUDGETS[budget])) <= measured.room:
            return budget
    return len(BUDGETS) - 1
