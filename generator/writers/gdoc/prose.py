"""Markdown a person wrote, as the Google Doc's runs and paragraphs.

The same safe parser as every other output
(:mod:`generator.rendering.rich_text`). What the Doc keeps: paragraphs, list
items (as bullets, numbered ones too), bold, and links (only http, https and
mailto survive the parser). Everything else becomes its plain text without
the Markdown symbols: italics, strike-through and code read as ordinary
text, a code block as one paragraph per line, a line break as a space.
Headings write their text without markup (:func:`plain_text`), and table
cells hold plain text only; the plan's step cells are never parsed at all,
as ``dealroom import`` compares them with the plan's own text.
"""

from __future__ import annotations

from generator.rendering.rich_text import tokens
from generator.writers.gdoc.blocks import Paragraph, Run

LIST_OPEN = ("bullet_list_open", "ordered_list_open")
LIST_CLOSE = ("bullet_list_close", "ordered_list_close")


def inline_runs(text: str | None, bold: bool = False) -> tuple[Run, ...]:
    """One line of Markdown as runs (bold and links kept); ``bold`` makes all of it bold."""
    runs: list[Run] = []
    for token in tokens(text, inline=True):
        runs.extend(_runs(token.children or [], bold))
    return tuple(runs)


def plain_text(text: str | None) -> str:
    """One line of Markdown as its plain text, without the Markdown symbols."""
    return "".join(run.text for run in inline_runs(text))


def paragraphs(text: str | None) -> list[Paragraph]:
    """Block Markdown as paragraphs; list items are bullets."""
    found: list[Paragraph] = []
    depth = 0
    for token in tokens(text):
        if token.type in LIST_OPEN:
            depth += 1
        elif token.type in LIST_CLOSE:
            depth -= 1
        elif token.type == "inline":
            found.append(Paragraph(tuple(_runs(token.children or [], False)), bullet=depth > 0))
        elif token.type in ("fence", "code_block"):
            found.extend(Paragraph((Run(line),)) for line in token.content.rstrip("\n").split("\n"))
    return found


def _runs(children, bold: bool) -> list[Run]:
    """Inline tokens as runs; neighbouring text of the same formatting shares one run."""
    runs: list[Run] = []
    strong, link = 0, None
    for child in children:
        if child.type in ("strong_open", "strong_close"):
            strong += 1 if child.type == "strong_open" else -1
        elif child.type in ("link_open", "link_close"):
            link = child.attrs["href"] if child.type == "link_open" else None
        else:
            _add(runs, Run(_text_of(child), bold=bold or strong > 0, link=link))
    return runs


def _text_of(child) -> str:
    if child.type in ("softbreak", "hardbreak"):
        return " "
    return child.content


def _add(runs: list[Run], run: Run) -> None:
    if not run.text:
        return
    last = runs[-1] if runs else None
    if last is not None and (last.bold, last.link) == (run.bold, run.link):
        runs[-1] = last.replace(text=last.text + run.text)
    else:
        runs.append(run)
