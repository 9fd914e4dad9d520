"""Drive's comments on a Google Doc deal room, and the table rows they are about.

``comments.list`` gives each comment with its replies, whether it is
resolved or deleted, and the text it was made on (``quotedFileContent``).
Its ``anchor`` is an opaque ``kix.*`` value that cannot be mapped to a place
in the document, so it is never read: a comment belongs to each step row
whose text holds what it quotes, or, when the quote runs across rows, to
each row whose code it names. A comment matching no row is kept unanchored.
"""

from __future__ import annotations

import datetime as dt
import html
import re

from generator.readers.word_document import Comment, TableText
from generator.record import Record
from generator.rendering.editable import FIELD_OF_HEADER

STATE_ONLY = ("resolve", "reopen")
"""Reply actions that only resolve or reopen a thread: with no words they are no note."""


class DriveComments(Record):
    """Drive's comments as the import reads them."""

    comments: tuple[Comment, ...]
    """Each comment not deleted, followed by its replies."""
    quotes: tuple[tuple[str, str], ...]
    """(comment id, the text it quotes, spacing and case folded) for each quoting comment."""


def drive_comments(listed: list[dict]) -> DriveComments:
    """The comments of ``listed`` (``comments.list``'s ``comments``), deleted ones left out."""
    comments, quotes = [], []
    for item in listed or ():
        if item.get("deleted") or not item.get("id"):
            continue
        comments.append(_comment(item, None, bool(item.get("resolved"))))
        comments += [_comment(reply, item["id"], False) for reply in item.get("replies") or ()
                     if _is_note(reply)]
        quote = plain(html.unescape((item.get("quotedFileContent") or {}).get("value") or ""))
        if quote:
            quotes.append((item["id"], quote))
    return DriveComments(comments=tuple(comments), quotes=tuple(quotes))


def _is_note(reply: dict) -> bool:
    if reply.get("deleted") or not reply.get("id"):
        return False
    return bool((reply.get("content") or "").strip()) or reply.get("action") not in STATE_ONLY


def _comment(item: dict, parent_id: str | None, done: bool) -> Comment:
    return Comment(id=str(item["id"]), author=(item.get("author") or {}).get("displayName"),
                   initials=None, date=_time(item.get("createdTime")),
                   text=item.get("content") or "", parent_id=parent_id, done=done)


def _time(text) -> dt.datetime | None:
    """An RFC 3339 time (``2026-12-02T09:00:00.000Z``) as an aware datetime; None if unreadable."""
    try:
        when = dt.datetime.fromisoformat(text)
    except (TypeError, ValueError):
        return None
    return when if when.tzinfo else None


def plain(text: str) -> str:
    """``text`` with its spacing folded to single spaces, casefolded, for matching."""
    return " ".join(text.split()).casefold()


# -- anchoring ----------------------------------------------------------------------------------

class _QuotedRow(Record):
    """A step row's texts to match quotes against, and its code."""

    key: tuple[int, int]
    """(index of its table, index of the row)."""
    texts: tuple[str, ...]
    """The row's text (cells joined) as it reads now and before, then each cell's."""
    code: str | None


def anchored(tables: tuple[TableText, ...], quotes) -> tuple[TableText, ...]:
    """``tables`` with each row's ``comment_ids``: the comments of ``quotes`` about it."""
    rows = [row for index, table in enumerate(tables) for row in _quoted_rows(index, table)]
    found: dict[tuple[int, int], list[str]] = {}
    for comment_id, quote in quotes:
        for key in _rows_quoted(quote, rows):
            found.setdefault(key, []).append(comment_id)
    return tuple(table.replace(rows=tuple(
        row.replace(comment_ids=tuple(found.get((index, number), ())))
        for number, row in enumerate(table.rows))) for index, table in enumerate(tables))


def _rows_quoted(quote: str, rows: list[_QuotedRow]) -> list[tuple[int, int]]:
    """The rows holding ``quote``; else, when it names the codes of several rows, those."""
    holding = [row.key for row in rows if any(quote in text for text in row.texts)]
    if holding:
        return holding
    words = set(re.findall(r"\w+", quote))
    named = [row.key for row in rows if row.code and row.code in words]
    return named if len(named) > 1 else []


def _quoted_rows(index: int, table: TableText):
    """The rows after the header row, with the code from the column headed Code."""
    if not table.rows:
        return
    headers = [FIELD_OF_HEADER.get(plain(cell.current or cell.original))
               for cell in table.rows[0].cells]
    code_column = headers.index("code") if "code" in headers else None
    for number, row in enumerate(table.rows[1:], 1):
        cells = [plain(cell.current) for cell in row.cells]
        before = [plain(cell.original) for cell in row.cells]
        code = None
        if code_column is not None and code_column < len(row.cells):
            code = (cells[code_column] or before[code_column]) or None
        yield _QuotedRow(key=(index, number), code=code,
                         texts=(" ".join(cells), " ".join(before), *cells, *before))
