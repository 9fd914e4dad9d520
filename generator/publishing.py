"""Publishing: record a revision in the history store, then write its deal room.

The revision is recorded in one store transaction (its changes computed
against the revision that really precedes it). Then every file is rendered in
memory; the version's folder ``v<N>/`` is written once, into a temporary
folder renamed into place, and never rewritten; the current files beside it
are replaced one by one, each atomically.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

from generator.files import write_atomically
from generator.loader import LoadedPlan
from generator.record import Record
from generator.render import RenderOptions, render_files
from generator.snapshot import snapshot

MOVES = ("date_moved", "go_live_moved", "signature_moved")
"""Changes that carry a reason: the --note when the seller gave none of its own."""


class Published(Record):
    """What a publish did."""

    number: int
    """The version now current."""
    recorded: bool
    """False when the plan was identical to the latest revision."""
    folder: Path
    """OUT/<deal-id>."""
    changes: tuple = ()
    """The changes recorded (seller view), for the command to print."""


def record_revision(store, loaded: LoadedPlan, *, author, note, reasons, source="publish"):
    """Record the plan's revision; None when identical to the latest one."""
    from generator.changes import changes_between, to_data

    plan = loaded.plan

    def changes(previous, current):
        found = changes_between(previous, current, reasons)
        return to_data([c.replace(reason=note) if c.kind in MOVES and not c.reason and note else c
                        for c in found])

    return store.record(plan.deal.id, snapshot(plan), snapshot(plan.for_buyer()), author=author,
                        source=source, note=note, changes=changes, reasons=dict(reasons))


def publish(loaded: LoadedPlan, writers, options: RenderOptions, store, out: Path, *,
            author: str | None, note: str | None, reasons: dict[str, str]) -> Published:
    """Record, render and write one published version of the plan."""
    from generator.changes import from_data

    revision = record_revision(store, loaded, author=author, note=note, reasons=reasons)
    revisions = tuple(store.revisions(loaded.plan.deal.id))
    current = revisions[-1]
    files = render_files(loaded, writers, options.replace(version=current.number,
                                                          revisions=revisions))
    folder = out / loaded.plan.deal.id
    write_version(folder, current.number, files)
    return Published(number=current.number, recorded=revision is not None, folder=folder,
                     changes=tuple(from_data(revision.changes or [])) if revision else ())


def write_version(folder: Path, number: int, files: dict[str, str | bytes]) -> None:
    """``v<N>/`` once (atomically, as a whole), then the current files."""
    version = folder / f"v{number}"
    _sweep_staging(folder)
    if not version.exists():
        _write_folder_atomically(version, files)
    for name, content in files.items():
        write_atomically(folder / name, content)


def _write_folder_atomically(target: Path, files: dict[str, str | bytes]) -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{target.name}.", dir=target.parent))
    try:
        for name, content in files.items():
            write_atomically(staging / name, content)
        os.rename(staging, target)
    except FileExistsError:
        shutil.rmtree(staging, ignore_errors=True)  # another publish wrote it first
    except OSError as error:
        shutil.rmtree(staging, ignore_errors=True)
        if not target.is_dir():
            raise error


def _sweep_staging(folder: Path) -> None:
    """Remove half-written version folders a killed publish left behind."""
    for staging in folder.glob(".v*.*") if folder.is_dir() else ():
        if staging.is_dir():
            shutil.rmtree(staging, ignore_errors=True)
