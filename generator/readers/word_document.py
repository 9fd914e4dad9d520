"""What an edited Word document says, in plain terms: the records :func:`read_word` returns.

No XML here: :mod:`generator.readers.word_xml` reads the document and fills
these; the import compares them with the published revision.
"""

from __future__ import annotations

import datetime as dt

from generator.record import Record


class TrackedEdit(Record):
    """Who changed something, as Word or LibreOffice recorded it, or that Google Docs holds
    a suggestion there."""

    kind: str
    """``inserted``, ``deleted`` or ``moved`` (Word's tracked changes), or ``suggested``: a
    Google Docs suggestion (an insertion, deletion or replacement not yet accepted)."""
    author: str | None
    """The name the editor's program was set to; None when not recorded (always None for
    ``suggested``: the Docs API names no suggestion author outside its Developer Preview)."""
    date: dt.datetime | None
    """When, as written (``Z`` or an offset gives an aware time); None if absent or unreadable."""


class CellText(Record):
    """One table cell's text before and after its tracked changes."""

    original: str
    """The text before tracked changes: ``w:t`` not inserted, plus deleted text."""
    current: str
    """The text now: ``w:t`` not deleted; moved text counted once."""
    edits: tuple[TrackedEdit, ...]
    """Distinct (kind, author, date) of the changes inside the cell, in document order."""
    span: int = 1
    """How many grid columns the cell spans (``w:gridSpan``: cells merged across)."""
    continues: bool = False
    """Whether it continues the cell above (``w:vMerge``: merged down), whose text it shows."""


class RowText(Record):
    """One table row: its cells, and whether it was inserted or deleted under tracking."""

    cells: tuple[CellText, ...]
    """The row's cells, left to right."""
    state: str
    """``kept``, ``inserted`` (``w:trPr/w:ins``) or ``deleted`` (``w:trPr/w:del``; also
    a row inserted and then deleted)."""
    edits: tuple[TrackedEdit, ...]
    """The row-level insertion or deletion, if any."""
    comment_ids: tuple[str, ...]
    """The comments anchored in this row (open in it, started in it or referenced in it)."""
    skipped: int = 0
    """Grid columns left empty before its first cell (``w:gridBefore``)."""


class TableText(Record):
    """One top-level table of the body."""

    number: int
    """1-based among the body's top-level tables, in document order."""
    heading: str | None
    """The current text of the nearest non-empty body paragraph before the table."""
    rows: tuple[RowText, ...]
    """The rows, top to bottom, header row included."""


class Comment(Record):
    """A comment from ``word/comments.xml``, with its thread from ``commentsExtended.xml``."""

    id: str
    """The comment's ``w:id``, as the anchors in the body name it."""
    author: str | None
    initials: str | None
    date: dt.datetime | None
    text: str
    """Its paragraphs joined with newlines."""
    parent_id: str | None
    """The comment this one replies to; None for a thread's first comment."""
    done: bool
    """Whether the thread was marked resolved."""


class WordDocument(Record):
    """What an edited .docx says, in plain terms."""

    tables: tuple[TableText, ...]
    comments: tuple[Comment, ...]
    footer_text: str
    """The current text of all footer parts that have any, joined with newlines."""
    properties: dict
    """Custom document properties: name → value as text."""
    track_changes: bool
    """Whether the document asks for Track Changes (``w:trackRevisions``)."""
