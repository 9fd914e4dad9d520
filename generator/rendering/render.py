"""Rendering a loaded plan into files: the library behind ``dealroom render``.

Every file is rendered in memory first; only when all formats succeeded are
they written, each atomically, into ``OUT/<deal-id>/``.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from generator.rendering.edition import Edition, load_logos
from generator.files import write_output
from generator.plan.loader import LoadedPlan
from generator.record import Record
from generator.rendering.room import DealRoom
from generator.rendering.themes import load_theme
from generator.writers import Writer

DEFAULT_LOCALE = "en_GB"


class RenderOptions(Record):
    """Choices made on the command line (they win over the plan's branding)."""

    today: dt.date
    theme: str | None = None
    themes_folder: Path | None = None
    templates: Path | None = None
    """A user's templates folder, searched before the theme and the built-in ones."""
    paper: str | None = None
    locale: str | None = None
    version: int = 1
    revisions: tuple = ()
    """Stored revisions up to this version (oldest first), for the history shown."""
    draft: bool = False
    """True when the plan is not the published ``version`` (a render of changes
    not yet published): an editable document then says it is a draft."""


def _locale(choice: str | None) -> str:
    from babel import Locale, UnknownLocaleError

    try:
        Locale.parse(choice or DEFAULT_LOCALE)
    except (UnknownLocaleError, ValueError):
        from generator.errors import UsageError

        raise UsageError(f"unknown locale: {choice} (write it as en_GB, en_US, de_DE ...)") from None
    return choice or DEFAULT_LOCALE


def edition(loaded: LoadedPlan, options: RenderOptions, audience: str) -> Edition:
    """The buyer's or the seller's edition of a loaded plan.

    ``loaded`` needs a ``plan`` and the ``file`` it came from (logos are
    relative to it); the plan may be a stored :class:`BuyerPlan` for the buyer.
    """
    from generator.rendering.templating import environment

    plan, branding = loaded.plan, loaded.plan.branding
    theme = load_theme(options.theme or branding.theme, options.themes_folder)
    shown = _shown(plan, audience)
    past = None
    if options.revisions:
        from generator.history.past import past_of

        past = past_of(options.revisions, audience)
    room = DealRoom(shown, options.today, options.version,
                    _locale(options.locale or branding.locale), past)
    health = None
    if audience == "seller":
        health = _health(plan, options)
    return Edition(room=room, theme=theme,
                   paper=options.paper or branding.paper or theme.settings.get("paper", "A4"),
                   logos=load_logos(branding, Path(loaded.file), theme),
                   env=environment(theme, options.templates), generated_on=options.today,
                   health=health, draft=options.draft)


def _shown(plan, audience: str):
    """The buyer's view of the plan (a stored buyer plan as it is), or the whole plan."""
    from generator.plan.model import Plan

    if audience == "buyer":
        return plan.for_buyer() if isinstance(plan, Plan) else plan
    if not isinstance(plan, Plan):
        raise TypeError("the seller's edition needs the whole plan, not the buyer's view")
    return plan


def _health(plan, options: RenderOptions):
    """The plan's health, with the rules that need history when there is one."""
    from generator.health import assess

    history = None
    if options.revisions:
        from generator.history.revisions import history_from_revisions

        history = history_from_revisions(options.revisions)
    return assess(plan, options.today, history)


def render_files(loaded: LoadedPlan, writers: list[Writer], options: RenderOptions) -> dict:
    """Every file of every writer, by file name, rendered in memory (the slow
    ones side by side, see :mod:`generator.rendering.side_by_side`)."""
    from generator.rendering.side_by_side import SLOW, run_all

    editions = {audience: edition(loaded, options, audience)
                for audience in dict.fromkeys(w.audience for w in writers)}
    slow = [w for w in writers if w.name in SLOW]
    if len(slow) > 1 and {"pdf", "brief"} & {w.name for w in slow}:
        import generator.rendering.pdf_output  # noqa: F401 - WeasyPrint loaded once, before forking
    written = dict(zip((w.name for w in slow), run_all(
        [lambda w=w: w.write(editions[w.audience]) for w in slow])))
    files: dict[str, str | bytes] = {}
    for writer in writers:
        files.update(written[writer.name] if writer.name in written
                     else writer.write(editions[writer.audience]))
    return files


def write_files(folder: Path, files: dict[str, str | bytes]) -> list[Path]:
    """Write each file atomically into ``folder``; return their paths."""
    written = []
    for name, content in files.items():
        path = folder / name
        write_output(path, content)
        written.append(path)
    return written
