"""How tall the brief would be with a tighter budget, estimated from one layout.

The brief must fit one sheet, and laying a page out is most of its cost, so
:func:`generator.writers.brief.fit_one_page` lays out the roomiest budget and,
when that overflows, measures the layout here (:func:`measure`) and estimates
the height of each tighter budget's page without laying it out
(:func:`estimated_height`):

- A page is a stack of *rows* (table rows, and blocks of lines: paragraphs,
  headings) and of fixed height between them (margins, section padding), which
  no budget changes.
- A row whose text is unchanged keeps its measured height.
- A row whose text begins like a measured one (a title cut shorter, a
  consequence left out) is that row's padding plus its tallest cell, each
  cell's lines scaled by how much of its text is left.
- Any other row (``and 3 more steps in the full plan``) is as tall as the
  shortest measured row of its element and class.

Against real layouts of the examples and of long plans, on A4 and Letter, the
estimate is within about 35 pt (two lines), more often too tall than too short.
Boxes are read through WeasyPrint's layout objects (``Page._page_box``), which
is why WeasyPrint is pinned.
"""

from __future__ import annotations

import math

from generator.record import Record
# WeasyPrint through pdf_output, so that its libraries are opened by their Linux names
from generator.rendering.pdf_output import HTML
from weasyprint.formatting_structure import boxes  # noqa: I001 (after pdf_output on purpose)

SHARED_START = 12
"""Characters a row's text must share with a measured row's to be sized from it."""


class Cell(Record):
    """A table cell, or a block of lines, as laid out."""

    text: str
    lines: int
    line_height: float
    other: float
    """Height of its content that is not lines (the margins of blocks inside it)."""
    spans: bool = False
    """Whether it spans rows (then it does not set the height of its first row)."""


class Row(Record):
    """One row of the page's stack, as laid out."""

    tag: str
    kind: str | None
    """The element's class attribute."""
    text: str
    height: float
    padding: float
    """Height beyond the content of its tallest cell."""
    cells: tuple


class Measure(Record):
    """A laid-out page: its rows, the height between them, and the room on a sheet."""

    rows: tuple
    fixed: float
    room: float


def measure(document) -> Measure:
    """The rows of a laid-out ``document`` (a WeasyPrint Document) and its fixed height.

    A row split over two pages counts once with both parts; a table header
    repeated on the next page counts once."""
    used, heights, firsts = 0.0, {}, {}
    for number, page in enumerate(document.pages, start=1):
        on_page = list(_rows(page._page_box.children[0]))
        used += _used_height(page._page_box, on_page, number == len(document.pages))
        for box in on_page:
            key = id(box.element)
            if key in firsts and isinstance(box, boxes.TableRowBox):
                used -= box.margin_height()
                continue
            firsts.setdefault(key, box)
            heights[key] = heights.get(key, 0.0) + box.margin_height()
    rows = tuple(_row(box, heights[key]) for key, box in firsts.items())
    return Measure(rows=rows, fixed=used - sum(row.height for row in rows),
                   room=document.pages[0]._page_box.height)


def estimated_height(measured: Measure, page: str) -> float:
    """The height the HTML ``page`` would take on paper, from the rows of ``measured``."""
    known: dict[tuple[str, str], float] = {}
    for row in measured.rows:
        known.setdefault((row.tag, row.text), row.height)
    tags = {row.tag for row in measured.rows}
    total = measured.fixed
    for element in _row_elements(HTML(string=page).etree_element, tags):
        text = _text(element)
        total += known[element.tag, text] if (element.tag, text) in known \
            else _guess(measured, element, text)
    return total


# -- measuring ---------------------------------------------------------------------

def _rows(box):
    """The row boxes in ``box``, outermost first, in page order."""
    if box.is_absolutely_positioned() or box.is_floated():
        return
    is_row = isinstance(box, boxes.TableRowBox) or (
        isinstance(box, boxes.BlockContainerBox)
        and any(isinstance(child, boxes.LineBox) for child in box.children))
    if is_row and box.element is not None:
        yield box
        return
    for child in getattr(box, "children", ()):
        yield from _rows(child)


