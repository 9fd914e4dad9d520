"""An edited Word document read as tables of text, tracked changes and comments.

The one module that reads WordprocessingML; nothing above it touches XML.
:func:`read_word` gives a :class:`WordDocument` (records in
:mod:`generator.readers.word_document`): every top-level table of the
body, each cell's text as it was before tracked changes and as it is now,
who changed what, the comments and the rows they are anchored in, the
footer's text, the custom properties and whether Track Changes is on.

Written for what Word, LibreOffice and Google Docs' export really write:

- text hides inside wrappers: ``w:sdt`` (Google wraps every row and many runs
  in ``goog_rdk_N`` controls), ``w:customXml``, ``w:smartTag``,
  ``w:hyperlink``, ``w:fldSimple`` and tracked changes; the walk descends
  through any element that is not a property element;
- original text is ``w:t`` not under ``w:ins``/``w:moveTo`` plus
  ``w:delText``; current text is ``w:t`` not under ``w:del``/``w:moveFrom``,
  so moved text counts once on each side; a paragraph mark inserted or
  deleted (``w:pPr/w:rPr/w:ins``) joins two paragraphs on that side;
- LibreOffice reuses ``w:id`` values, so only comment ids are keys;
- a comment belongs to every row it is open in, started in or referenced in.

The package itself (zip, XML parser, bounds) is :mod:`generator.readers.docx_package`.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

from generator.errors import DocumentError
from generator.readers.docx_package import Package
from generator.readers.word_document import (CellText, Comment, RowText, TableText, TrackedEdit,
                                             WordDocument)
from generator.record import Record

__all__ = ["read_word", "WordDocument", "TableText", "RowText", "CellText", "TrackedEdit",
           "Comment", "CELL_MAX_CHARACTERS", "check_cell_length"]

CELL_MAX_CHARACTERS = 20_000
"""The longest cell text read; a step's cell holds a line or two."""
DOCUMENT = "word/document.xml"
PROPERTIES = "docProps/custom.xml"

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
W14 = "{http://schemas.microsoft.com/office/word/2010/wordml}"
W15 = "{http://schemas.microsoft.com/office/word/2012/wordml}"
CUSTOM = "{http://schemas.openxmlformats.org/officeDocument/2006/custom-properties}"
MC_FALLBACK = "{http://schemas.openxmlformats.org/markup-compatibility/2006}Fallback"
W_P, W_TBL, W_TR, W_TC, W_SDT = W + "p", W + "tbl", W + "tr", W + "tc", W + "sdt"
W_T, W_DEL_TEXT, W_ID = W + "t", W + "delText", W + "id"
RANGE_START, RANGE_END = W + "commentRangeStart", W + "commentRangeEnd"
REFERENCE = W + "commentReference"

CHARACTERS = {W + "tab": " ", W + "ptab": " ", W + "br": "\n", W + "cr": "\n",
              W + "noBreakHyphen": "-"}
"""Elements that stand for one character of text."""
ZERO_WIDTH = "\u200b\u200c\u200d\u2060\ufeff"
"""Zero-width space, non-joiner and joiner, word joiner, byte order mark."""
CHANGES = {W + "ins": ("inserted", True, False), W + "moveTo": ("moved", True, False),
           W + "del": ("deleted", False, True), W + "moveFrom": ("moved", False, True)}
"""Tracked changes: element → (kind, hides from the original, hides from the current text)."""
NO_TEXT = frozenset([MC_FALLBACK] + [W + name for name in (
    "pPr", "rPr", "tblPr", "trPr", "tcPr", "tblPrEx", "tblGrid", "sdtPr", "sdtEndPr", "sectPr",
    "customXmlPr", "smartTagPr")])
"""Elements never descended into: properties (a tab stop is a ``w:tab`` too) and
the fallback copy of a text box."""


class _Parts(Record):
    """Where the main document's related parts are."""

    comments: str | None
    comments_extended: str | None
    settings: str | None
    footers: tuple[str, ...]


def read_word(path: Path) -> WordDocument:
    """Read the .docx at ``path``.

    A missing or unreadable file is a UsageError; a file that is not a Word
    document, is damaged, too large or hostile is a DocumentError naming it.
    """
    package = Package(Path(path))
    if not package.has(DOCUMENT):
        raise DocumentError(f"{path}: is not a Word document (.docx): it has no {DOCUMENT}")
    tables = _read_tables(_body(package.xml(DOCUMENT), path), str(path))
    parts = _related_parts(package)
    return WordDocument(tables=tables, comments=_comments(package, parts),
                        footer_text=_footer_text(package, parts),
                        properties=_properties(package),
                        track_changes=_track_changes(package, parts))


