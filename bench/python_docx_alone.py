"""The baseline of bench/word.py: python-docx alone writing a comparable table document.

Reads the rows dealroom would print (a JSON file the bench saves once) and
writes what a hand-written script would: a title, a heading and a six-column
table per workstream with a bold header row in a built-in table style, the
people and the risks as two more tables, and a footer line.

    python bench/python_docx_alone.py ROWS.json OUT.docx
"""

from __future__ import annotations

import json
import sys

from docx import Document


def table(document, header: list[str], rows: list[list[str]]) -> None:
    grid = document.add_table(rows=1, cols=len(header))
    grid.style = "Table Grid"
    for cell, text in zip(grid.rows[0].cells, header):
        cell.paragraphs[0].add_run(text).bold = True
    for row in rows:
        for cell, text in zip(grid.add_row().cells, row):
            cell.text = text


def main(rows_file: str, out: str) -> None:
    data = json.loads(open(rows_file, encoding="utf-8").read())
    document = Document()
    document.add_heading(data["title"], level=0)
    for workstream in data["workstreams"]:
        document.add_heading(workstream["name"], level=2)
        table(document, data["header"], workstream["rows"])
    document.add_heading("People", level=2)
    table(document, ["Name", "Title", "Part"], data["people"])
    document.add_heading("Risks", level=2)
    table(document, ["Risk", "Owner", "Mitigation"], data["risks"])
    document.sections[0].footer.paragraphs[0].text = data["footer"]
    document.save(out)


if __name__ == "__main__":
    main(*sys.argv[1:3])
