"""The plan: one table per workstream, the contract with ``dealroom import``.

What :mod:`generator.rendering.editable` promises the importer, and only
that, is in these tables: a Heading 2 with the workstream's name, then a
table whose header row is exactly the headers of
:data:`~generator.rendering.editable.STEP_COLUMNS`, in their order, and one
row per task with the values of
:func:`~generator.rendering.document_words.step_cells`. Every cell holds plain
runs directly in its one paragraph: no content control, field, hyperlink or
bookmark, and no Markdown made into formatting (a title is written as the
plan has it, so that reading it back gives the same text).

What the web page adds inside the Step cell (the gate it closes, what it
waits for, a moved date, the notes) is written under the table, keyed by the
step's code, so that no cell holds more than its own field.
"""

from __future__ import annotations

from generator.rendering.document_words import detail_text, first_code, step_cells
from generator.rendering.editable import STEP_COLUMNS
from generator.writers.word.prose import add_prose
from generator.writers.word.tables import add_table

COLUMN_WEIGHTS = {"code": 8, "title": 28, "owner": 15, "due": 13, "status": 11, "if_missed": 25}
"""Relative column widths: the step and what happens if it is missed widest."""


def add_plan(document, edition, width: int, lead: str) -> None:
    """``The plan``: how to suggest changes, then each workstream that has steps."""
    room = edition.room
    document.add_heading("The plan", 1)
    document.add_paragraph(
        "Each workstream is a table; each step has a code (such as "
        f"{first_code(room)}) that stays with it in every version. To suggest a change, edit "
        "this document (Track Changes is already on) and send it back to "
        f"{lead}: keep the codes as they are, and add a row without a code for a new step.")
    for workstream, tasks in room.workstream_tasks():
        if tasks:
            document.add_heading(workstream.name, 2)
            add_steps_table(document, room, tasks, width)
            add_step_details(document, room, tasks)


def add_steps_table(document, room, tasks, width: int):
    """The workstream's table: the header row, then one row per task."""
    fields = [field for field, _ in STEP_COLUMNS]
    rows = [[step_cells(room, task)[field] for field in fields] for task in tasks]
    return add_table(document, [header for _, header in STEP_COLUMNS], rows,
                     [COLUMN_WEIGHTS[field] for field in fields], width)


def add_step_details(document, room, tasks) -> None:
    """Under the table, per step that has any: its gate, what it waits for, where its
    date was, then its notes."""
    for task in tasks:
        said = detail_text(room, task)
        if not said and not task.notes:
            continue
        paragraph = document.add_paragraph(style="Step detail")
        paragraph.add_run(room.code(task)).bold = True
        paragraph.add_run(f" {said}{' · ' if said and task.notes else ''}" if said else " ")
        add_prose(document, task.notes, style="Step detail", first=paragraph)
