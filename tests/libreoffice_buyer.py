"""A buyer editing the Word deal room in real LibreOffice, driven through UNO.

Run with Debian's own python3 (the `uno` module is not importable from a
virtual environment), against a soffice already listening on a socket:

    /usr/bin/python3 tests/libreoffice_buyer.py --port 2002 IN.docx OUT.docx EDITS.json \
        [--record | --no-record] [--author "Maria Chen"]

It sets the author LibreOffice records on tracked changes and comments, loads
IN.docx hidden, turns change recording on or off, applies the edits and saves
OUT.docx with the filter "MS Word 2007 XML". EDITS.json is a list of:

    {"op": "set_cell", "code": "S2", "column": "Due", "text": "15 Jan 2027"}
    {"op": "add_row", "after": "S2", "cells": {"Step": "...", "Owner": "..."}}
    {"op": "delete_row", "code": "S3"}
    {"op": "comment", "code": "S2", "column": "Due", "text": "CISO out until the 14th"}

Tables are the deal room's workstream tables: their header row (row 0)
starts with the column "Code". Rows are found by the code in their first
cell, columns by their header text. Edits go through LibreOffice's own
commands on the document's view (select, type, insert rows, delete rows,
insert a comment) as a user at the keyboard would, so that with recording on
LibreOffice records them exactly as it records a person's edits.

Prints nothing on success; on an error, one line on stderr and exit status 1.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

import uno
from com.sun.star.beans import PropertyValue
from com.sun.star.connection import NoConnectException

CONNECT_SECONDS = 60
WORD_FILTER = "MS Word 2007 XML"
CODE_HEADER = "Code"


class BuyerError(Exception):
    """An edit that cannot be made on this document (no table, no such code)."""


# --- talking to soffice -------------------------------------------------------

def props(**values) -> tuple:
    """UNO PropertyValues from keyword arguments."""
    return tuple(PropertyValue(Name=name, Value=value) for name, value in values.items())


def connect(port: int, seconds: float = CONNECT_SECONDS):
    """The remote component context of the soffice listening on `port`.

    A soffice with a fresh profile may first initialise it and only then
    listen, so the connection is retried until `seconds` have passed.
    """
    local = uno.getComponentContext()
    resolver = local.ServiceManager.createInstanceWithContext(
        "com.sun.star.bridge.UnoUrlResolver", local)
    url = f"uno:socket,host=127.0.0.1,port={port};urp;StarOffice.ComponentContext"
    deadline = time.monotonic() + seconds
    while True:
        try:
            return resolver.resolve(url)
        except NoConnectException:
            if time.monotonic() > deadline:
                raise BuyerError(f"no soffice listening on 127.0.0.1:{port} "
                                 f"after {seconds:.0f} s") from None
            time.sleep(0.5)


def create(ctx, service: str):
    """An instance of a UNO service in the remote soffice."""
    return ctx.ServiceManager.createInstanceWithContext(service, ctx)


def set_author(ctx, author: str) -> None:
    """Make `author` the name LibreOffice records on changes and comments.

    LibreOffice joins the user's given name and surname with a space.
    """
    given, _, surname = author.strip().partition(" ")
    provider = create(ctx, "com.sun.star.configuration.ConfigurationProvider")
    data = provider.createInstanceWithArguments(
        "com.sun.star.configuration.ConfigurationUpdateAccess",
        props(nodepath="/org.openoffice.UserProfile/Data"))
    data.setPropertyValue("givenname", given)
    data.setPropertyValue("sn", surname)
    data.commitChanges()


# --- finding tables, rows and columns -----------------------------------------

def cell_text(table, column: int, row: int) -> str:
    """The text of one cell, without surrounding blanks."""
    return table.getCellByPosition(column, row).getString().strip()


def header(table) -> list[str]:
    """The texts of the table's first row."""
    return [cell_text(table, column, 0) for column in range(table.getColumns().getCount())]


