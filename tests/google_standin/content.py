"""The structured content of a stand-in Google Doc, and its Docs API JSON with indexes.

Content is kept as paragraphs of characters (each with its text style and the
suggestion ids that inserted or deleted it) and tables of rows of cells holding
paragraphs. Indexes are never stored: `content_json` computes them in UTF-16 code
units exactly per the index model of the Docs API (a table is its own start
character, then per row a row-start character, per cell a cell-start character
and the cell's paragraphs). `visible` makes the view of one suggestionsViewMode.
"""

import copy
from dataclasses import dataclass, field

INLINE = "SUGGESTIONS_INLINE"
WITHOUT = "PREVIEW_WITHOUT_SUGGESTIONS"
ACCEPTED = "PREVIEW_SUGGESTIONS_ACCEPTED"
VIEW_MODES = (INLINE, WITHOUT, ACCEPTED)


class RequestError(Exception):
    """A request Google would refuse with 400 INVALID_ARGUMENT; the message says why."""


@dataclass
class Char:
    """One code point with its text style and suggestion ids."""

    text: str
    style: dict = field(default_factory=dict)
    insertions: tuple = ()
    deletions: tuple = ()

    @property
    def units(self) -> int:
        return len(self.text.encode("utf-16-le")) // 2


@dataclass
class Paragraph:
    """Characters ending in "\\n", a paragraph style and an optional bullet."""

    chars: list
    style: dict = field(default_factory=lambda: {"namedStyleType": "NORMAL_TEXT"})
    bullet: dict | None = None

    @classmethod
    def of(cls, text: str, style: dict | None = None, insertions=(), deletions=()):
        """A paragraph of plain `text` (its "\\n" added), all characters with the given ids."""
        chars = [Char(letter, dict(style or {}), tuple(insertions), tuple(deletions)) for letter in text + "\n"]
        return cls(chars)

    @property
    def text(self) -> str:
        return "".join(char.text for char in self.chars)


@dataclass
class Cell:
    """A table cell: its paragraphs and its stored tableCellStyle."""

    content: list
    style: dict = field(default_factory=dict)


@dataclass
class Row:
    """A table row, perhaps suggested for insertion or deletion."""

    cells: list
    insertions: tuple = ()
    deletions: tuple = ()


@dataclass
class Table:
    """Rows of cells; `pinned` header rows; stored column properties."""

    rows: list
    columns: int
    pinned: int = 0
    column_properties: dict = field(default_factory=dict)

    @classmethod
    def empty(cls, rows: int, columns: int):
        return cls([Row([Cell([Paragraph.of("")]) for _ in range(columns)]) for _ in range(rows)], columns)


def length(item) -> int:
    """How many index units a paragraph, a table or a list of them takes."""
    if isinstance(item, list):
        return sum(length(element) for element in item)
    if isinstance(item, Paragraph):
        return sum(char.units for char in item.chars)
    return 1 + sum(1 + sum(1 + length(cell.content) for cell in row.cells) for row in item.rows)


def placed(items: list, start: int):
    """Each item of a content list with its start and end index."""
    position = start
    for item in items:
        end = position + length(item)
        yield item, position, end
        position = end


def placed_cells(table: Table, start: int):
    """Each cell of a table with the start and end index of its content."""
    position = start + 1
    for row in table.rows:
        position += 1
        for cell in row.cells:
            end = position + 1 + length(cell.content)
            yield cell, position + 1, end
            position = end


# --- views of one suggestionsViewMode -----------------------------------------------


def hidden(char: Char, mode: str) -> bool:
    """Whether a view leaves this character out."""
    return bool(char.insertions) if mode == WITHOUT else bool(char.deletions) if mode == ACCEPTED else False


