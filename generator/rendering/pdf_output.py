"""HTML to PDF through WeasyPrint, offline and reproducible.

Shared by the PDF writers (the deal room and the brief). This module imports
WeasyPrint, so only a writer's ``write()`` imports it, never anything that
``check`` or ``--help`` loads.

- Nothing is fetched: :class:`OfflineFetcher` answers ``data:`` URIs and
  refuses every other address (http, https, file, ftp ...), so a plan can
  never make the renderer reach the network or read a local file.
- The same HTML gives the same bytes: dates come from the page's
  ``<meta name="dcterms.created">`` (the edition's day, never "now") and the
  file identifier is a hash of the content.
- One :class:`~weasyprint.text.fonts.FontConfiguration` serves the whole process.
- WeasyPrint's C libraries are opened by their Linux names first
  (:mod:`generator.rendering.libraries`), which saves about 0.45 s a process.
- Python's garbage collector runs less often while WeasyPrint lays out and
  writes (:func:`fewer_collections`).
"""

from __future__ import annotations

import gc
import re
from contextlib import contextmanager

from generator.rendering.libraries import linux_names_first

with linux_names_first():
    from weasyprint import CSS, HTML
    from weasyprint.text.fonts import FontConfiguration
    from weasyprint.urls import URLFetcher

_SCHEME = re.compile(r"^([a-zA-Z][a-zA-Z0-9.+-]*):")
_fonts: FontConfiguration | None = None


class RemoteAddressRefused(ValueError):
    """The page asked for something that is not a ``data:`` URI."""


class OfflineFetcher(URLFetcher):
    """A URL fetcher that serves ``data:`` URIs and refuses everything else.

    ``refused`` lists every address it turned down, in order. WeasyPrint
    catches the refusal, leaves the image out and goes on rendering.
    """

    def __init__(self):
        super().__init__(allowed_protocols=("data",), allow_redirects=False,
                         fail_on_errors=False)
        self.refused: list[str] = []

    def fetch(self, url, headers=None):
        """The resource at a ``data:`` URI; :class:`RemoteAddressRefused` for any other."""
        scheme = _SCHEME.match(url)
        if not scheme or scheme[1].lower() != "data":
            self.refused.append(url)
            raise RemoteAddressRefused(f"dealroom fetches nothing: {url}")
        return super().fetch(url, headers)


def font_configuration() -> FontConfiguration:
    """The process's one FontConfiguration (building one costs fontconfig work)."""
    global _fonts
    if _fonts is None:
        _fonts = FontConfiguration()
    return _fonts


@contextmanager
def fewer_collections():
    """Inside this block the cyclic garbage collector runs about seventy times
    less often (thresholds 50000, 50, 1000 instead of 700, 10, 10).

    A layout makes hundreds of thousands of small objects that live until the
    page is written; with the default thresholds the collector looks at them
    again and again (a young collection every 700 new objects, a full one
    about every 70,000) to find next to nothing: about 5% of a layout's time.
    Cycles are still collected, later; the process's thresholds are put back
    afterwards, and the PDF is the same."""
    before = gc.get_threshold()
    gc.set_threshold(50_000, 50, 1_000)
    try:
        yield
    finally:
        gc.set_threshold(*before)


def paged_stylesheet(edition) -> str:
    """``paged.css``: the running title, the outline levels, the margin texts and
    the size of the timeline, rendered for ``edition``.

    Found like every template (user folder, theme, built-in). WeasyPrint reads it
    as a user stylesheet, so the page's own rules win where both speak."""
    return edition.render("paged.css")


def layout(page: str, fetcher: OfflineFetcher | None = None, paged_css: str = ""):
    """``page`` laid out on paper (a WeasyPrint Document: ``.pages`` counts them)."""
    fetcher = fetcher or OfflineFetcher()
    with fewer_collections():
        stylesheets = [CSS(string=paged_css, url_fetcher=fetcher,
                           font_config=font_configuration())] if paged_css else []
        return HTML(string=page, url_fetcher=fetcher, media_type="print").render(
            stylesheets=stylesheets, font_config=font_configuration())


def to_pdf(document) -> bytes:
    """A laid-out document as a tagged PDF with embedded fonts.

    Title, author, subject and keywords come from the page's ``<title>`` and
    ``<meta>``; the outline from the ``bookmark-level`` of its headings. The
    file identifier is a hash of the content, so it never varies by itself.
    """
    with fewer_collections():
        return document.write_pdf(pdf_tags=True, pdf_identifier=True)


def html_to_pdf(page: str, fetcher: OfflineFetcher | None = None, paged_css: str = "") -> bytes:
    """A self-contained HTML page as a PDF (see :func:`to_pdf`)."""
    return to_pdf(layout(page, fetcher, paged_css))
