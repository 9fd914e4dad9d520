"""A table in the deal room's style: the one way this document makes a table.

Every table uses the table style of :mod:`.styles` (no formatting on its
cells), repeats its header row on each page, keeps each row whole, and has
fixed column widths in proportion to the weights it is given, filling the
width between the margins.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from generator.writers.word.parts import (fix_widths, keep_whole, look_at_header_and_bands,
                                          repeat_as_header)
from generator.writers.word.styles import TABLE_STYLE

EMU_PER_TWIP = 635

Cell = str | Callable
"""A cell's content: plain text (one run), or a function that fills the cell."""


def add_table(document, headers: Sequence[str], rows: Sequence[Sequence[Cell]],
              weights: Sequence[float], width: int):
    """A styled table at the end of ``document``: ``headers`` in the first row,
    then one row per item of ``rows``; ``width`` in EMU, shared by ``weights``."""
    table = document.add_table(rows=1, cols=len(headers))
    table.style = TABLE_STYLE
    look_at_header_and_bands(table)
    header = table.rows[0]
    for cell, text in zip(header.cells, headers):
        cell.paragraphs[0].add_run(text)
    keep_whole(header)
    repeat_as_header(header)
    for values in rows:
        row = table.add_row()
        keep_whole(row)
        for cell, value in zip(row.cells, values):
            fill(cell, value)
    fix_widths(table, column_widths(weights, width))
    return table


def fill(cell, value: Cell) -> None:
    """Plain text as one run in the cell's paragraph (nothing for empty text), or
    whatever the function ``value(cell)`` puts there."""
    if callable(value):
        value(cell)
    elif value:
        cell.paragraphs[0].add_run(value)


def column_widths(weights: Sequence[float], width: int) -> list[int]:
    """``width`` (EMU) shared in proportion to ``weights``, in whole twips that add up."""
    twips = width // EMU_PER_TWIP
    total = sum(weights)
    shares = [int(twips * weight / total) for weight in weights]
    shares[-1] += twips - sum(shares)
    return [share * EMU_PER_TWIP for share in shares]
