"""What a buyer does to a deal room in the Google Docs UI, acted out on the stand-in's model.

Tables are numbered from 1 in body order; rows from 0 (the header row is 0).
Every action gives the document a new revisionId and a higher Drive version,
as Google does. Suggestions carry the suggestion id on every character they
insert or delete (and on the row, for a suggested or removed row).
"""

import itertools
from datetime import datetime, timezone

from tests.google_standin.content import Cell, Char, Paragraph, Row
from tests.google_standin.edits import split_lines

_comment_numbers = itertools.count(1)


def _cell(doc, table_number: int, row: int, column: int) -> Cell:
    return doc.tables()[table_number - 1].rows[row].cells[column]


def _paragraphs(text: str, insertions=()) -> list:
    return [Paragraph.of(line, insertions=insertions) for line in text.split("\n")]


def edit_cell(doc, table_number: int, row: int, column: int, new_text: str) -> None:
    """A direct edit: the cell now holds `new_text` (its first paragraph's style kept)."""
    cell = _cell(doc, table_number, row, column)
    style = cell.content[0].style
    cell.content[:] = _paragraphs(new_text)
    for paragraph in cell.content:
        paragraph.style = dict(style)
    doc.touch()


def suggest_cell(doc, table_number: int, row: int, column: int, new_text: str, suggestion_id: str) -> None:
    """A suggestion: the cell's text marked as a suggested deletion, `new_text` as a suggested insertion."""
    cell = _cell(doc, table_number, row, column)
    for paragraph in cell.content:
        for char in paragraph.chars if paragraph is not cell.content[-1] else paragraph.chars[:-1]:
            char.deletions += (suggestion_id,)
    last = cell.content[-1]
    new = [Char(letter, {}, (suggestion_id,)) for letter in new_text]
    cell.content[-1:] = split_lines(last.chars[:-1] + new + last.chars[-1:], last)
    doc.touch()


def suggest_row(doc, table_number: int, cells: list, suggestion_id: str, after_row: int | None = None) -> None:
    """A suggested new row holding `cells` (texts; missing ones empty), after `after_row` or at the end."""
    table = doc.tables()[table_number - 1]
    texts = list(cells) + [""] * (table.columns - len(cells))
    ids = (suggestion_id,)
    row = Row([Cell(_paragraphs(text, insertions=ids)) for text in texts], insertions=ids)
    position = len(table.rows) if after_row is None else after_row + 1
    table.rows.insert(position, row)
    doc.touch()


def suggest_row_removal(doc, table_number: int, row: int, suggestion_id: str) -> None:
    """A suggestion to remove a row: the row and all its text marked as a suggested deletion."""
    removed = doc.tables()[table_number - 1].rows[row]
    removed.deletions += (suggestion_id,)
    for cell in removed.cells:
        for paragraph in cell.content:
            for char in paragraph.chars:
                char.deletions += (suggestion_id,)
    doc.touch()


def edit_paragraph(doc, old_text: str, new_text: str) -> None:
    """A direct edit of the body paragraph reading `old_text` (without its newline)."""
    for paragraph in doc.body:
        if isinstance(paragraph, Paragraph) and paragraph.text == old_text + "\n":
            paragraph.chars = [Char(letter) for letter in new_text] + paragraph.chars[-1:]
            doc.touch()
            return
    raise LookupError(f"no body paragraph reads {old_text!r}")


def comment(store, file_id: str, quoted_text: str, content: str, author, resolved: bool = False,
            replies=()) -> dict:
    """A Drive comment on the text `quoted_text`; `author` a display name or a dict; the comment made.

    `replies` are (author, content) or (author, content, action) tuples or dicts in Drive's shape.
    """
    made = {
        "id": f"AAAB{next(_comment_numbers):04d}",
        "kind": "drive#comment",
        "author": _author(author),
        "content": content,
        "htmlContent": content,
        "quotedFileContent": {"mimeType": "text/html", "value": quoted_text},
        "anchor": f"kix.{next(_comment_numbers):x}anchor",
        "resolved": resolved,
        "deleted": False,
        "createdTime": _now(),
        "modifiedTime": _now(),
        "replies": [_reply(reply) for reply in replies],
    }
    store.add_comment(file_id, made)
    return made


def _reply(reply) -> dict:
    if isinstance(reply, dict):
        return {"id": f"AAAR{next(_comment_numbers):04d}", "deleted": False, "createdTime": _now(), **reply,
                "author": _author(reply.get("author", "Buyer"))}
    author, content, *action = reply
    made = {"id": f"AAAR{next(_comment_numbers):04d}", "author": _author(author), "content": content,
            "createdTime": _now(), "modifiedTime": _now(), "deleted": False}
    return {**made, "action": action[0]} if action else made


def _author(author) -> dict:
    return dict(author) if isinstance(author, dict) else {"displayName": author, "kind": "drive#user"}


def _now() -> str:
    return datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%S.%f")[:-3] + "Z"