def _body(document, path):
    if document.tag != W + "document":
        raise DocumentError(f"{path}: is not a Word document (.docx): {DOCUMENT} holds "
                            f"{document.tag} instead of WordprocessingML's document (a Strict "
                            "Open XML file? save it as a Word Document)")
    body = document.find(W + "body")
    return document if body is None else body


# -- text ---------------------------------------------------------------------------------------

class _Text:
    """Text met in document order, as it was and as it is, and the tracked changes met."""

    __slots__ = ("original", "current", "edits")

    def __init__(self):
        self.original: list[str] = []
        self.current: list[str] = []
        self.edits: list[TrackedEdit] = []

    def add(self, text: str, inserted: bool, deleted: bool) -> None:
        if not text:
            return
        if not inserted:
            self.original.append(text)
        if not deleted:
            self.current.append(text)

    def versions(self) -> tuple[str, str]:
        """The original and the current text, each stripped at both ends."""
        return _stripped("".join(self.original)), _stripped("".join(self.current))


def _stripped(text: str) -> str:
    """``text`` without white space or zero-width characters at either end
    (LibreOffice fills each empty cell of a row it inserts with a zero-width joiner)."""
    return text.strip().strip(ZERO_WIDTH).strip() if text else text


def _read_text(element, text: _Text, inserted: bool = False, deleted: bool = False) -> None:
    """Add the text under ``element`` to ``text``; ``inserted``/``deleted`` say
    whether an enclosing tracked change hides it from the original/current text."""
    for child in element:
        tag = child.tag
        if tag == W_T:
            text.add(child.text or "", inserted, deleted)
        elif tag == W_DEL_TEXT:
            text.add(child.text or "", inserted, True)
        elif tag in CHARACTERS:
            text.add(CHARACTERS[tag], inserted, deleted)
        elif tag in CHANGES:
            _read_change(child, text, inserted, deleted)
        elif tag == W_P:
            _read_paragraph(child, text, inserted, deleted)
        elif tag not in NO_TEXT and not (tag == W_SDT and _shows_placeholder(child)):
            _read_text(child, text, inserted, deleted)


def _read_change(change, text: _Text, inserted: bool, deleted: bool) -> None:
    """A tracked change's text; the change is noted only if it holds some
    (LibreOffice wraps the end of a comment in an empty insertion)."""
    kind, hides_original, hides_current = CHANGES[change.tag]
    noted, before = len(text.edits), len(text.original) + len(text.current)
    _read_text(change, text, inserted or hides_original, deleted or hides_current)
    if len(text.original) + len(text.current) > before:
        text.edits.insert(noted, _tracked_edit(kind, change))


def _read_paragraph(paragraph, text: _Text, inserted: bool, deleted: bool) -> None:
    """A paragraph's text and its end: a line break on each side that has its mark
    (``w:pPr/w:rPr/w:ins`` or ``w:del``), whose change is noted after the text."""
    _read_text(paragraph, text, inserted, deleted)
    mark = paragraph.find(f"{W}pPr/{W}rPr")
    for change in () if mark is None else mark:
        if change.tag in CHANGES:
            kind, hides_original, hides_current = CHANGES[change.tag]
            text.edits.append(_tracked_edit(kind, change))
            inserted, deleted = inserted or hides_original, deleted or hides_current
    text.add("\n", inserted, deleted)


def _shows_placeholder(sdt) -> bool:
    """Whether a content control shows its placeholder ("Click here…"), not text."""
    return sdt.find(f"{W}sdtPr/{W}showingPlcHdr") is not None


def _tracked_edit(kind: str, change) -> TrackedEdit:
    return TrackedEdit(kind=kind, author=change.get(W + "author"),
                       date=_date(change.get(W + "date")))


def _date(value: str | None) -> dt.datetime | None:
    """``2026-03-04T10:15:00Z`` as a datetime; None when absent or unreadable."""
    try:
        return dt.datetime.fromisoformat(value.strip()) if value else None
    except ValueError:
        return None


def _current_text(element) -> str:
    text = _Text()
    _read_text(element, text)
    return text.versions()[1]


# -- tables -------------------------------------------------------------------------------------

def _read_tables(body, filename: str) -> tuple[TableText, ...]:
    """The body's top-level tables with their headings, rows and comment anchors."""
    tables = [(heading, list(_rows(table))) for table, heading in _tables_with_headings(body)]
    comment_ids = _comments_by_row(body, [row[0] for _, rows in tables for row in rows])
    return tuple(_table(number, heading, rows, comment_ids, filename)
                 for number, (heading, rows) in enumerate(tables, 1))


