"""Docs API JSON for tests, built from a short description of a document.

A document is described once, suggestions included, as plain tuples:
``para(...)`` and ``table(row(cell(...)))`` with ``run(text, inserted=..,
deleted=..)`` for suggested text. :func:`views` gives the three
``documents.get`` answers the reader asks for, as Google gives them:
``SUGGESTIONS_INLINE`` holds everything with its suggestion ids,
``PREVIEW_WITHOUT_SUGGESTIONS`` leaves suggested insertions out and
``PREVIEW_SUGGESTIONS_ACCEPTED`` suggested deletions, both without ids. Each
view gets its own indexes (UTF-16 code units), as common.md describes: a
section break ending at 1, then paragraphs and tables; a table, each row and
each cell take one character before their content.
"""

from __future__ import annotations

INLINE, WITHOUT, ACCEPTED = "SUGGESTIONS_INLINE", "PREVIEW_WITHOUT_SUGGESTIONS", \
    "PREVIEW_SUGGESTIONS_ACCEPTED"
FOOTER_ID = "kix.footer1"


def run(text: str, inserted: str | None = None, deleted: str | None = None) -> dict:
    """A text run; ``inserted``/``deleted`` name the suggestion that adds or removes it."""
    return {"content": text, "inserted": inserted, "deleted": deleted}


def para(*runs) -> dict:
    """A paragraph of runs (a plain string is an unsuggested run)."""
    return {"kind": "paragraph", "runs": [run(r) if isinstance(r, str) else r for r in runs]}


def cell(*paragraphs, column_span: int = 1, row_span: int = 1) -> dict:
    """A table cell: each argument a paragraph or a string (one paragraph)."""
    return {"paragraphs": [para(p) if isinstance(p, str) else p for p in paragraphs or ("",)],
            "column_span": column_span, "row_span": row_span}


def row(*cells, inserted: str | None = None, deleted: str | None = None) -> dict:
    """A table row; strings are one-paragraph cells."""
    return {"cells": [cell(c) if isinstance(c, str) else c for c in cells],
            "inserted": inserted, "deleted": deleted}


def table(*rows) -> dict:
    return {"kind": "table", "rows": list(rows)}


def views(*blocks, footer: str | None = None) -> dict[str, dict]:
    """The three views of a document whose body holds ``blocks`` (a footer line if given)."""
    return {view: _document(view, blocks, footer) for view in (INLINE, WITHOUT, ACCEPTED)}


def _shown(item: dict, view: str) -> bool:
    if view == WITHOUT:
        return not item.get("inserted")
    if view == ACCEPTED:
        return not item.get("deleted")
    return True


def _ids(item: dict, view: str) -> dict:
    if view != INLINE:
        return {}
    ids = {}
    if item.get("inserted"):
        ids["suggestedInsertionIds"] = [item["inserted"]]
    if item.get("deleted"):
        ids["suggestedDeletionIds"] = [item["deleted"]]
    return ids


def _length(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


def _document(view: str, blocks, footer: str | None) -> dict:
    content, index = [{"endIndex": 1, "sectionBreak": {}}], 1
    for block in blocks:
        element = _paragraph(block, view, index) if block["kind"] == "paragraph" \
            else _table(block, view, index)
        content.append(element)
        index = element["endIndex"]
    document = {"documentId": "doc-1", "title": "Deal room", "revisionId": "rev-1",
                "body": {"content": content}, "documentStyle": {}}
    if footer is not None:
        document["footers"] = {FOOTER_ID: {"footerId": FOOTER_ID,
                                           "content": [_paragraph(para(footer), view, 0)]}}
        document["documentStyle"]["defaultFooterId"] = FOOTER_ID
    return document


def _paragraph(paragraph: dict, view: str, start: int) -> dict:
    runs = [r for r in paragraph["runs"] if _shown(r, view) and r["content"]]
    runs.append(run("\n"))
    elements, index = [], start
    for item in runs:
        end = index + _length(item["content"])
        elements.append({"startIndex": index, "endIndex": end,
                         "textRun": {"content": item["content"], "textStyle": {},
                                     **_ids(item, view)}})
        index = end
    return {"startIndex": start, "endIndex": index, "paragraph": {"elements": elements}}


def _table(spec: dict, view: str, start: int) -> dict:
    rows, index = [], start + 1
    for row_spec in (r for r in spec["rows"] if _shown(r, view)):
        rows.append(_row(row_spec, view, index))
        index = rows[-1]["endIndex"]
    columns = max((len(r["tableCells"]) for r in rows), default=0)
    return {"startIndex": start, "endIndex": index,
            "table": {"rows": len(rows), "columns": columns, "tableRows": rows}}


def _row(spec: dict, view: str, start: int) -> dict:
    cells, index = [], start + 1
    for cell_spec in spec["cells"]:
        paragraphs, paragraph_index = [], index + 1
        for paragraph in cell_spec["paragraphs"]:
            paragraphs.append(_paragraph(paragraph, view, paragraph_index))
            paragraph_index = paragraphs[-1]["endIndex"]
        cells.append({"startIndex": index, "endIndex": paragraph_index, "content": paragraphs,
                      "tableCellStyle": {"columnSpan": cell_spec["column_span"],
                                         "rowSpan": cell_spec["row_span"]}})
        index = paragraph_index
    return {"startIndex": start, "endIndex": index, "tableCells": cells, **_ids(spec, view)}
