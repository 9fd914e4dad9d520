"""The document's pictures as PNG or JPEG bytes Word can show.

The swimlane timeline is the web page's own SVG (:meth:`DealRoom.timeline`
with the theme's palette), drawn by cairosvg at twice its width so it prints
sharp. Logos come as data: URIs of PNG, JPEG, SVG or WebP (see
:func:`generator.rendering.edition.load_logos`); SVG is drawn by cairosvg
(which fetches nothing outside the drawing unless told to), WebP is converted
by Pillow.
"""

from __future__ import annotations

import base64
import html
import io
import re
import struct

TIMELINE_PIXELS = 1920
"""The timeline picture's width in pixels: twice the drawing's 960 units."""
LOGO_PIXELS = 600
"""An SVG logo's height in pixels when drawn."""


def timeline_svg(edition) -> str:
    """The web page's timeline of ``edition``, in the theme's colours and the plan's accent."""
    return str(edition.room.timeline(edition.theme.palette(edition.room.plan.branding.accent)))


def timeline_png(svg: str) -> bytes:
    """The timeline drawn as a PNG."""
    import cairosvg

    return cairosvg.svg2png(bytestring=svg.encode("utf-8"), output_width=TIMELINE_PIXELS)


def timeline_description(svg: str) -> str:
    """The timeline's title and description, as its alternative text."""
    said = [html.unescape(found.group(1)) for found in
            (re.search(rf"<{tag}[^>]*>(.*?)</{tag}>", svg, re.S) for tag in ("title", "desc")) if found]
    return ". ".join(said)


def png_size(png: bytes) -> tuple[int, int]:
    """Width and height in pixels, from the PNG's header."""
    return struct.unpack(">II", png[16:24])


def logo_picture(data_uri: str) -> bytes | None:
    """A logo as PNG or JPEG bytes, or None when it cannot be drawn."""
    kind, _, encoded = data_uri.removeprefix("data:").partition(";base64,")
    data = base64.b64decode(encoded)
    try:
        if kind in ("image/png", "image/jpeg"):
            return data
        if kind == "image/svg+xml":
            import cairosvg

            return cairosvg.svg2png(bytestring=data, output_height=LOGO_PIXELS)
        return _png_of(data)
    except (ValueError, OSError, SyntaxError, struct.error):
        return None


def _png_of(data: bytes) -> bytes:
    """Any picture Pillow reads (WebP), as PNG."""
    from PIL import Image

    out = io.BytesIO()
    with Image.open(io.BytesIO(data)) as image:
        image.save(out, format="PNG")
    return out.getvalue()