def _table(number: int, heading: str | None, rows: list, comment_ids: dict, filename: str):
    return TableText(number=number, heading=heading, rows=tuple(
        _row(*row, comment_ids[row[0]], (filename, number, row_number))
        for row_number, row in enumerate(rows, 1)))


def _tables_with_headings(body):
    """(table, heading) for each top-level table, through block-level wrappers."""
    heading = None
    for block in _blocks(body):
        if block.tag == W_P:
            heading = _current_text(block) or heading
        else:
            yield block, heading


def _blocks(container):
    for child in container:
        if child.tag in (W_P, W_TBL):
            yield child
        elif child.tag not in NO_TEXT:
            yield from _blocks(child)


def _rows(container, inserted=False, deleted=False, edits=()):
    """(row, inserted, deleted, edits) for each row, through wrappers (Google's
    row-level sdts, tracked changes around rows)."""
    for child in container:
        if child.tag == W_TR:
            yield child, inserted, deleted, edits
        elif child.tag in CHANGES:
            kind, hides_original, hides_current = CHANGES[child.tag]
            yield from _rows(child, inserted or hides_original, deleted or hides_current,
                             edits + (_tracked_edit(kind, child),))
        elif child.tag not in NO_TEXT:
            yield from _rows(child, inserted, deleted, edits)


def _row(row, inserted, deleted, edits, comment_ids, where) -> RowText:
    """A row's record; ``where`` is (file, table number, row number) for errors."""
    marked_inserted, marked_deleted, marks = _row_marks(row)
    inserted, deleted = inserted or marked_inserted, deleted or marked_deleted
    cells = tuple(_cell(cell, inserted, deleted, (*where, number))
                  for number, cell in enumerate(_cells(row), 1))
    state = "deleted" if deleted else "inserted" if inserted else "kept"
    return RowText(cells=cells, state=state, edits=edits + marks, comment_ids=comment_ids,
                   skipped=_grid_count(row.find(f"{W}trPr/{W}gridBefore"), 0))


def _grid_count(element, default: int) -> int:
    """A ``w:gridSpan`` or ``w:gridBefore`` count (1 to 64); ``default`` when absent or unreadable."""
    value = None if element is None else (element.get(W + "val") or "").strip()
    return int(value) if value and value.isdigit() and 0 < int(value) <= 64 else default


def _row_marks(row) -> tuple[bool, bool, tuple[TrackedEdit, ...]]:
    """Whether ``w:trPr`` marks the row inserted, deleted, and those edits."""
    properties = row.find(W + "trPr")
    marks = [] if properties is None else [
        change for change in properties if change.tag in (W + "ins", W + "del")]
    edits = tuple(_tracked_edit(CHANGES[change.tag][0], change) for change in marks)
    kinds = {edit.kind for edit in edits}
    return "inserted" in kinds, "deleted" in kinds, edits


def _cells(container):
    for child in container:
        if child.tag == W_TC:
            yield child
        elif child.tag not in NO_TEXT:
            yield from _cells(child)


def check_cell_length(where: tuple, original: str, current: str) -> None:
    """Refuse a cell longer than :data:`CELL_MAX_CHARACTERS`; ``where`` is (what the
    document is called, table number, row number, cell number)."""
    longest = max(len(original), len(current))
    if longest > CELL_MAX_CHARACTERS:
        label, table, row, column = where
        raise DocumentError(f"{label}: table {table}, row {row}, cell {column} holds "
                            f"{longest:,} characters; a cell may hold at most "
                            f"{CELL_MAX_CHARACTERS:,} (is this a deal room document?)")


def _cell(cell, inserted: bool, deleted: bool, where) -> CellText:
    text = _Text()
    _read_text(cell, text, inserted, deleted)
    original, current = text.versions()
    check_cell_length(where, original, current)
    merged_down = cell.find(f"{W}tcPr/{W}vMerge")
    return CellText(original=original, current=current, edits=tuple(dict.fromkeys(text.edits)),
                    span=_grid_count(cell.find(f"{W}tcPr/{W}gridSpan"), 1),
                    continues=merged_down is not None and
                    (merged_down.get(W + "val") or "continue") == "continue")


# -- comments -----------------------------------------------------------------------------------

