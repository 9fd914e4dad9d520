"""The batchUpdate request kinds the stand-in applies to a document's content.

Each handler takes the document and the request's body (the value under its
kind, e.g. the dict under "insertText") and returns the reply ({} when Google
replies nothing). Anything Google would refuse raises RequestError.
"""

import copy
import itertools

from tests.google_standin.content import Cell, Char, Paragraph, RequestError, Table, length, placed, placed_cells

_list_numbers = itertools.count(1)


# --- finding places ---------------------------------------------------------------------


def find_paragraph(items: list, start: int, index: int):
    """(content list, position in it, paragraph start) of the paragraph holding `index`."""
    for number, (item, begin, end) in enumerate(placed(items, start)):
        if not begin <= index < end:
            continue
        if isinstance(item, Paragraph):
            return items, number, begin
        if index == begin:
            raise RequestError(f"Index {index} is the start of a table: text must be inside a paragraph")
        for cell, cell_start, cell_end in placed_cells(item, begin):
            if cell_start <= index < cell_end:
                return find_paragraph(cell.content, cell_start, index)
        raise RequestError(f"Index {index} is a table row or cell boundary, not inside a paragraph")
    end = start + length(items)
    raise RequestError(f"Index {index} must be less than the end index of the referenced segment, {end}.")


def char_position(paragraph: Paragraph, offset: int) -> int:
    """The position in `paragraph.chars` that starts `offset` UTF-16 units in."""
    units = 0
    for position, char in enumerate(paragraph.chars):
        if units == offset:
            return position
        units += char.units
    raise RequestError(f"Offset {offset} splits a character of paragraph {paragraph.text!r}")


def walk_paragraphs(items: list, start: int):
    """Every paragraph, in tables too, with its start and end index."""
    for item, begin, end in placed(items, start):
        if isinstance(item, Paragraph):
            yield item, begin, end
            continue
        for cell, cell_start, _ in placed_cells(item, begin):
            yield from walk_paragraphs(cell.content, cell_start)


def paragraphs_in(items: list, start: int, first: int, last: int):
    """The paragraphs a range [first, last) touches."""
    for paragraph, begin, end in walk_paragraphs(items, start):
        if begin < last and end > first or begin <= first < end:
            yield paragraph


def chars_in(items: list, start: int, first: int, last: int):
    """The characters inside a range [first, last)."""
    for paragraph, begin, _ in walk_paragraphs(items, start):
        position = begin
        for char in paragraph.chars:
            if first <= position < last:
                yield char
            position += char.units


def table_at(items: list, start: int, index: int) -> Table:
    """The table starting exactly at `index`."""
    for item, begin, _ in placed(items, start):
        if isinstance(item, Table) and begin == index:
            return item
    raise RequestError(f"No table starts at index {index}")


def insertion_index(doc, request: dict):
    """(content, start, index) of a request's location or endOfSegmentLocation."""
    where = request.get("location") or request.get("endOfSegmentLocation")
    if where is None:
        raise RequestError("a location or an endOfSegmentLocation is required")
    items, start = doc.segment(where.get("segmentId", ""))
    index = where["index"] if "location" in request else start + length(items) - 1
    return items, start, index


# --- text and tables ---------------------------------------------------------------------


def insert_text(doc, request: dict) -> dict:
    """insertText: text at a location (a newline in it splits the paragraph), in the body, a cell or a footer."""
    items, start, index = insertion_index(doc, request)
    container, number, begin = find_paragraph(items, start, index)
    paragraph = container[number]
    position = char_position(paragraph, index - begin)
    neighbour = paragraph.chars[position - 1 if position else 0]
    new = [Char(letter, dict(neighbour.style)) for letter in request.get("text", "")]
    container[number:number + 1] = split_lines(paragraph.chars[:position] + new + paragraph.chars[position:], paragraph)
    return {}


def split_lines(chars: list, model: Paragraph) -> list:
    """Paragraphs ending at each "\\n" of `chars`, each styled like `model`."""
    pieces, current = [], []
    for char in chars:
        current.append(char)
        if char.text == "\n":
            pieces.append(Paragraph(current, dict(model.style), copy.deepcopy(model.bullet)))
            current = []
    return pieces


