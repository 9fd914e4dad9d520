"""Markdown that a seller or buyer wrote, made safe for every output.

Raw HTML is off (markdown-it's ``js-default`` preset), images are off (they
would fetch from another address), and only ``http``, ``https`` and
``mailto`` links survive; anything else is left as plain text.
"""

from __future__ import annotations

from functools import lru_cache

SAFE_SCHEMES = ("http:", "https:", "mailto:")


@lru_cache(maxsize=1)
def _parser():
    from markdown_it import MarkdownIt

    parser = MarkdownIt("js-default").disable("image")
    parser.validateLink = lambda url: url.strip().lower().startswith(SAFE_SCHEMES)
    return parser


def tokens(text: str | None, inline: bool = False) -> list:
    """The Markdown as markdown-it tokens, from the same safe parser (for writers
    that build their own structure, such as Word): block tokens, or for
    ``inline`` one ``inline`` token whose children are the line's pieces."""
    parser = _parser()
    return parser.parseInline(text or "") if inline else parser.parse(text or "")


def to_html(text: str | None):
    """Block Markdown as safe HTML (a ``Markup``, so Jinja does not escape it twice)."""
    from markupsafe import Markup

    return Markup(_parser().render(text or "").strip())


def to_inline_html(text: str | None):
    """One line of Markdown (emphasis, links, code) as safe HTML, no paragraph."""
    from markupsafe import Markup

    return Markup(_parser().renderInline(text or "").strip())


def to_plain(text: str | None) -> str:
    """Markdown as plain text, for PDF metadata and tooltips."""
    import re

    html = _parser().renderInline(text or "")
    return re.sub(r"<[^>]+>", "", html).replace("&amp;", "&").replace("&lt;", "<") \
        .replace("&gt;", ">").replace("&quot;", '"').strip()