def _comments_by_row(body, rows: list) -> dict:
    """Row element → ids of the comments open in it, started in it or referenced in it.

    One walk over the body in document order: a range start opens a comment,
    its end (or its reference, should the end be missing) closes it; each
    top-level row notes what is open where it starts.
    """
    wanted, open_at_start, open_now = set(rows), {}, {}
    for element in body.iter(W_TR, RANGE_START, RANGE_END, REFERENCE):
        if element.tag == W_TR:
            if element in wanted:
                open_at_start[element] = tuple(open_now)
        elif element.tag == RANGE_START:
            open_now[element.get(W_ID)] = None
        else:
            open_now.pop(element.get(W_ID), None)
    return {row: _row_comment_ids(row, open_at_start.get(row, ())) for row in rows}


def _row_comment_ids(row, open_at_start: tuple) -> tuple[str, ...]:
    inside = (marker.get(W_ID) for marker in row.iter(RANGE_START, REFERENCE))
    return tuple(dict.fromkeys(id_ for id_ in (*open_at_start, *inside) if id_ is not None))


def _comments(package: Package, parts: _Parts) -> tuple[Comment, ...]:
    root = package.xml(parts.comments) if parts.comments else None
    if root is None:
        return ()
    threads = _threads(package.xml(parts.comments_extended) if parts.comments_extended else None)
    found = [(comment, _last_paragraph_id(comment)) for comment in root.iter(W + "comment")]
    comment_of_paragraph = {paragraph: comment.get(W_ID)
                            for comment, paragraph in found if paragraph}
    return tuple(_comment(comment, *threads.get(paragraph, (None, False)), comment_of_paragraph)
                 for comment, paragraph in found)


def _comment(comment, parent_paragraph, done, comment_of_paragraph) -> Comment:
    return Comment(id=comment.get(W_ID, ""), author=comment.get(W + "author"),
                   initials=comment.get(W + "initials"), date=_date(comment.get(W + "date")),
                   text=_current_text(comment), done=done,
                   parent_id=comment_of_paragraph.get(parent_paragraph))


def _last_paragraph_id(comment) -> str | None:
    paragraphs = list(comment.iter(W_P))
    paragraph_id = paragraphs[-1].get(W14 + "paraId") if paragraphs else None
    return paragraph_id.upper() if paragraph_id else None


def _threads(root) -> dict:
    """Paragraph id of a comment → (paragraph id of its parent or None, resolved)."""
    if root is None:
        return {}
    return {entry.get(W15 + "paraId", "").upper():
            ((entry.get(W15 + "paraIdParent") or "").upper() or None,
             _on(entry.get(W15 + "done"), default=False))
            for entry in root.iter(W15 + "commentEx")}


# -- other parts --------------------------------------------------------------------------------

def _footer_text(package: Package, parts: _Parts) -> str:
    texts = (_current_text(root) for root in map(package.xml, parts.footers) if root is not None)
    return "\n".join(text for text in texts if text)


def _properties(package: Package) -> dict:
    """Custom property name → the text of its value (``vt:lpwstr``, ``vt:i4``, ``vt:bool``…)."""
    root = package.xml(PROPERTIES)
    if root is None:
        return {}
    return {prop.get("name"): _property_value(prop)
            for prop in root.iter(CUSTOM + "property") if prop.get("name")}


def _property_value(prop) -> str:
    value = next(iter(prop), None)
    return "" if value is None else "".join(value.itertext())


def _track_changes(package: Package, parts: _Parts) -> bool:
    root = package.xml(parts.settings) if parts.settings else None
    setting = None if root is None else root.find(W + "trackRevisions")
    return setting is not None and _on(setting.get(W + "val"), default=True)


def _on(value: str | None, default: bool) -> bool:
    """An OOXML on/off value: ``1``, ``true`` or ``on``; absent means ``default``."""
    return default if value is None else value.strip().lower() in ("1", "true", "on")


def _related_parts(package: Package) -> _Parts:
    """The parts the main document's relationships name, or the usual names without them."""
    targets = package.relations(DOCUMENT)
    if targets is None:
        footers = [name for name in package.names() if re.fullmatch(r"word/footer\d*\.xml", name)]
        return _Parts(comments="word/comments.xml", comments_extended="word/commentsExtended.xml",
                      settings="word/settings.xml", footers=tuple(sorted(footers, key=_in_order)))
    return _Parts(comments=_first(targets, "comments"),
                  comments_extended=_first(targets, "commentsExtended"),
                  settings=_first(targets, "settings"),
                  footers=tuple(sorted(set(targets.get("footer", ())), key=_in_order)))


def _first(targets: dict, kind: str) -> str | None:
    return targets.get(kind, [None])[0]


def _in_order(name: str) -> tuple[int, str]:
    """``footer2.xml`` before ``footer10.xml``."""
    return len(name), name