def visible(items: list, mode: str) -> list:
    """A copy of the content as seen in `mode`: suggestions applied, left out or kept inline."""
    result, carried, last = [], [], len(items) - 1
    for number, item in enumerate(copy.deepcopy(items)):
        if isinstance(item, Table):
            item.rows = [_visible_row(row, mode) for row in item.rows if not _row_hidden(row, mode)]
            result.extend([item] if item.rows else [])
            continue
        item.chars = carried + [char for char in item.chars[:-1] if not hidden(char, mode)] + item.chars[-1:]
        carried = []
        if hidden(item.chars[-1], mode) and number < last:
            carried = item.chars[:-1]
            continue
        result.append(item)
    for char in _all_chars(result):
        if mode != INLINE:
            char.insertions = char.deletions = ()
    return result


def _row_hidden(row: Row, mode: str) -> bool:
    return bool(row.insertions) if mode == WITHOUT else bool(row.deletions) if mode == ACCEPTED else False


def _visible_row(row: Row, mode: str) -> Row:
    for cell in row.cells:
        cell.content = visible(cell.content, mode)
    if mode != INLINE:
        row.insertions = row.deletions = ()
    return row


def _all_chars(items: list):
    for item in items:
        if isinstance(item, Paragraph):
            yield from item.chars
        else:
            for row in item.rows:
                for cell in row.cells:
                    yield from _all_chars(cell.content)


# --- Docs API JSON --------------------------------------------------------------------


def content_json(items: list, start: int) -> list:
    """The Docs API structural elements of a content list starting at index `start`."""
    return [
        _paragraph_json(item, begin, end) if isinstance(item, Paragraph) else _table_json(item, begin, end)
        for item, begin, end in placed(items, start)
    ]


def _paragraph_json(paragraph: Paragraph, start: int, end: int) -> dict:
    body = {"elements": list(_runs_json(paragraph.chars, start)), "paragraphStyle": dict(paragraph.style)}
    if paragraph.bullet:
        body["bullet"] = dict(paragraph.bullet)
    return {"startIndex": start, "endIndex": end, "paragraph": body}


def _runs_json(chars: list, start: int):
    """Consecutive characters of equal style and suggestions as one textRun each."""
    run: list = []
    for char in chars + [None]:
        if run and (char is None or _run_key(char) != _run_key(run[0])):
            end = start + sum(each.units for each in run)
            yield {"startIndex": start, "endIndex": end, "textRun": _text_run(run)}
            start, run = end, []
        run.append(char)


def _run_key(char: Char):
    return char.style, char.insertions, char.deletions


def _text_run(run: list) -> dict:
    text_run = {"content": "".join(char.text for char in run), "textStyle": dict(run[0].style)}
    if run[0].insertions:
        text_run["suggestedInsertionIds"] = list(run[0].insertions)
    if run[0].deletions:
        text_run["suggestedDeletionIds"] = list(run[0].deletions)
    return text_run


def _table_json(table: Table, start: int, end: int) -> dict:
    rows, position = [], start + 1
    for number, row in enumerate(table.rows):
        row_json = _row_json(table, row, number, position)
        rows.append(row_json)
        position = row_json["endIndex"]
    columns = [dict(table.column_properties.get(column, {"widthType": "EVENLY_DISTRIBUTED"}))
               for column in range(table.columns)]
    body = {"rows": len(table.rows), "columns": table.columns, "tableRows": rows,
            "tableStyle": {"tableColumnProperties": columns}}
    return {"startIndex": start, "endIndex": end, "table": body}


def _row_json(table: Table, row: Row, number: int, start: int) -> dict:
    cells, position = [], start + 1
    for cell in row.cells:
        end = position + 1 + length(cell.content)
        content = content_json(cell.content, position + 1)
        cells.append({"startIndex": position, "endIndex": end, "content": content, "tableCellStyle": dict(cell.style)})
        position = end
    row_json = {"startIndex": start, "endIndex": position, "tableCells": cells,
                "tableRowStyle": {"tableHeader": number < table.pinned}}
    if row.insertions:
        row_json["suggestedInsertionIds"] = list(row.insertions)
    if row.deletions:
        row_json["suggestedDeletionIds"] = list(row.deletions)
    return row_json
