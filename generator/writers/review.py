"""The seller's internal review: ``review.html``.

Everything in the plan, internal notes and assessments included, with the
health findings, metrics and projection; every page is marked INTERNAL.
"""

from __future__ import annotations

FILE_NAME = "review.html"


def write(edition) -> dict[str, str]:
    """``{"review.html": page}`` for a seller edition."""
    return {FILE_NAME: edition.render("review.html.j2", review=True)}