def insert_table(doc, request: dict) -> dict:
    """insertTable: a newline at the index, then an empty table right after it."""
    items, start, index = insertion_index(doc, request)
    container, number, begin = find_paragraph(items, start, index)
    if container is not items:
        raise RequestError("Tables cannot be inserted inside a table (not supported by the stand-in)")
    paragraph = container[number]
    position = char_position(paragraph, index - begin)
    newline = Char("\n", dict(paragraph.chars[-1].style))
    head = Paragraph(paragraph.chars[:position] + [newline], dict(paragraph.style), copy.deepcopy(paragraph.bullet))
    paragraph.chars = paragraph.chars[position:]
    container[number:number + 1] = [head, Table.empty(request["rows"], request["columns"]), paragraph]
    return {}


def delete_content_range(doc, request: dict) -> dict:
    """deleteContentRange: text in one paragraph, across paragraphs, or whole tables."""
    span = request["range"]
    items, start = doc.segment(span.get("segmentId", ""))
    first, last = span["startIndex"], span["endIndex"]
    if first >= last:
        raise RequestError(f"The range [{first}, {last}) is empty")
    items[:] = delete_range(items, start, first, last)
    return {}


def delete_range(items: list, start: int, first: int, last: int) -> list:
    """The content list without [first, last); merges paragraphs whose newline went."""
    final = start + length(items) - 1
    if first <= final < last:
        raise RequestError("The final newline of a segment or table cell cannot be deleted")
    kept = []
    for item, begin, end in placed(items, start):
        if end <= first or begin >= last:
            kept.append((item, False))
        elif isinstance(item, Paragraph):
            kept.extend(_cut_paragraph(item, begin, end, first, last))
        elif first > begin or last < end:
            _delete_in_one_cell(item, begin, first, last)
            kept.append((item, False))
    return _merge(kept)


def _cut_paragraph(paragraph: Paragraph, begin: int, end: int, first: int, last: int):
    if first <= begin and last >= end:
        return []
    low = char_position(paragraph, max(first, begin) - begin)
    high = char_position(paragraph, min(last, end) - begin) if last < end else len(paragraph.chars)
    paragraph.chars[low:high] = []
    return [(paragraph, last >= end)]


def _delete_in_one_cell(table: Table, begin: int, first: int, last: int) -> None:
    for cell, cell_start, cell_end in placed_cells(table, begin):
        if cell_start <= first and last <= cell_end:
            cell.content[:] = delete_range(cell.content, cell_start, first, last)
            return
    raise RequestError(f"The range [{first}, {last}) deletes part of a table: delete whole tables or text in one cell")


def _merge(kept: list) -> list:
    """Join each paragraph that lost its newline to the paragraph after it (its own style wins)."""
    result, carried = [], None
    for item, lost_newline in kept:
        if carried is not None and not isinstance(item, Paragraph):
            raise RequestError("The newline before a table cannot be deleted")
        if carried is not None:
            item.chars = carried.chars + item.chars
            item.style, item.bullet = carried.style, carried.bullet
        carried = item if lost_newline else None
        if not lost_newline:
            result.append(item)
    return result


# --- styles --------------------------------------------------------------------------------


def set_fields(target: dict, given: dict, fields: str) -> None:
    """Copy the fields named in a field mask from `given` into `target` (unset ones are cleared)."""
    names = given.keys() if fields.strip() == "*" else [name.strip() for name in fields.split(",")]
    for name in names:
        if name in given:
            target[name] = copy.deepcopy(given[name])
        else:
            target.pop(name, None)


def _range_of(doc, request: dict):
    span = request["range"]
    items, start = doc.segment(span.get("segmentId", ""))
    return items, start, span["startIndex"], span["endIndex"]


def update_paragraph_style(doc, request: dict) -> dict:
    """updateParagraphStyle: the masked fields on every paragraph the range touches."""
    items, start, first, last = _range_of(doc, request)
    for paragraph in paragraphs_in(items, start, first, last):
        set_fields(paragraph.style, request["paragraphStyle"], request["fields"])
    return {}


