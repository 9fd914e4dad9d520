"""Markdown a person wrote, as Word paragraphs and runs.

The same parser as every other output (:mod:`generator.rendering.rich_text`:
no raw HTML, no images, only http, https and mailto links), walked token by
token: paragraphs, bullet and numbered lists, bold, italics, strike-through,
code and links become their Word equivalents; anything else keeps its text.
"""

from __future__ import annotations

from generator.rendering.rich_text import tokens
from generator.writers.word.parts import add_hyperlink, move_run_into

CODE_FONT = "Consolas"
LIST_STYLES = {"bullet_list_open": "List Bullet", "ordered_list_open": "List Number"}
DEEPEST_LIST = 3
"""Word's built-in list styles go three levels deep (``List Bullet 3``)."""


def add_prose(container, text: str | None, style: str | None = None, first=None) -> None:
    """Block Markdown as paragraphs at the end of ``container`` (the document or a
    table cell); ``style`` for its plain paragraphs. When the text starts with a
    plain paragraph and ``first`` is given, that paragraph goes on at the end of
    ``first`` instead of starting a new one."""
    lists: list[str] = []
    for number, token in enumerate(tokens(text)):
        if token.type in LIST_STYLES:
            lists.append(LIST_STYLES[token.type])
        elif token.type in ("bullet_list_close", "ordered_list_close"):
            lists.pop()
        elif token.type == "inline":
            paragraph = first if first is not None and number == 1 and not lists else \
                container.add_paragraph(style=_list_style(lists) or style)
            add_pieces(paragraph, token.children or [])
        elif token.type in ("fence", "code_block"):
            run = container.add_paragraph(style=style).add_run(token.content.rstrip("\n"))
            run.font.name = CODE_FONT


def add_inline(paragraph, text: str | None) -> None:
    """One line of Markdown (emphasis, code, links) at the end of ``paragraph``."""
    for token in tokens(text, inline=True):
        add_pieces(paragraph, token.children or [])


def add_pieces(paragraph, children) -> None:
    """The inline tokens of one paragraph as runs, with their formatting and links;
    neighbouring text of the same formatting shares one run."""
    open_marks: dict[str, int] = {"strong": 0, "em": 0, "s": 0}
    link, last = None, None
    for child in children:
        kind = child.type
        mark, _, end = kind.rpartition("_")
        if mark in open_marks and end in ("open", "close"):
            open_marks[mark] += 1 if end == "open" else -1
        elif kind == "link_open":
            link, last = add_hyperlink(paragraph, child.attrs["href"]), None
        elif kind == "link_close":
            link, last = None, None
        else:
            last = _add_text(paragraph, child, open_marks, link, last)


def _add_text(paragraph, child, open_marks: dict[str, int], link, last):
    """Add one piece of text; returns the run to go on with (None after a break or code)."""
    if child.type == "hardbreak":
        paragraph.add_run().add_break()
        return None
    text = " " if child.type == "softbreak" else child.content
    plain = child.type != "code_inline"
    key = (tuple(open_marks.values()), link)
    if last is not None and plain and last[1] == key:
        last[0].text += text
        return last
    run = paragraph.add_run(text)
    if open_marks["strong"]:
        run.bold = True
    if open_marks["em"]:
        run.italic = True
    if open_marks["s"]:
        run.font.strike = True
    if not plain:
        run.font.name = CODE_FONT
    if link is not None:
        run.style = "Hyperlink"
        move_run_into(link, run)
    return (run, key) if plain else None


def _list_style(lists: list[str]) -> str | None:
    if not lists:
        return None
    depth = min(len(lists), DEEPEST_LIST)
    return lists[-1] if depth == 1 else f"{lists[-1]} {depth}"
