"""``dealroom render PLAN --to FORMATS``: write the deal room without recording a revision."""

from __future__ import annotations

from pathlib import Path

from generator.commands.check import parse_today
from generator.errors import UsageError
from generator.commands.loading import load_plan_saying_warnings
from generator.rendering.render import RenderOptions, render_files, write_files
from generator.writers import find_writers


def run_render(plan_file: str, formats: str, out: str, theme: str | None, templates: str | None,
               paper: str | None, locale: str | None, today: str | None,
               store: str | None = None) -> int:
    """Load, render every format in memory, then write them all; print what was written.

    The buyer's files go into ``OUT/<deal-id>/``, the seller's review into
    ``OUT/<deal-id>.seller/``."""
    from generator.history.store import published_revisions

    writers = find_writers(formats)
    remote = [w.name for w in writers if w.remote]
    if remote:
        raise UsageError(f"--to {remote[0]}: the Google Doc is published, not rendered: "
                         f"dealroom publish {plan_file} --to {remote[0]} (add --dry-run to see "
                         "what would be sent)")
    if templates and not Path(templates).is_dir():
        raise UsageError(f"--templates {templates}: no such folder")
    loaded = load_plan_saying_warnings(plan_file)
    revisions = published_revisions(Path(plan_file), loaded.plan.deal.id, store)
    options = RenderOptions(today=parse_today(today), theme=theme,
                            templates=Path(templates) if templates else None,
                            paper=paper, locale=locale, revisions=revisions,
                            version=revisions[-1].number if revisions else 1,
                            draft=not _is_published(loaded.plan, revisions))
    folders = output_folders(Path(out), loaded.plan.deal.id, writers)
    rendered = {audience: render_files(loaded, [w for w in writers if w.audience == audience], options)
                for audience in folders}
    for audience, folder in folders.items():
        for path in write_files(folder, rendered[audience]):
            print(path)
    return 0


def _is_published(plan, revisions) -> bool:
    """Whether the plan is exactly the latest published revision."""
    return bool(revisions) and revisions[-1].holds(plan)


def output_folders(out: Path, deal_id: str, writers) -> dict[str, Path]:
    """Where each audience's files go: the buyer's in ``OUT/<deal-id>/``, the
    seller's in ``OUT/<deal-id>.seller/``, never in one folder. A folder that
    ``publish`` owns is refused: it holds exactly the published version."""
    from generator.publishing.folders import published_folder

    folders = {audience: out / (deal_id if audience == "buyer" else f"{deal_id}.seller")
               for audience in dict.fromkeys(writer.audience for writer in writers)}
    buyer = folders.get("buyer")
    if buyer is not None and published_folder(buyer):
        raise UsageError(f"{buyer}/ holds the published deal room, which only dealroom publish "
                         "changes; render elsewhere with -o DIR (e.g. -o drafts)")
    return folders
