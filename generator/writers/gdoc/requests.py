"""Blocks as Google Docs ``documents.batchUpdate`` requests, and the requests
that empty a document before it is written again.

Indexes follow the Docs API's model (see the module docstring of
:mod:`generator.writers.gdoc`): they count UTF-16 code units, an empty body
is one empty paragraph at [1, 2), and everything is written at the start of
that last paragraph, so what is already written never moves. Text goes in
first, in order (consecutive paragraphs in one insertText; each table as an
insertTable whose cells are then filled last cell first); styles come after,
on the final indexes: no bullet on any paragraph written outside the tables
(one the buyer left would spread) and no bold or link on its text but those
made after, every paragraph's named style (NORMAL_TEXT for body text, so
nothing inherits a heading), bullets, bold and links, and each table's header
row in bold and pinned. The last block fills the body's last
paragraph, so the body ends with it.
"""

from __future__ import annotations

import re

from generator.record import Record
from generator.writers.gdoc.blocks import Block, Heading, Table

NAMED_STYLES = {0: "TITLE", 1: "HEADING_1", 2: "HEADING_2", 3: "HEADING_3"}
BODY_STYLE = "NORMAL_TEXT"
BULLETS = "BULLET_DISC_CIRCLE_SQUARE"
PARAGRAPH_FIELDS = "namedStyleType,indentStart,indentFirstLine"
"""What each paragraph's style sets: its named style; the indents left unset, so reset."""
BODY_START = 1
"""Where an empty body's one paragraph starts (after the section break)."""
STRIPPED = re.compile(r"[\x00-\x08\x0c-\x1f\ue000-\uf8ff]")
"""What insertText leaves out of the text it inserts (control characters but tab and
newline, and the private use area): left out here first, so that indexes agree."""


def utf16_len(text: str) -> int:
    """How many UTF-16 code units ``text`` is: what Docs indexes count (an emoji is 2)."""
    return len(text.encode("utf-16-le")) // 2


class _Written(Record):
    """The requests so far and where the body's last paragraph now starts."""

    inserts: tuple[dict, ...] = ()
    styles: tuple[dict, ...] = ()
    index: int = BODY_START


def body_requests(blocks: list[Block]) -> list[dict]:
    """The requests that write ``blocks`` into an empty body."""
    written, pending = _Written(), []
    for block in map(docs_ready, blocks):
        if isinstance(block, Table):
            written = _add_table(_add_text(written, pending, last=False), block)
            pending = []
        else:
            pending.append(block)
    written = _add_text(written, pending, last=True)
    return list(written.inserts + written.styles)


def _no_bullets(start: int, end: int) -> dict:
    """No paragraph of [start, end) a list item unless made one after: a new paragraph
    copies the list of the one it splits, and the paragraph an emptied body keeps may be
    one the buyer made a list item."""
    return {"deleteParagraphBullets": {"range": _range(start, end)}}


def docs_ready(block: Block) -> Block:
    """The block as Docs will hold it: without the characters insertText leaves out,
    and a bullet without the leading tabs createParagraphBullets takes away."""
    if isinstance(block, Table):
        return block.replace(headers=tuple(map(_kept, block.headers)), rows=tuple(
            tuple(map(_kept, row)) for row in block.rows))
    if isinstance(block, Heading):
        return block.replace(text=_kept(block.text))
    runs = [run.replace(text=_kept(run.text)) for run in block.runs]
    if block.bullet and runs:
        runs[0] = runs[0].replace(text=runs[0].text.lstrip("\t"))
    return block.replace(runs=tuple(runs))


def _kept(text: str) -> str:
    return STRIPPED.sub("", text)


def _add_text(written: _Written, blocks: list[Block], last: bool) -> _Written:
    """Consecutive paragraphs and headings as one insertText, and their styles; the
    ``last`` ones end in the body's own last paragraph."""
    if not blocks:
        return written
    texts = [block.text for block in blocks]
    text = "\n".join(texts) + ("" if last else "\n")
    start = written.index
    styles = [_no_bullets(start, start + max(utf16_len(text), 1))]
    if text:  # it takes the bold and link of the text before it: the buyer's, in an emptied body
        styles.append(_text_style(_range(start, start + utf16_len(text)), {}, "bold,link"))
    for block, said in zip(blocks, texts):
        styles += _styles(block, start)
        start += utf16_len(said) + 1
    inserted = (_insert(text, written.index),) if text else ()
    return written.replace(inserts=written.inserts + inserted,
                           styles=written.styles + tuple(styles),
                           index=written.index + utf16_len(text))


