"""A buyer's edits made to a Word deal room the way Word writes them, for fast tests.

The LibreOffice round trip (tests/test_import_libreoffice.py) is the real
client; this module makes the same kinds of edits directly in
word/document.xml, tracked (``w:ins``/``w:del`` with an author and a date,
row changes in ``w:trPr``) or not, so that many import cases run in
milliseconds. Rows are found by their code, columns by their header.
"""

from __future__ import annotations

import copy
import shutil
import zipfile
from pathlib import Path

from lxml import etree

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
NS = {"w": W}
DATE = "2026-12-03T10:15:00Z"


def w(tag: str) -> str:
    return f"{{{W}}}{tag}"


class WordEdits:
    """Open a .docx, edit its body, save it elsewhere."""

    def __init__(self, path: Path):
        self.path = Path(path)
        with zipfile.ZipFile(self.path) as package:
            self.parts = {name: package.read(name) for name in package.namelist()}
        self.body = etree.fromstring(self.parts["word/document.xml"])
        self.comments: list[tuple[str, str, str]] = []
        self.next_id = 9000

    # -- finding ----------------------------------------------------------------

    def _text(self, element) -> str:
        return "".join(element.itertext()).strip()

    def row(self, code: str):
        for row in self.body.iter(w("tr")):
            cells = row.findall(w("tc"))
            if cells and self._text(cells[0]) == code:
                return row
        raise LookupError(f"no row with the code {code}")

    def cell(self, code: str, header: str):
        row = self.row(code)
        table = row.getparent()
        headers = [self._text(c) for c in table.find(w("tr")).findall(w("tc"))]
        return row.findall(w("tc"))[headers.index(header)]

    # -- edits ------------------------------------------------------------------

    def set_cell(self, code: str, header: str, text: str, author: str | None = None) -> WordEdits:
        """Type ``text`` over a cell, tracked as ``author`` when given."""
        cell = self.cell(code, header)
        paragraphs = cell.findall(w("p"))
        for extra in paragraphs[1:]:
            cell.remove(extra)
        paragraph = paragraphs[0]
        runs = paragraph.findall(w("r"))
        for run in runs:
            paragraph.remove(run)
        new_run = self._run(text)
        if author is None:
            paragraph.append(new_run)
            return self
        deleted = self._tracked("del", author)
        for run in runs:
            for t in run.findall(w("t")):
                t.tag = w("delText")
            deleted.append(run)
        inserted = self._tracked("ins", author)
        inserted.append(new_run)
        paragraph.extend([deleted, inserted])
        return self

    def add_row(self, after: str, cells: dict[str, str], author: str | None = None) -> WordEdits:
        """A row below ``after`` with ``cells`` by header; the Code cell left empty."""
        row = self.row(after)
        headers = [self._text(c) for c in row.getparent().find(w("tr")).findall(w("tc"))]
        new = copy.deepcopy(row)
        for header, cell in zip(headers, new.findall(w("tc"))):
            for paragraph in cell.findall(w("p")):
                for run in paragraph.findall(w("r")):
                    paragraph.remove(run)
            text = cells.get(header, "")
            if text:
                run = self._run(text)
                target = cell.find(w("p"))
                if author:
                    wrapper = self._tracked("ins", author)
                    wrapper.append(run)
                    run = wrapper
                target.append(run)
        if author:
            self._row_properties(new).append(self._tracked("ins", author))
        row.addnext(new)
        return self

    def delete_row(self, code: str, author: str | None = None) -> WordEdits:
        """Delete a row: tracked, it stays with its text in ``w:del``; else it is gone."""
        row = self.row(code)
        if author is None:
            row.getparent().remove(row)
            return self
        self._row_properties(row).append(self._tracked("del", author))
        for paragraph in row.iter(w("p")):
            for run in paragraph.findall(w("r")):
                for t in run.findall(w("t")):
                    t.tag = w("delText")
                wrapper = self._tracked("del", author)
                run.addprevious(wrapper)
                wrapper.append(run)
        return self

    def comment(self, code: str, header: str, text: str, author: str) -> WordEdits:
        """A comment on a cell's text, anchored as Word anchors it."""
        comment_id = str(len(self.comments))
        paragraph = self.cell(code, header).find(w("p"))
        start = etree.Element(w("commentRangeStart"), {w("id"): comment_id})
        end = etree.Element(w("commentRangeEnd"), {w("id"): comment_id})
        reference = etree.Element(w("r"))
        etree.SubElement(reference, w("commentReference"), {w("id"): comment_id})
        paragraph.insert(0 if paragraph.find(w("pPr")) is None else 1, start)
        paragraph.extend([end, reference])
        self.comments.append((comment_id, author, text))
        return self

    def replace_text(self, old: str, new: str) -> WordEdits:
        """Change text wherever it stands (the footer, the properties ...), in every part."""
        before, after = old.encode(), new.encode()
        for name, data in self.parts.items():
            if name.endswith(".xml") and name != "word/document.xml":
                self.parts[name] = data.replace(before, after)
        self.body = etree.fromstring(etree.tostring(self.body).replace(before, after))
        return self

    def save(self, path: Path) -> Path:
        self.parts["word/document.xml"] = etree.tostring(self.body, xml_declaration=True,
                                                         encoding="UTF-8", standalone=True)
        if self.comments:
            self._add_comments_part()
        with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as package:
            for name, data in self.parts.items():
                package.writestr(name, data)
        return Path(path)

    # -- parts ------------------------------------------------------------------

    def _run(self, text: str):
        run = etree.Element(w("r"))
        t = etree.SubElement(run, w("t"))
        t.text = text
        t.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
        return run

    def _tracked(self, kind: str, author: str):
        self.next_id += 1
        return etree.Element(w(kind), {w("id"): str(self.next_id), w("author"): author,
                                       w("date"): DATE})

    def _row_properties(self, row):
        found = row.find(w("trPr"))
        if found is None:
            found = etree.Element(w("trPr"))
            row.insert(0 if row.find(w("tblPrEx")) is None else 1, found)
        return found

    def _add_comments_part(self) -> None:
        comments = etree.Element(w("comments"), nsmap={"w": W})
        for comment_id, author, text in self.comments:
            comment = etree.SubElement(comments, w("comment"), {
                w("id"): comment_id, w("author"): author, w("date"): DATE, w("initials"): ""})
            paragraph = etree.SubElement(comment, w("p"))
            paragraph.append(self._run(text))
        self.parts["word/comments.xml"] = etree.tostring(comments, xml_declaration=True,
                                                         encoding="UTF-8", standalone=True)
        self._register("word/comments.xml",
                       "application/vnd.openxmlformats-officedocument.wordprocessingml.comments+xml",
                       "http://schemas.openxmlformats.org/officeDocument/2006/relationships/comments",
                       "comments.xml")

    def _register(self, part: str, content_type: str, relation: str, target: str) -> None:
        types = etree.fromstring(self.parts["[Content_Types].xml"])
        namespace = types.nsmap[None]
        if not any(o.get("PartName") == f"/{part}" for o in types):
            etree.SubElement(types, f"{{{namespace}}}Override",
                             {"PartName": f"/{part}", "ContentType": content_type})
        self.parts["[Content_Types].xml"] = etree.tostring(types, xml_declaration=True,
                                                           encoding="UTF-8", standalone=True)
        rels = etree.fromstring(self.parts["word/_rels/document.xml.rels"])
        namespace = rels.nsmap[None]
        if not any(r.get("Type") == relation for r in rels):
            etree.SubElement(rels, f"{{{namespace}}}Relationship",
                             {"Id": "rIdComments9000", "Type": relation, "Target": target})
        self.parts["word/_rels/document.xml.rels"] = etree.tostring(
            rels, xml_declaration=True, encoding="UTF-8", standalone=True)


def copy_document(source: Path, target: Path) -> Path:
    shutil.copyfile(source, target)
    return target
