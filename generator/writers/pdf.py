"""The deal room as PDF: ``<deal-id>.pdf``.

The same page as the html writer, printed by WeasyPrint with the print rules
of base.css and the paged-media rules of paged.css: A4 or Letter, "Page x of
y" and the deal title and version in the margins, the timeline on a page of
its own turned sideways, table headers repeated and rows kept whole, an
outline from the headings, tagged, fonts embedded, and nothing fetched from
anywhere (see :mod:`generator.rendering.pdf_output`).
"""

from __future__ import annotations


def file_name(edition) -> str:
    """``corvane-quillstone.pdf``."""
    return f"{edition.room.plan.deal.id}.pdf"


def write(edition) -> dict[str, bytes]:
    """``{"<deal-id>.pdf": bytes}`` for a buyer edition."""
    from generator.rendering.pdf_output import html_to_pdf, paged_stylesheet

    page = edition.render("deal_room.html.j2")
    return {file_name(edition): html_to_pdf(page, paged_css=paged_stylesheet(edition))}
