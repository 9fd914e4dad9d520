"""A flat reading of Docs API requests, for the Google Doc writer's tests.

It follows the index model of the dealroom Google Docs notes and nothing
more: the body is a string of UTF-16 code units (a section break, paragraphs
ending in newlines, and one unit each for a table's, a row's and a cell's
start), tables are known by their start and end, and every request is
checked the way the Docs API refuses it (text at a table's start, a range
across a cell, the body's last newline deleted). Styles sit on the units
they were given to; text inserted here gets none, so what the writer does
not style reads back unstyled. Reading back gives :mod:`generator.writers.gdoc.blocks`.
"""

from __future__ import annotations

from generator.writers.gdoc.blocks import Heading, Paragraph, Run, Table

SECTION, TABLE, ROW, CELL = "\ue000", "\ue001", "\ue002", "\ue003"
STRUCTURE = (SECTION, TABLE, ROW, CELL)
HEADINGS = {"TITLE": 0, "HEADING_1": 1, "HEADING_2": 2, "HEADING_3": 3}


def units(text: str) -> list[str]:
    """The text as UTF-16 code units, one string each (a surrogate is one unit)."""
    data = text.encode("utf-16-le")
    return [chr(int.from_bytes(data[i:i + 2], "little")) for i in range(0, len(data), 2)]


def joined(parts: list[str]) -> str:
    return "".join(parts).encode("utf-16-le", "surrogatepass").decode("utf-16-le")


