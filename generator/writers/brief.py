"""The one-page brief for the economic buyer: ``brief.pdf`` and ``brief.html``.

What the champion forwards upward (the facts are :class:`generator.rendering.brief.Brief`).
It always fits one sheet of the edition's paper: the page is laid out with the
roomiest :data:`~generator.rendering.brief.BUDGETS` entry first and, when that is too
long, with tighter ones until it fits. The HTML is the page that was printed.
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

    Most plans fit the first budget (one layout); a longer one is found by
    halving the remaining budgets. The tightest budget is the last resort."""
    from generator.rendering.pdf_output import layout, paged_stylesheet

    tried: dict[int, tuple[str, object]] = {}
    paged_css = paged_stylesheet(edition)

    def fits(n: int) -> bool:
        html = page(edition, BUDGETS[n])
        tried[n] = (html, layout(html, paged_css=paged_css))
        return len(tried[n][1].pages) == 1

    if fits(0):
        return tried[0]
    low, high, best = 1, len(BUDGETS) - 1, len(BUDGETS) - 1
    while low <= high:
        middle = (low + high) // 2
        if fits(middle):
            best, high = middle, middle - 1
        else:
            low = middle + 1
    return tried[best]  # every budget was tried on the way down when none fits
