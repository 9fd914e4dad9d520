"""One rendering of a plan: the room to show, its theme, paper and logos.

The render command makes a buyer edition from ``plan.for_buyer()`` and, for
the seller's review, a seller edition from the whole plan and its health.
"""

from __future__ import annotations

import base64
import datetime as dt
from pathlib import Path

from generator.errors import PlanError, Problem
from generator.record import Record
from generator.room import DealRoom
from generator.themes import Theme

LOGO_TYPES = {".png": "image/png", ".jpg": "image/jpeg", ".jpeg": "image/jpeg",
              ".svg": "image/svg+xml", ".webp": "image/webp"}
LOGO_MAX_BYTES = 512 * 1024


class Edition(Record):
    """Everything a writer needs to write one plan."""

    room: DealRoom
    """The plan as shown (a BuyerPlan for buyer writers)."""
    theme: Theme
    paper: str
    """``A4`` or ``Letter``."""
    logos: dict
    """``buyer`` / ``seller`` → data: URI, for the logos the plan gives."""
    env: object
    """The Jinja environment (user templates, theme, built-in)."""
    generated_on: dt.date
    health: object = None
    """The plan's health (seller editions only)."""

    @property
    def stylesheet(self):
        """The built-in structure (base.css, which a user template folder may
        override) followed by the theme's look, as trusted markup for <style>."""
        from markupsafe import Markup

        base, _, _ = self.env.loader.get_source(self.env, "base.css")
        return Markup(f"{base}\n{self.theme.stylesheet}")

    def render(self, template: str, **extra) -> str:
        """A template rendered with this edition."""
        colours = self.theme.palette(self.room.plan.branding.accent)
        values = {"review": False, **extra}
        return self.env.get_template(template).render(
            edition=self, room=self.room, plan=self.room.plan, deal=self.room.plan.deal,
            colours=colours, settings=self.theme.settings, **values)


def load_logos(branding, plan_file: Path, theme: Theme | None = None) -> dict[str, str]:
    """The logos as data: URIs: the plan's, else the theme's (``seller_logo`` in
    theme.toml, relative to the theme folder). A plan logo that cannot be used is
    a plan error; so is a theme's, as a usage error."""
    logos, problems = {}, []
    if theme is not None:
        logos.update(_theme_logos(theme))
    for side in ("buyer", "seller"):
        written = getattr(branding, f"{side}_logo")
        if written:
            try:
                logos[side] = _data_uri(plan_file.parent / written)
            except ValueError as error:
                problems.append(Problem(str(plan_file), 0, 0, f"branding.{side}_logo",
                                        f"{written}: {error}"))
    if problems:
        raise PlanError(problems)
    return logos


def _theme_logos(theme: Theme) -> dict[str, str]:
    from generator.errors import UsageError

    logos = {}
    for side in ("buyer", "seller"):
        written = theme.settings.get(f"{side}_logo")
        if written:
            try:
                logos[side] = _data_uri(theme.folder / written)
            except ValueError as error:
                raise UsageError(f"theme {theme.name}: {side}_logo {written}: {error}") from None
    return logos


def _data_uri(path: Path) -> str:
    kind = LOGO_TYPES.get(path.suffix.lower())
    if kind is None:
        raise ValueError(f"a logo is a {', '.join(LOGO_TYPES)} file")
    try:
        data = path.read_bytes()
    except OSError as error:
        raise ValueError(f"cannot be read ({error.strerror}); the path is relative to the plan file") \
            from None
    if len(data) > LOGO_MAX_BYTES:
        raise ValueError(f"is {len(data) // 1024} KB; a logo may be at most {LOGO_MAX_BYTES // 1024} KB")
    return f"data:{kind};base64,{base64.b64encode(data).decode('ascii')}"
