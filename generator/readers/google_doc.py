"""A Google Doc deal room read back: the Docs API's JSON as the records the Word import reads.

:func:`read_google_doc` takes one ``documents.get`` answer per suggestions
view and Drive's comments, builds the same
:class:`~generator.readers.word_document.WordDocument` that
:func:`~generator.readers.word_xml.read_word` gives for a ``.docx``, and
reads it in plan terms with :func:`~generator.readers.word.deal_document`:

- a cell's original text is its text with no suggestion applied
  (``PREVIEW_WITHOUT_SUGGESTIONS``), its current text the text with every
  suggestion accepted (``PREVIEW_SUGGESTIONS_ACCEPTED``); a cell holding
  suggested text in ``SUGGESTIONS_INLINE`` gets one ``suggested``
  :class:`~generator.readers.word_document.TrackedEdit`. Suggestion authors
  stay None: the API names them only in its Developer Preview. Direct edits
  need no mark: the import compares every cell with the stored snapshot;
- the inline view has every table, row and cell (suggested or not), so it
  leads: a suggested insertion is missing from the view without
  suggestions, a suggested deletion from the accepted one;
- a Drive comment's ``anchor`` is opaque, so a comment belongs to the rows
  whose text holds what it quotes (``quotedFileContent``);
- a Google Doc has no custom properties and no Track Changes switch, so
  ``properties`` is empty and ``track_changes`` False; the identity is the
  footer's, else the copy of the footer line the writer puts at the body's end.

Drive's comment records are read by :mod:`generator.readers.google_comments`.
"""

from __future__ import annotations

from generator.readers.google_comments import anchored, drive_comments
from generator.readers.word import DealDocument, deal_document
from generator.readers.word_document import CellText, RowText, TableText, TrackedEdit, WordDocument
from generator.readers.word_xml import check_cell_length
from generator.rendering.editable import identity_in

WITHOUT = "PREVIEW_WITHOUT_SUGGESTIONS"
ACCEPTED = "PREVIEW_SUGGESTIONS_ACCEPTED"
INLINE = "SUGGESTIONS_INLINE"
VIEWS = (WITHOUT, ACCEPTED, INLINE)
"""The ``suggestionsViewMode`` of each ``documents.get`` the reader needs."""

INSERTED, DELETED = "suggestedInsertionIds", "suggestedDeletionIds"
SUGGESTED = TrackedEdit(kind="suggested", author=None, date=None)


def read_google_doc(views: dict[str, dict], comments: list[dict], label: str) -> DealDocument:
    """The Google Doc whose ``documents.get`` answers are ``views`` (one per name in
    :data:`VIEWS`) with Drive's ``comments``, in plan terms; ``label`` names it in messages.

    A document without plan tables or identity is a DocumentError."""
    return deal_document(google_document(views, comments, label), label, kind="Google Docs")


def google_document(views: dict[str, dict], comments: list[dict], label: str) -> WordDocument:
    """What the Google Doc says, as the records a ``.docx`` is read into.

    ``properties`` is empty and ``track_changes`` False: a Google Doc has neither
    custom properties nor a Track Changes switch (its suggestions are read instead)."""
    missing = [name for name in VIEWS if name not in views]
    if missing:
        raise ValueError(f"read_google_doc needs the views {', '.join(missing)}")
    read = drive_comments(comments)
    tables = anchored(_tables(views, label), read.quotes)
    return WordDocument(tables=tables, comments=read.comments,
                        footer_text=_footer_text(views[ACCEPTED]), properties={},
                        track_changes=False)


# -- text ---------------------------------------------------------------------------------------

def _paragraph_text(paragraph: dict, leaving_out: str | None = None) -> str:
    """A paragraph's text without its closing newline; runs holding the suggestion key
    ``leaving_out`` are left out. A soft line break (vertical tab) reads as a newline."""
    text = "".join(run.get("content", "") for run in _paragraph_runs(paragraph)
                   if not (leaving_out and run.get(leaving_out)))
    text = text[:-1] if text.endswith("\n") else text
    return text.replace("\x0b", "\n")


def _paragraph_runs(paragraph: dict) -> list[dict]:
    return [element["textRun"] for element in paragraph.get("elements", ())
            if "textRun" in element]


def _content_text(content) -> str:
    """The text of the paragraphs of ``content`` (a cell's, a footer's), joined with newlines."""
    return "\n".join(_paragraph_text(element["paragraph"]) for element in content or ()
                     if "paragraph" in element)


def _holds_suggestion(cell: dict) -> bool:
    runs = [run for element in cell.get("content", ()) if "paragraph" in element
            for run in _paragraph_runs(element["paragraph"])]
    return any(item.get(INSERTED) or item.get(DELETED) for item in (cell, *runs))


# -- tables -------------------------------------------------------------------------------------

