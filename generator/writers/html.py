"""The deal room as one self-contained web page: ``index.html``.

All CSS is inline, the timeline is inline SVG, logos are data: URIs and no
script is needed, so the page works as an e-mail attachment and from file://.
"""

from __future__ import annotations

FILE_NAME = "index.html"


def write(edition) -> dict[str, str]:
    """``{"index.html": page}`` for a buyer edition."""
    return {FILE_NAME: edition.render("deal_room.html.j2")}