def deal_tables(doc) -> list:
    """The document's workstream tables: those whose header starts with Code."""
    tables = doc.getTextTables()
    found = [tables.getByIndex(i) for i in range(tables.getCount())]
    found = [table for table in found if header(table)[:1] == [CODE_HEADER]]
    if not found:
        raise BuyerError(f"no table with the header {CODE_HEADER!r} in its first column")
    return found


def find_row(doc, code: str) -> tuple:
    """(table, row index) of the row whose first cell is `code`."""
    for table in deal_tables(doc):
        for row in range(1, table.getRows().getCount()):
            if cell_text(table, 0, row) == code:
                return table, row
    raise BuyerError(f"no row with the code {code!r} in any deal table")


def find_column(table, name: str) -> int:
    """The index of the column headed `name`."""
    names = header(table)
    if name not in names:
        raise BuyerError(f"no column {name!r} in the table (columns: {', '.join(names)})")
    return names.index(name)


def find_cell(doc, code: str, column: str):
    """The cell of row `code` in column `column`."""
    table, row = find_row(doc, code)
    return table.getCellByPosition(find_column(table, column), row)


# --- acting as a user ----------------------------------------------------------

class Buyer:
    """One open document and the commands a user gives it."""

    def __init__(self, ctx, doc, author: str):
        self.doc = doc
        self.author = author
        self.controller = doc.getCurrentController()
        self.frame = self.controller.getFrame()
        self.dispatcher = create(ctx, "com.sun.star.frame.DispatchHelper")

    def command(self, name: str, **arguments) -> None:
        """Run a LibreOffice command (.uno:Name) on the document's view."""
        self.dispatcher.executeDispatch(self.frame, f".uno:{name}", "", 0, props(**arguments))

    def select_text_of(self, cell) -> None:
        """Select all the text in `cell`, as a user dragging over it."""
        text = cell.getText()
        selection = text.createTextCursorByRange(text.getStart())
        selection.gotoEnd(True)
        self.controller.select(selection)

    def type_over(self, cell, new_text: str) -> None:
        """Replace the text of `cell` by typing `new_text` over it."""
        self.select_text_of(cell)
        if cell.getString():
            self.command("Delete")
        self.type(new_text)

    def type(self, text: str) -> None:
        """Type `text` at the view cursor."""
        if text:
            self.command("InsertText", Text=text)

    def select_cell(self, cell) -> None:
        """Put the view cursor into `cell`."""
        self.controller.select(cell)

    def comment(self, cell, text: str, author: str) -> None:
        """Comment on the text of `cell`, stamped with `author` and the time now.

        Through the text API rather than the Insert Comment command: the command
        leaves the new comment in edit mode, and whatever is typed next (even
        after Escape, in a hidden window) lands in the comment."""
        import datetime as dt

        import uno

        now = dt.datetime.now(dt.timezone.utc)
        stamp = uno.createUnoStruct("com.sun.star.util.DateTime")
        stamp.Year, stamp.Month, stamp.Day = now.year, now.month, now.day
        stamp.Hours, stamp.Minutes, stamp.Seconds = now.hour, now.minute, now.second
        note = self.doc.createInstance("com.sun.star.text.textfield.Annotation")
        note.Author, note.Content, note.DateTimeValue = author, text, stamp
        cell_text = cell.getText()
        anchor = cell_text.createTextCursorByRange(cell_text.getStart())
        anchor.gotoEnd(True)
        cell_text.insertTextContent(anchor, note, True)


# --- the edits -------------------------------------------------------------------

def set_cell(buyer: Buyer, edit: dict) -> None:
    """Type new text over a cell's text."""
    buyer.type_over(find_cell(buyer.doc, edit["code"], edit["column"]), edit["text"])