def _styles(block: Block, start: int) -> list[dict]:
    """A paragraph's named style, then its bullet and its runs' bold and links."""
    size = utf16_len(block.text)
    whole = _range(start, start + max(size, 1))
    if isinstance(block, Heading):
        return [_paragraph_style(whole, NAMED_STYLES[block.level])]
    found = [_paragraph_style(whole, BODY_STYLE)]
    if block.bullet:
        found.append({"createParagraphBullets": {"range": whole, "bulletPreset": BULLETS}})
    for run in block.runs:
        found += _run_styles(run, start)
        start += utf16_len(run.text)
    return found


def _run_styles(run, start: int) -> list[dict]:
    where = _range(start, start + utf16_len(run.text))
    found = [_text_style(where, {"bold": True}, "bold")] if run.bold and run.text else []
    if run.link and run.text:
        found.append(_text_style(where, {"link": {"url": run.link}}, "link"))
    return found


def _add_table(written: _Written, table: Table) -> _Written:
    """insertTable at the last paragraph, its cells filled last first, then its header
    row bold and pinned; the paragraph the table split goes on after it."""
    rows = (table.headers,) + table.rows
    columns = len(table.headers)
    at = written.index
    cells = [(cell_index(at, r, c, columns), text)
             for r, row in enumerate(rows) for c, text in enumerate(row)]
    fills = [_insert(text, index) for index, text in reversed(cells) if text]
    inserts = ({"insertTable": {"rows": len(rows), "columns": columns, "location": {"index": at}}},
               *fills)
    table_start = at + 1
    styles = [_no_bullets(at, at + 1), _paragraph_style(_range(at, at + 1), BODY_STYLE),
              *_header_bold(cells[:columns]),
              {"pinTableHeaderRows": {"tableStartLocation": {"index": table_start},
                                      "pinnedHeaderRowsCount": 1}}]
    size = 1 + len(rows) * (1 + 2 * columns) + sum(utf16_len(text) for _, text in cells)
    return written.replace(inserts=written.inserts + inserts,
                           styles=written.styles + tuple(styles), index=table_start + size)


def cell_index(at: int, row: int, column: int, columns: int) -> int:
    """Where cell (row, column)'s empty paragraph is, in a table inserted at ``at``."""
    return at + 4 + row * (2 * columns + 1) + 2 * column


def _header_bold(header_cells: list[tuple[int, str]]) -> list[dict]:
    """Bold on each header cell's text, at its index once the cells are filled
    (the header row is first, so only the header cells before it move it)."""
    found, moved = [], 0
    for index, text in header_cells:
        if text:
            where = _range(index + moved, index + moved + utf16_len(text))
            found.append(_text_style(where, {"bold": True}, "bold"))
        moved += utf16_len(text)
    return found


# -- emptying an existing document and its footer ----------------------------------------

def clear_requests(document: dict) -> list[dict]:
    """What empties a document (a ``documents.get`` reply): its body down to one empty
    paragraph, and its default footer's text."""
    found = _clear(document.get("body", {}).get("content", []), BODY_START, None)
    footer_id = default_footer_id(document)
    if footer_id:
        footer = document.get("footers", {}).get(footer_id, {})
        found += _clear(footer.get("content", []), 0, footer_id)
    return found


def default_footer_id(document: dict) -> str | None:
    """The id of the document's default footer, if it has one."""
    footer_id = document.get("documentStyle", {}).get("defaultFooterId")
    return footer_id if footer_id and footer_id in document.get("footers", {}) else None


def _clear(content: list[dict], start: int, segment: str | None) -> list[dict]:
    """deleteContentRange from ``start`` to just before the segment's last newline."""
    end = content[-1]["endIndex"] - 1 if content else start
    if end <= start:
        return []
    return [{"deleteContentRange": {"range": _range(start, end, segment)}}]


def footer_requests(footer_id: str, text: str) -> list[dict]:
    """The text of an empty footer."""
    return [_insert(text, 0, footer_id)]


# -- request shapes ----------------------------------------------------------------------

def _range(start: int, end: int, segment: str | None = None) -> dict:
    where = {"startIndex": start, "endIndex": end}
    if segment:
        where["segmentId"] = segment
    return where


def _insert(text: str, index: int, segment: str | None = None) -> dict:
    location = {"index": index}
    if segment:
        location["segmentId"] = segment
    return {"insertText": {"text": text, "location": location}}


def _paragraph_style(where: dict, name: str) -> dict:
    """The named style, and the indents reset (deleteParagraphBullets leaves a list's indent)."""
    return {"updateParagraphStyle": {"range": where, "paragraphStyle": {"namedStyleType": name},
                                     "fields": PARAGRAPH_FIELDS}}


def _text_style(where: dict, style: dict, fields: str) -> dict:
    return {"updateTextStyle": {"range": where, "textStyle": style, "fields": fields}}
