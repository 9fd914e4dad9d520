"""An editable deal room read back in plan terms: its identity and its step tables.

:func:`deal_document` takes what an edited document says (a
:class:`~generator.readers.word_document.WordDocument`, read from a ``.docx``
by :func:`read_deal_document` or from a Google Doc by
:mod:`generator.readers.google_doc`) and answers: which deal and version does
it say it is (the footer first, the custom properties as a hint), and which
tables are workstream tables, found by their header row, with each column
found by its header text (see :mod:`generator.rendering.editable`), so a table
whose columns were reordered or partly deleted still reads. Raw
WordprocessingML stays in :mod:`generator.readers.word_xml`.
"""

from __future__ import annotations

from pathlib import Path

from generator.errors import DocumentError
from generator.readers.word_xml import (CellText, Comment, RowText, TableText, WordDocument,
                                        read_word)
from generator.record import Record
from generator.rendering.editable import (FIELD_OF_HEADER, HEADER_OF, PROPERTIES, Identity,
                                          identity_in)

FIELDS_NEEDED = 2
"""How many step columns besides Step make a table without its Code column
recognisably a workstream table (other tables have Owner and Status columns too)."""


class StepRow(Record):
    """One row of a workstream table."""

    code: str | None
    """The task code in its Code cell (as it reads now, or before a tracked deletion)."""
    cells: dict
    """Field (``title``, ``owner``, ``due`` ...) → :class:`CellText`, for the columns present."""
    state: str
    """``kept``, ``inserted`` or ``deleted``, as tracked."""
    edits: tuple = ()
    """The tracked row insertion or deletion (who and when)."""
    comment_ids: tuple[str, ...] = ()
    """Comments anchored in the row."""
    number: int = 0
    """1-based row number in its table, the header row being 1."""
    merged: tuple[str, ...] = ()
    """Fields whose cells the buyer merged into one (not in ``cells``: not read)."""


class StepTable(Record):
    """A workstream table as the buyer left it."""

    number: int
    """1-based among the document's tables."""
    heading: str | None
    """The text above it (the workstream's name, as written)."""
    fields: tuple[str, ...]
    """The step columns present, in the order they stand."""
    rows: tuple[StepRow, ...]


class DealDocument(Record):
    """An edited deal room (Word or Google Doc), in plan terms."""

    file: str
    """What messages call the document: the file name as given, or the Google Doc's label."""
    identity: Identity
    """The deal, version and document id it says it is."""
    locale: str | None
    """The locale its dates were written in, when the properties say."""
    tables: tuple[StepTable, ...]
    comments: dict
    """Comment id → :class:`~generator.readers.word_xml.Comment`."""


def read_deal_document(path: Path) -> DealDocument:
    """Read ``path`` as a Word deal room; a DocumentError says what is missing."""
    return deal_document(read_word(path), str(path))


def deal_document(document: WordDocument, label: str, kind: str = "Word") -> DealDocument:
    """``document`` in plan terms; a DocumentError names it ``label`` and says what is missing.

    ``kind`` is what its messages call the format: ``Word`` gives "the Word deal
    room" and "a Word document"."""
    identity = _identity(document, label, kind)
    tables = tuple(t for t in (_step_table(t, label) for t in document.tables) if t)
    if not tables:
        raise DocumentError(f"{label}: no plan tables found (a table whose header row reads "
                            f"{', '.join(HEADER_OF.values())}): is this the {kind} deal room "
                            "dealroom wrote, with its tables intact?")
    return DealDocument(file=label, identity=identity,
                        locale=document.properties.get(PROPERTIES["locale"]) or None,
                        tables=tables, comments={c.id: c for c in document.comments})


def _identity(document: WordDocument, label: str, kind: str) -> Identity:
    """The footer's identity, else the custom properties'."""
    found = identity_in(document.footer_text)
    if found is not None:
        return found
    properties = document.properties
    deal_id, version = properties.get(PROPERTIES["deal"]), properties.get(PROPERTIES["version"])
    if deal_id and version and str(version).isdigit():
        return Identity(deal_id=deal_id, version=int(version),
                        document_id=properties.get(PROPERTIES["document"], ""))
    raise DocumentError(f"{label}: does not say which deal and version it is (its footer should "
                        "read 'Deal <id> · version <n> · document <id>'): import only a "
                        f"{kind} document dealroom publish wrote, with its footer kept")


def _step_table(table: TableText, label: str) -> StepTable | None:
    """``table`` as a workstream table, or None when its header row is not one."""
    if not table.rows:
        return None
    headers = [_header(cell) for cell in table.rows[0].cells]
    fields = [FIELD_OF_HEADER.get(h) for h in headers]
    known = [f for f in fields if f]
    if not _is_step_header(set(known)):
        return None
    _check_columns(table, fields, known, label)
    columns, above = _grid_fields(table.rows[0]), {}
    rows = tuple(_step_row(row, columns, number, above)
                 for number, row in enumerate(table.rows[1:], start=2))
    return StepTable(number=table.number, heading=table.heading, fields=tuple(known), rows=rows)


def _is_step_header(known: set[str]) -> bool:
    """A Code column and another step column, or a Step column and two more."""
    if "code" in known:
        return len(known) > 1
    return "title" in known and len(known - {"title"}) >= FIELDS_NEEDED


def _header(cell: CellText) -> str:
    text = cell.current or cell.original
    return " ".join(text.split()).casefold()


def _check_columns(table: TableText, fields: list, known: list, label: str) -> None:
    name = _table_name(table)
    doubled = sorted({HEADER_OF[f] for f in known if known.count(f) > 1})
    if doubled:
        raise DocumentError(f"{label}: {name} has two columns headed {doubled[0]!r}: "
                            "keep one, so each value has one place")
    if "code" not in known:
        raise DocumentError(f"{label}: {name} has the columns of a plan table but no Code column, "
                            "so its rows cannot be matched to steps: put the Code column back")


def _table_name(table: TableText) -> str:
    return f"table {table.number}" + (f" ({table.heading})" if table.heading else "")


def _grid_fields(header: RowText) -> dict[int, str]:
    """Grid column → the field its header names (a merged header cell names its first)."""
    fields, column = {}, header.skipped
    for cell in header.cells:
        field = FIELD_OF_HEADER.get(_header(cell))
        if field:
            fields[column] = field
        column += cell.span
    return fields


def _step_row(row: RowText, columns: dict[int, str], number: int, above: dict) -> StepRow:
    """A row's cells by field, placed by grid column; cells merged across fields are not read,
    a cell merged with the one above reads as it (``above``: grid column → the last cell)."""
    cells, merged, column = {}, [], row.skipped
    for cell in row.cells:
        if cell.continues and column in above:
            cell = cell.replace(original=above[column].original, current=above[column].current)
        above[column] = cell
        covered = [columns[c] for c in range(column, column + cell.span) if c in columns]
        if len(covered) == 1:
            cells[covered[0]] = cell
        merged += covered if len(covered) > 1 else []
        column += cell.span
    code_cell = cells.pop("code", None)
    code = None
    if code_cell is not None:
        code = _code(code_cell.original if row.state == "deleted" else code_cell.current)
    return StepRow(code=code, cells=cells, state=row.state, edits=row.edits,
                   comment_ids=row.comment_ids, number=number, merged=tuple(merged))


def _code(text: str) -> str | None:
    code = "".join(text.split()).upper()
    return code or None


__all__ = ["Comment", "DealDocument", "StepRow", "StepTable", "deal_document", "read_deal_document"]
