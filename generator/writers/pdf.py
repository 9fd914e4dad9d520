"""The deal room as PDF: ``<deal-id>.pdf``.

The same page as the html writer, printed by WeasyPrint with the print rules
of base.css and the paged-media rules of paged.css: A4 or Letter, "Page x of
y" and the deal title and version in the margins, every page portrait with the
timeline drawn for the width of the page, table headers repeated and rows kept
whole, an outline from the headings, tagged, fonts embedded, and nothing
fetched from anywhere (see :mod:`generator.rendering.pdf_output`).
"""

from __future__ import annotations

TIMELINE_WIDTH = 720
"""Drawing units across the timeline on paper (960 on screen): across the
182 mm of an A4 page (188 mm of Letter) its 11-unit labels print at about 8 pt."""


def file_name(edition) -> str:
    """``corvane-quillstone.pdf``."""
    return f"{edition.room.plan.deal.id}.pdf"


def write(edition) -> dict[str, bytes]:
    """``{"<deal-id>.pdf": bytes}`` for a buyer edition."""
    from generator.rendering.pdf_output import html_to_pdf, paged_stylesheet

    page = edition.render("deal_room.html.j2", timeline_width=TIMELINE_WIDTH)
    return {file_name(edition): html_to_pdf(page, paged_css=paged_stylesheet(edition))}
