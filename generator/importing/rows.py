"""Whose edits a row holds (tracked authors, dates, comments) and whose workstream a table is."""

from __future__ import annotations

import datetime as dt
from collections import Counter

from generator.importing.edits import one_line
from generator.record import Record


class Who(Record):
    """Who changed a row or a cell, and when (the latest date)."""

    who: tuple[str, ...] = ()
    when: dt.datetime | None = None
    suggested: bool = False
    """Whether it is a suggestion (a Google Doc's Suggesting mode), not a direct edit."""


class Note(Record):
    """A comment on a row, with its replies."""

    text: str
    who: tuple[str, ...]
    when: dt.datetime | None
    done: bool


class Attribution(Record):
    """The tracked authors of a row and of each of its cells, and its comments."""

    row: Who = Who()
    cells: dict = {}
    """Field → :class:`Who`."""
    notes: tuple[Note, ...] = ()
    """The row's comments, unresolved first."""

    @classmethod
    def nobody(cls) -> Attribution:
        return cls()

    def cell(self, field: str) -> Who:
        """Who edited the cell of ``field`` (nobody when untracked)."""
        return self.cells.get(field, Who())

    @property
    def reason(self) -> str | None:
        """The row's comments as one reason (unresolved ones first)."""
        return "; ".join(note.text for note in self.notes) or None


def row_attribution(row, comments: dict) -> Attribution:
    """The authors of ``row`` (a StepRow) and its cells, and its comments."""
    return Attribution(row=_who(row.edits),
                       cells={field: _who(cell.edits) for field, cell in row.cells.items()},
                       notes=_notes(row.comment_ids, comments))


def _who(edits) -> Who:
    names = tuple(dict.fromkeys(one_line(e.author) for e in edits if e.author))
    dates = [e.date for e in edits if e.date]
    return Who(who=names, when=max(dates) if dates else None,
               suggested=any(e.kind == "suggested" for e in edits))


def _notes(comment_ids, comments: dict) -> tuple[Note, ...]:
    """Top-level comments with their replies folded in, unresolved first."""
    anchored = [comments[i] for i in dict.fromkeys(comment_ids) if i in comments]
    replies: dict[str, list] = {}
    for comment in comments.values():
        if comment.parent_id:
            replies.setdefault(comment.parent_id, []).append(comment)
    notes = [_note(c, replies.get(c.id, [])) for c in anchored
             if not c.parent_id or c.parent_id not in comments]
    return tuple(sorted(notes, key=lambda note: note.done))


def _note(comment, replies) -> Note:
    thread = [comment, *replies]
    text = " / ".join(one_line(c.text) for c in thread if one_line(c.text))
    names = tuple(dict.fromkeys(one_line(c.author) for c in thread if c.author))
    dates = [c.date for c in thread if c.date]
    return Note(text=text, who=names, when=max(dates) if dates else None,
                done=bool(comment.done))


def table_workstreams(tables, base, codes: dict[str, str]):
    """Each table with the workstream it belongs to: the one most of its codes
    belong to, else the one its heading names; None when neither says."""
    workstream_of_code = {codes[t.id]: t.workstream for t in base.tasks}
    by_name = {" ".join(w.name.split()).casefold(): w.id for w in base.workstreams}
    for table in tables:
        found = Counter(workstream_of_code[r.code] for r in table.rows
                        if r.code in workstream_of_code)
        if found:
            yield table, found.most_common(1)[0][0]
        else:
            heading = " ".join((table.heading or "").split()).casefold()
            yield table, by_name.get(heading)