def _tables(views: dict[str, dict], label: str) -> tuple[TableText, ...]:
    """The body's top-level tables, the inline view leading."""
    inline = list(_tables_with_headings(views[INLINE]))
    lists = [[table for table, _ in inline], _body_tables(views[WITHOUT]),
             _body_tables(views[ACCEPTED])]
    return tuple(_table(number, heading, (table, old, new), label)
                 for number, ((table, old, new), (_, heading))
                 in enumerate(zip(_aligned(*lists), inline), 1))


def _body(view: dict) -> list[dict]:
    return (view.get("body") or {}).get("content") or []


def _body_tables(view: dict) -> list[dict]:
    return [element["table"] for element in _body(view) if "table" in element]


def _tables_with_headings(view: dict):
    """(table, heading) for each top-level table: the heading is the nearest non-empty
    paragraph above it, as it reads with its suggestions accepted."""
    heading = None
    for element in _body(view):
        if "paragraph" in element:
            heading = _paragraph_text(element["paragraph"], DELETED).strip() or heading
        elif "table" in element:
            yield element["table"], heading


def _aligned(inline: list[dict], without: list[dict], accepted: list[dict]):
    """(inline item, its copy without suggestions or None, its copy accepted or None)
    for each table, row or cell of the inline view."""
    without, accepted = iter(without), iter(accepted)
    for item in inline:
        old = None if item.get(INSERTED) else next(without, None)
        new = None if item.get(DELETED) else next(accepted, None)
        yield item, old, new


def _table(number: int, heading: str | None, tables: tuple, label: str) -> TableText:
    inline, old, new = tables
    rows, below = [], {}
    row_lists = [(table or {}).get("tableRows") or [] for table in tables]
    for row_number, row in enumerate(_aligned(*row_lists), 1):
        where = (label, number, row_number)
        rows.append(_row(row, _state(inline, row[0]), below, where))
    return TableText(number=number, heading=heading, rows=tuple(rows))


def _state(table: dict, row: dict) -> str:
    """``deleted`` (also inserted then deleted), ``inserted`` or ``kept``, by the row's own
    suggestion or its table's."""
    if row.get(DELETED) or table.get(DELETED):
        return "deleted"
    return "inserted" if row.get(INSERTED) or table.get(INSERTED) else "kept"


def _row(rows: tuple, state: str, below: dict, where: tuple) -> RowText:
    """One row's record; ``below`` carries the cells merged down into the next rows."""
    cell_lists = [(row or {}).get("tableCells") or [] for row in rows]
    cells = [(cell, _cell(cell, old, new, (*where, number)))
             for number, (cell, old, new) in enumerate(_aligned(*cell_lists), 1)]
    return RowText(cells=_grid(cells, below), state=state,
                   edits=() if state == "kept" else (SUGGESTED,), comment_ids=())


def _cell(cell: dict, old: dict | None, new: dict | None, where: tuple) -> CellText:
    original = _content_text((old or {}).get("content"))
    current = _content_text((new or {}).get("content"))
    check_cell_length(where, original, current)
    return CellText(original=original, current=current,
                    edits=(SUGGESTED,) if _holds_suggestion(cell) else ())


def _grid(cells: list[tuple[dict, CellText]], below: dict) -> tuple[CellText, ...]:
    """The cells as Word has them: a cell merged across (``columnSpan``) spans the grid
    columns of the cells it covers, which are left out; a cell under one merged down
    (``rowSpan``) continues it. ``below``: grid column → (rows still covered, span)."""
    found, covered_to, reaching = [], 0, dict(below)
    below.clear()
    for column, (cell, text) in enumerate(cells):
        if column < covered_to:
            continue
        if column in reaching:
            rows_left, span = reaching[column]
            found.append(text.replace(span=span, continues=True))
            _carry(below, column, rows_left - 1, span)
        else:
            style = cell.get("tableCellStyle") or {}
            span = _span(style.get("columnSpan"))
            found.append(text.replace(span=span))
            _carry(below, column, _span(style.get("rowSpan")) - 1, span)
        covered_to = column + found[-1].span
    return tuple(found)


def _carry(below: dict, column: int, rows_left: int, span: int) -> None:
    if rows_left > 0:
        below[column] = (rows_left, span)


def _span(value) -> int:
    return value if isinstance(value, int) and 1 <= value <= 64 else 1


# -- identity -----------------------------------------------------------------------------------

def _footer_text(view: dict) -> str:
    """The footers' text (the default footer first); when it holds no identity, the
    body's paragraphs after it, as the writer repeats the footer line at the body's end."""
    footers = view.get("footers") or {}
    first = (view.get("documentStyle") or {}).get("defaultFooterId")
    ordered = [first] * (first in footers) + [key for key in footers if key != first]
    text = "\n".join(_content_text(footers[key].get("content")) for key in ordered)
    if identity_in(text) is not None:
        return text
    return "\n".join([text, _content_text(_body(view))])