class FlatDocument:
    """An empty document: a section break and one empty paragraph at [1, 2)."""

    def __init__(self):
        self.body = [SECTION, "\n"]
        self.marks: list[dict] = [{}, {}]
        self.tables: list[list[int]] = []
        """[start, end, rows, columns, pinned] of each table."""
        self.footer: list[str] | None = None

    def apply(self, requests: list[dict]) -> dict:
        """Every request in order; the reply ``batchUpdate`` would give."""
        replies = []
        for request in requests:
            (kind, fields), = request.items()
            replies.append(getattr(self, kind)(**fields) or {})
        return {"replies": replies}

    # -- requests -------------------------------------------------------------------------

    def insertText(self, text, location):
        if location.get("segmentId"):
            assert self.footer is not None and location["segmentId"] == "footer-1"
            index = location["index"]
            self.footer[index:index] = units(text)
            return
        self._insert(location["index"], units(text))

    def insertTable(self, rows, columns, location):
        index = location["index"]
        assert not any(start < index < end for start, end, *_ in self.tables), "a table in a table"
        shape = [TABLE] + ([ROW] + [CELL, "\n"] * columns) * rows
        self._insert(index, ["\n"] + shape)
        self.tables.append([index + 1, index + 1 + len(shape), rows, columns, 0])

    def deleteContentRange(self, range):
        if range.get("segmentId"):
            del self.footer[range["startIndex"]:range["endIndex"]]
            return
        start, end = range["startIndex"], range["endIndex"]
        assert 1 <= start < end < len(self.body), f"cannot delete [{start}, {end})"
        for table in list(self.tables):
            if start < table[0] and table[1] <= end:
                self.tables.remove(table)
            else:
                assert table[1] <= start or table[0] >= end, "a range across a table"
        del self.body[start:end], self.marks[start:end]
        for table in self.tables:
            if table[0] >= end:
                table[0], table[1] = table[0] - (end - start), table[1] - (end - start)

    def updateParagraphStyle(self, range, paragraphStyle, fields):
        assert fields.split(",")[0] == "namedStyleType"
        for newline in self._paragraph_ends(range):
            self.marks[newline]["style"] = paragraphStyle["namedStyleType"]

    def deleteParagraphBullets(self, range):
        for newline in self._paragraph_ends(range):
            self.marks[newline].pop("bullet", None)

    def createParagraphBullets(self, range, bulletPreset):
        for newline in self._paragraph_ends(range):
            self.marks[newline]["bullet"] = bulletPreset

    def updateTextStyle(self, range, textStyle, fields):
        assert set(textStyle) <= set(fields.split(","))
        for index in self._span(range):
            for name in fields.split(","):  # a field in the mask but not in the style is reset
                self.marks[index].pop(name, None)
            self.marks[index].update(textStyle)

    def pinTableHeaderRows(self, tableStartLocation, pinnedHeaderRowsCount):
        (table,) = [t for t in self.tables if t[0] == tableStartLocation["index"]]
        table[4] = pinnedHeaderRowsCount

    def createFooter(self, type):
        assert type == "DEFAULT" and self.footer is None, "the document has a default footer"
        self.footer = ["\n"]
        return {"createFooter": {"footerId": "footer-1"}}

    # -- checks ---------------------------------------------------------------------------

    def _insert(self, index: int, added: list[str]) -> None:
        assert 1 <= index < len(self.body), f"index {index} is outside the body"
        assert self.body[index] not in STRUCTURE, \
            f"index {index} is a table's, row's or cell's start"
        self.body[index:index] = added
        self.marks[index:index] = [{} for _ in added]
        for table in self.tables:
            if table[0] >= index:
                table[0] += len(added)
            if table[1] > index:
                table[1] += len(added)

    def _span(self, where: dict) -> range:
        start, end = where["startIndex"], where["endIndex"]
        assert 1 <= start < end <= len(self.body), f"range [{start}, {end}) is outside the body"
        assert not set(self.body[start:end]) & set(STRUCTURE), \
            f"range [{start}, {end}) crosses a cell"
        return range(start, end)

    def _paragraph_ends(self, where: dict) -> list[int]:
        span = self._span(where)
        ends = [i for i in span if self.body[i] == "\n"]
        if not ends or ends[-1] != span[-1]:
            ends.append(self.body.index("\n", span[-1]))
        return ends

    # -- reading --------------------------------------------------------------------------

    def json(self) -> dict:
        """The parts of a ``documents.get`` reply the writer reads."""
        document = {"body": {"content": [{"endIndex": 1, "sectionBreak": {}},
                                         {"startIndex": 1, "endIndex": len(self.body)}]},
                    "documentStyle": {}, "footers": {}}
        if self.footer is not None:
            document["documentStyle"]["defaultFooterId"] = "footer-1"
            document["footers"]["footer-1"] = {"content": [{"startIndex": 0,
                                                            "endIndex": len(self.footer)}]}
        return document

    def footer_text(self) -> str | None:
        return None if self.footer is None else joined(self.footer).removesuffix("\n")

    def blocks(self) -> list:
        """The body as blocks; empty paragraphs left out."""
        found, index = [], 1
        while index < len(self.body):
            table = next((t for t in self.tables if t[0] == index), None)
            if table:
                found.append(self._table(table))
                index = table[1]
                continue
            end = self.body.index("\n", index)
            if end > index:
                found.append(self._paragraph(index, end))
            index = end + 1
        return found

    def _paragraph(self, start: int, end: int):
        style = self.marks[end].get("style")
        if style in HEADINGS:
            return Heading(HEADINGS[style], joined(self.body[start:end]))
        assert style == "NORMAL_TEXT", f"paragraph at {start} has no named style"
        runs: list[tuple[tuple, list[str]]] = []
        for index in range(start, end):
            mark = self.marks[index]
            key = (mark.get("bold", False), mark.get("link", {}).get("url"))
            if runs and runs[-1][0] == key:
                runs[-1][1].append(self.body[index])
            else:
                runs.append((key, [self.body[index]]))
        return Paragraph(tuple(Run(joined(text), bold=bold, link=link)
                               for (bold, link), text in runs), bullet="bullet" in self.marks[end])

    def _table(self, table: list[int]) -> Table:
        start, end, rows, columns, pinned = table
        cells = joined(self.body[start + 1:end]).split(ROW)[1:]
        grid = [[cell.removesuffix("\n") for cell in row.split(CELL)[1:]] for row in cells]
        assert len(grid) == rows and all(len(row) == columns for row in grid)
        assert pinned == 1, "the header row is not pinned"
        return Table(tuple(grid[0]), tuple(tuple(row) for row in grid[1:]))

    def header_bold(self, table_number: int) -> bool:
        """Whether every header cell's text of a table is bold."""
        start, _, _, columns, _ = sorted(self.tables)[table_number]
        index, bold = start + 2, []
        for _ in range(columns):
            index += 1
            while self.body[index] != "\n":
                bold.append(self.marks[index].get("bold", False))
                index += 1
            index += 1
        return all(bold)