def add_row(buyer: Buyer, edit: dict) -> None:
    """Insert a row below row `after` and type the given cells into it."""
    table, row = find_row(buyer.doc, edit["after"])
    columns = {name: find_column(table, name) for name in edit.get("cells", {})}
    buyer.select_cell(table.getCellByPosition(0, row))
    buyer.command("InsertRowsAfter")
    for name, text in edit.get("cells", {}).items():
        buyer.type_over(table.getCellByPosition(columns[name], row + 1), text)


def delete_row(buyer: Buyer, edit: dict) -> None:
    """Delete the row `code` (with recording on, LibreOffice tracks it)."""
    table, row = find_row(buyer.doc, edit["code"])
    buyer.select_cell(table.getCellByPosition(0, row))
    buyer.command("DeleteRows")


def comment(buyer: Buyer, edit: dict) -> None:
    """Comment on the text of one cell."""
    buyer.comment(find_cell(buyer.doc, edit["code"], edit["column"]), edit["text"], buyer.author)


EDITS = {"set_cell": set_cell, "add_row": add_row, "delete_row": delete_row, "comment": comment}
FIELDS = {"set_cell": ("code", "column", "text"), "add_row": ("after", "cells"),
          "delete_row": ("code",), "comment": ("code", "column", "text")}


def check_edit(number: int, edit) -> None:
    """Refuse an edit that is not one of the four kinds, or lacks a field."""
    op = edit.get("op") if isinstance(edit, dict) else None
    if op not in EDITS:
        raise BuyerError(f"edit {number}: unknown op {op!r} (known: {', '.join(EDITS)})")
    lacking = [field for field in FIELDS[op] if field not in edit]
    if lacking:
        raise BuyerError(f"edit {number} ({op}): missing {', '.join(lacking)}")


def read_edits(path: Path) -> list[dict]:
    """The edits in the JSON file at `path`, checked."""
    try:
        edits = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as error:
        raise BuyerError(f"cannot read the edits in {path}: {error}") from None
    if not isinstance(edits, list):
        raise BuyerError(f"the edits in {path} are not a JSON list")
    for number, edit in enumerate(edits, 1):
        check_edit(number, edit)
    return edits


# --- one session -------------------------------------------------------------------

def load_hidden(ctx, path: Path):
    """Open the document at `path` without showing it."""
    if not path.is_file():
        raise BuyerError(f"no document at {path}")
    desktop = create(ctx, "com.sun.star.frame.Desktop")
    url = uno.systemPathToFileUrl(str(path.resolve()))
    doc = desktop.loadComponentFromURL(url, "_blank", 0, props(Hidden=True))
    if doc is None:
        raise BuyerError(f"LibreOffice could not open {path}")
    return doc


def edit_document(ctx, options) -> None:
    """Load, edit, save as Word and close, even when an edit fails."""
    edits = read_edits(options.edits)
    doc = load_hidden(ctx, options.input)
    try:
        doc.RecordChanges = options.record
        buyer = Buyer(ctx, doc, options.author)
        for edit in edits:
            EDITS[edit["op"]](buyer, edit)
        url = uno.systemPathToFileUrl(str(options.output.resolve()))
        doc.storeToURL(url, props(FilterName=WORD_FILTER, Overwrite=True))
    finally:
        doc.close(True)


def parse_arguments(argv: list[str]):
    """The command line: port, input, output, edits, recording and author."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("input", type=Path)
    parser.add_argument("output", type=Path)
    parser.add_argument("edits", type=Path)
    parser.add_argument("--record", action=argparse.BooleanOptionalAction, default=True)
    parser.add_argument("--author", default="Maria Chen")
    return parser.parse_args(argv)


def main(argv: list[str]) -> int:
    """Run one editing session; 0 on success, 1 with a message on stderr."""
    options = parse_arguments(argv)
    try:
        ctx = connect(options.port)
        set_author(ctx, options.author)
        edit_document(ctx, options)
    except BuyerError as error:
        print(f"libreoffice_buyer: {error}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
