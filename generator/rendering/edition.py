"""One rendering of a plan: the room to show, its theme, paper and logos.

The render command makes a buyer edition from ``plan.for_buyer()`` and, for
the seller's review, a seller edition from the whole plan and its health.
"""

from __future__ import annotations

import base64
import datetime as dt
from pathlib import Path

from generator.errors import PlanError, Problem
from generator.plan.logo_file import LogoError, read_logo
from generator.record import Record
from generator.rendering.room import DealRoom
from generator.rendering.themes import Theme


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
    draft: bool = False
    """True when the plan shown is not a published version (see RenderOptions.draft)."""

    @property
    def issued_on(self) -> dt.date:
        """The day of the version shown: its revision's day (the day it was published)
        when it is a published version, else the day it is rendered."""
        latest = self.room.past.latest
        if not self.draft and latest is not None and latest.number == self.room.version:
            return latest.on
        return self.generated_on

    @property
    def version_text(self) -> str:
        """``3, 4 Dec 2026``, or ``Draft, not yet published (1 Dec 2026)``."""
        if self.draft:
            return f"Draft, not yet published ({self.room.date(self.generated_on)})"
        return f"{self.room.version}, {self.room.date(self.issued_on)}"

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
    a plan error (the loader has already said where; this catches a file changed
    since); a theme's is a usage error. Every logo is read by
    :func:`generator.plan.logo_file.read_logo`."""
    logos, problems = {}, []
    if theme is not None:
        logos.update(_theme_logos(theme))
    for side in ("buyer", "seller"):
        written = getattr(branding, f"{side}_logo")
        if written:
            try:
                logos[side] = _data_uri(plan_file.parent, written)
            except LogoError as error:
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
                logos[side] = _data_uri(theme.folder, str(written))
            except LogoError as error:
                raise UsageError(f"theme {theme.name}: {side}_logo {written}: {error}") from None
    return logos


def _data_uri(folder: Path, written: str) -> str:
    kind, data = read_logo(folder, written)
    return f"data:{kind};base64,{base64.b64encode(data).decode('ascii')}"
