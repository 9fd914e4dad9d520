"""``dealroom render PLAN --to FORMATS``: write the deal room without recording a revision."""

from __future__ import annotations

from pathlib import Path

from generator.commands.check import parse_today
from generator.errors import UsageError
from generator.loader import load_plan
from generator.render import RenderOptions, render_files, write_files
from generator.writers import find_writers


def run_render(plan_file: str, formats: str, out: str, theme: str | None, templates: str | None,
               paper: str | None, locale: str | None, today: str | None,
               store: str | None = None) -> int:
    """Load, render every format in memory, then write them all; print what was written."""
    from generator.store import published_revisions

    writers = find_writers(formats)
    if templates and not Path(templates).is_dir():
        raise UsageError(f"--templates {templates}: no such folder")
    loaded = load_plan(plan_file)
    revisions = published_revisions(Path(plan_file), loaded.plan.deal.id, store)
    options = RenderOptions(today=parse_today(today), theme=theme,
                            templates=Path(templates) if templates else None,
                            paper=paper, locale=locale, revisions=revisions,
                            version=revisions[-1].number if revisions else 1)
    files = render_files(loaded, writers, options)
    for path in write_files(Path(out) / loaded.plan.deal.id, files):
        print(path)
    return 0