def _used_height(page_box, rows: list, last: bool) -> float:
    """Height used on a page: to the bottom of the document on the last page,
    to the bottom of the last row on the others (not the room left at the break)."""
    top = page_box.content_box_y()
    if last or not rows:
        root = page_box.children[0]
        return root.position_y + root.margin_height() - top if last else page_box.height
    return max(box.position_y + box.margin_height() for box in rows) - top


def _row(box, height: float) -> Row:
    """A row box as a :class:`Row` of ``height`` (its parts on every page)."""
    is_table_row = isinstance(box, boxes.TableRowBox)
    cells = tuple(_cell(child) for child in box.children) if is_table_row else (_cell(box),)
    content = max((cell.other + cell.lines * cell.line_height for cell in cells if not cell.spans),
                  default=0.0)
    return Row(tag=box.element.tag, kind=box.element.get("class"), text=_text(box.element),
               height=height, padding=box.margin_height() - content, cells=cells)


def _cell(box) -> Cell:
    """A table cell or a block of lines as a :class:`Cell`."""
    lines = list(_lines(box))
    line_total = sum(line.height for line in lines)
    content = sum(child.margin_height() for child in box.children)
    return Cell(text=_text(box.element), lines=len(lines),
                line_height=line_total / len(lines) if lines else 0.0,
                other=content - line_total, spans=getattr(box, "rowspan", 1) > 1)


def _lines(box):
    """The line boxes in ``box``, not counting lines inside lines."""
    for child in getattr(box, "children", ()):
        if isinstance(child, boxes.LineBox):
            yield child
        else:
            yield from _lines(child)


# -- estimating --------------------------------------------------------------------

def _row_elements(element, tags: set[str]):
    """The outermost elements under ``element`` whose tag is one of the rows'."""
    for child in element:
        if child.tag in tags:
            yield child
        elif isinstance(child.tag, str):
            yield from _row_elements(child, tags)


def _guess(measured: Measure, element, text: str) -> float:
    """The height of a row element that was not measured as it is."""
    alike = [row for row in measured.rows if row.tag == element.tag]
    source = _sharing_start(text, alike)
    if source is None:
        kind = element.get("class")
        heights = [row.height for row in alike if row.kind == kind and row.height] \
            or [row.height for row in alike if row.height]
        return min(heights, default=0.0)
    texts = [_text(cell) for cell in element if cell.tag in ("td", "th")
             and cell.get("rowspan", "1") == "1"] if element.tag == "tr" else [text]
    return source.padding + max((_cell_height(cell, source.cells) for cell in texts), default=0.0)


def _cell_height(text: str, cells: tuple) -> float:
    """The height of a cell's content with ``text``, sized from the measured cell it
    shortens (one line of the row's type when there is none)."""
    source = _sharing_start(text, cells)
    if source is None:
        return min((cell.line_height + cell.other for cell in cells), default=0.0)
    lines = source.lines if text == source.text \
        else math.ceil(source.lines * len(text) / max(len(source.text), 1) - 0.05)
    return source.other + max(lines, 1) * source.line_height


def _sharing_start(text: str, candidates):
    """The candidate whose ``.text`` starts with the longest run of ``text``'s
    first characters, when that run is long enough to mean the same thing."""
    best, best_length = None, 0
    for candidate in candidates:
        length = _shared_start(text, candidate.text)
        if length > best_length:
            best, best_length = candidate, length
    return best if best_length >= min(SHARED_START, len(text)) and best_length else None


def _shared_start(one: str, other: str) -> int:
    """How many first characters ``one`` and ``other`` have in common."""
    length = 0
    for a, b in zip(one, other):
        if a != b:
            break
        length += 1
    return length


def _text(element) -> str:
    """An element's text, spaces collapsed."""
    return " ".join("".join(element.itertext()).split())