def update_text_style(doc, request: dict) -> dict:
    """updateTextStyle: the masked fields (bold, link, ...) on every character in the range."""
    items, start, first, last = _range_of(doc, request)
    for char in chars_in(items, start, first, last):
        char.style = dict(char.style)
        set_fields(char.style, request["textStyle"], request["fields"])
    return {}


def create_paragraph_bullets(doc, request: dict) -> dict:
    """createParagraphBullets: a new list holding every paragraph the range touches."""
    items, start, first, last = _range_of(doc, request)
    list_id = f"kix.list{next(_list_numbers)}"
    doc.lists[list_id] = {"listProperties": {"nestingLevels": [{"bulletPreset": request.get("bulletPreset")}]}}
    for paragraph in paragraphs_in(items, start, first, last):
        paragraph.bullet = {"listId": list_id}
    return {}


def delete_paragraph_bullets(doc, request: dict) -> dict:
    """deleteParagraphBullets: no paragraph the range touches is a list item any more; as Google
    says, one that was keeps its place by an indent."""
    items, start, first, last = _range_of(doc, request)
    for paragraph in paragraphs_in(items, start, first, last):
        if paragraph.bullet is not None:
            paragraph.style = {**paragraph.style, "indentStart": {"magnitude": 36, "unit": "PT"},
                               "indentFirstLine": {"magnitude": 18, "unit": "PT"}}
        paragraph.bullet = None
    return {}


def _table_of(doc, location: dict) -> Table:
    items, start = doc.segment(location.get("segmentId", ""))
    return table_at(items, start, location["index"])


def pin_table_header_rows(doc, request: dict) -> dict:
    """pinTableHeaderRows: the first rows of the table become header rows."""
    _table_of(doc, request["tableStartLocation"]).pinned = request.get("pinnedHeaderRowsCount", 0)
    return {}


def update_table_column_properties(doc, request: dict) -> dict:
    """updateTableColumnProperties: stored per column, no layout meaning."""
    table = _table_of(doc, request["tableStartLocation"])
    for column in request.get("columnIndices") or range(table.columns):
        stored = table.column_properties.setdefault(column, {})
        set_fields(stored, request["tableColumnProperties"], request["fields"])
    return {}


def update_table_cell_style(doc, request: dict) -> dict:
    """updateTableCellStyle: stored on the cells of the range (all cells without one)."""
    span = request.get("tableRange")
    location = span["tableCellLocation"] if span else None
    table = _table_of(doc, location["tableStartLocation"] if span else request["tableStartLocation"])
    rows, columns = range(len(table.rows)), range(table.columns)
    if span:
        rows = range(location.get("rowIndex", 0), location.get("rowIndex", 0) + span.get("rowSpan", 1))
        columns = range(location.get("columnIndex", 0), location.get("columnIndex", 0) + span.get("columnSpan", 1))
    for row in rows:
        for column in columns:
            cell: Cell = table.rows[row].cells[column]
            set_fields(cell.style, request["tableCellStyle"], request["fields"])
    return {}


def create_footer(doc, request: dict) -> dict:
    """createFooter: a new DEFAULT footer (a second one is refused, as Google does)."""
    if doc.default_footer_id:
        raise RequestError("A footer of type DEFAULT already exists")
    return {"createFooter": {"footerId": doc.add_footer()}}


HANDLERS = {
    "insertText": insert_text,
    "insertTable": insert_table,
    "deleteContentRange": delete_content_range,
    "updateParagraphStyle": update_paragraph_style,
    "updateTextStyle": update_text_style,
    "createParagraphBullets": create_paragraph_bullets,
    "deleteParagraphBullets": delete_paragraph_bullets,
    "pinTableHeaderRows": pin_table_header_rows,
    "createFooter": create_footer,
    "updateTableColumnProperties": update_table_column_properties,
    "updateTableCellStyle": update_table_cell_style,
}
