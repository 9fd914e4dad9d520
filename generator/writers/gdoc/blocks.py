"""The Google Doc's content as plain records, before any Docs API request.

:mod:`.outline` says what the document holds as a list of these blocks;
:mod:`.requests` turns the list into ``documents.batchUpdate`` requests. The
records know nothing of indexes or of the plan.
"""

from __future__ import annotations

from generator.record import Record


class Run(Record):
    """A piece of a paragraph's text with one formatting."""

    text: str
    bold: bool = False
    link: str | None = None
    """The address the text links to (http, https or mailto), if any."""


class Paragraph(Record):
    """One paragraph of body text, possibly a bullet."""

    runs: tuple[Run, ...]
    bullet: bool = False

    @property
    def text(self) -> str:
        """The paragraph's text, all runs together."""
        return "".join(run.text for run in self.runs)


class Heading(Record):
    """A heading: level 0 is the document's title, 1 to 3 the headings."""

    level: int
    text: str


class Table(Record):
    """A table of plain text: a header row, then the rows."""

    headers: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]


Block = Heading | Paragraph | Table
"""What the body is a list of."""


def plain(text: str, bold: bool = False) -> Paragraph:
    """A paragraph of one run."""
    return Paragraph((Run(text, bold=bold),))
