"""The Jinja environment of the deal room, searched as mkdocs does.

Templates are looked up in the user's own folder first (``--templates``),
then in the theme's ``templates/``, then in the built-in ones. Autoescaping
is on; Markdown goes through :mod:`generator.rendering.rich_text` only.
Compiled templates are kept between runs in the user's cache folder
(:mod:`generator.rendering.template_cache`).
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

from generator.resources import shipped
from generator.rendering.rich_text import to_html, to_inline_html, to_plain
from generator.rendering.themes import Theme


def template_folders(theme: Theme, user_templates: Path | None = None) -> list[Path]:
    """The folders searched for templates, first match wins."""
    folders = [user_templates, theme.templates, shipped("templates") / "deal_room"]
    return [folder for folder in folders if folder and folder.is_dir()]


def environment(theme: Theme, user_templates: Path | None = None):
    """A Jinja environment for the deal room templates.

    One per list of folders in a process, so a template is compiled once, not
    once per render (compiling is most of the time of an HTML render); Jinja
    still reloads a template whose file changed."""
    return _environment(tuple(template_folders(theme, user_templates)))


def report_environment():
    """The Jinja environment of the seller's portfolio report (``templates/report/``),
    with the deal room's options and filters."""
    return _environment((shipped("templates") / "report",))


OPTIONS = {"autoescape": True, "trim_blocks": True, "lstrip_blocks": True}
"""The environment's options besides the loader and StrictUndefined."""


@lru_cache(maxsize=16)
def _environment(folders: tuple[Path, ...]):
    from jinja2 import Environment, FileSystemLoader, StrictUndefined

    from generator.rendering.template_cache import bytecode_cache

    env = Environment(loader=FileSystemLoader(list(folders)), undefined=StrictUndefined,
                      bytecode_cache=bytecode_cache(f"deal room, strict, {sorted(OPTIONS.items())}"),
                      **OPTIONS)
    env.filters.update(markdown=to_html, inline=to_inline_html, plain=to_plain, css=css_value,
                       possessive=possessive, isodate=_isodate)
    return env


def css_value(value) -> str:
    """A theme value placed inside <style>: quotes kept (HTML entities are not
    decoded there), and nothing that could end the declaration or the element."""
    from markupsafe import Markup

    return Markup(re.sub(r"[<>{};\\]", "", str(value)))


def possessive(name: str) -> str:
    """``Northwind Health’s``, ``Corvane Logistics’``."""
    return f"{name}’" if name.endswith(("s", "S")) else f"{name}’s"


def _isodate(text: str):
    """``2026-12-05`` as a date, for templates that format it."""
    import datetime as dt

    return dt.date.fromisoformat(text)
