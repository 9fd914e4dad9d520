"""The folders of a published deal: ``v<N>/`` per version, and the current files.

:func:`complete` brings ``OUT/<deal-id>/`` in line with the history store:
it clears away what a killed publish left half-written, writes each missing
``v<N>/`` (from the files just rendered, or again from the stored snapshot),
then makes the current files those of the newest version and removes the
files of dealroom's that are not among them. Foreign files (ones dealroom
never writes) are left where they are and reported. The caller holds the
deal's lock (:mod:`generator.publishing.lock`).
"""

from __future__ import annotations

import datetime as dt
import os
import re
import shutil
from pathlib import Path

from generator.errors import DealroomError, OutputError
from generator.files import left_behind, staging_folder, write_atomically
from generator.record import Record

DEFAULT_FORMATS = ("html", "pdf", "brief", "docx")
"""What ``publish`` writes without ``--to`` (and what a version recorded
before dealroom kept its formats, or published to the Google Doc only, is
written again with)."""
VERSION_FOLDER = re.compile(r"v[1-9][0-9]*")
RECAP_DRAFT = re.compile(r"recap-v[0-9]+(\.since[0-9]+)?\.eml")
"""Recap drafts that an earlier dealroom wrote into the buyer's folder."""


class Completed(Record):
    """What completing the folder did besides writing the new version."""

    rewritten: tuple = ()
    """Numbers of versions whose missing folder was written again."""
    problems: tuple = ()
    """Versions that could not be written again, in words."""
    foreign: tuple = ()
    """Paths in the folder that dealroom did not write."""


class StoredPlan(Record):
    """A stored buyer plan to render again, with the plan file its logos are relative to."""

    plan: object
    file: str


def complete(folder: Path, revisions, plan_file: str, rendered: dict) -> Completed:
    """Every revision's ``v<N>/`` in ``folder``, and the newest one's files current.

    ``rendered`` maps a version number to its files already in memory.
    """
    _clear_left_behind(folder)
    rewritten, problems = [], []
    for index, revision in enumerate(revisions):
        target = folder / f"v{revision.number}"
        if target.is_dir():
            continue
        files = rendered.get(revision.number)
        if files is None:
            try:
                files = render_again(revisions[: index + 1], plan_file)
            except (DealroomError, LookupError, TypeError, ValueError) as error:
                problems.append(f"v{revision.number}/ is missing and could not be written "
                                f"again: {error}")
                continue
            rewritten.append(revision.number)
        _written(lambda: write_version(target, files), revision.number, folder)
    newest = _newest(folder, revisions)
    foreign = _written(lambda: make_current(folder, newest, revisions[-1].deal_id),
                       revisions[-1].number, folder) if newest else ()
    return Completed(rewritten=tuple(rewritten), problems=tuple(problems), foreign=foreign)


def _written(write, number: int, folder: Path):
    """Run ``write``; a file system error says the version is recorded but not yet written."""
    try:
        return write()
    except OSError as error:
        raise OutputError(
            f"version {number} is recorded in the history, but its files could not be written "
            f"to {folder} ({error.strerror or error}): free some space or fix the folder's "
            "permissions, then run dealroom publish again; it writes what is missing") from None


def _newest(folder: Path, revisions) -> int | None:
    written = [r.number for r in revisions if (folder / f"v{r.number}").is_dir()]
    return max(written) if written else None


def refuse_foreign_version(folder: Path, revision, store: Path) -> None:
    """A ``v<N>/`` already there for a version not yet recorded came from another history."""
    if (folder / f"v{revision.number}").exists():
        raise OutputError(
            f"{folder}/v{revision.number}/ exists, but the history store {store} has "
            f"{revision.number - 1} version(s) of {revision.deal_id}: that folder was published "
            "with another store; publish with that store (--store PATH), or to another -o DIR")


def write_version(target: Path, files: dict) -> None:
    """``v<N>/`` as a whole: filled in a staging folder, then renamed into place."""
    staging = staging_folder(target.parent, target.name)
    try:
        for name, content in files.items():
            write_atomically(staging / name, content)
        os.rename(staging, target)
    finally:
        if staging.exists():
            shutil.rmtree(staging, ignore_errors=True)


def render_again(revisions, plan_file: str) -> dict:
    """The files of the last of ``revisions``, from its stored snapshot and settings."""
    from generator.plan.model import BuyerPlan
    from generator.rendering.render import RenderOptions, render_files
    from generator.history.snapshot import restore
    from generator.writers import WRITERS

    revision = revisions[-1]
    published = revision.published or {}
    writers = [WRITERS[name] for name in published.get("formats") or DEFAULT_FORMATS
               if name in WRITERS and WRITERS[name].audience == "buyer"
               and not WRITERS[name].remote]
    today = published.get("today") or revision.recorded_at.date().isoformat()
    options = RenderOptions(today=dt.date.fromisoformat(today), theme=published.get("theme"),
                            version=revision.number, revisions=tuple(revisions))
    plan = StoredPlan(plan=restore(revision.buyer, BuyerPlan), file=plan_file)
    return render_files(plan, writers, options)


def make_current(folder: Path, number: int, deal_id: str) -> tuple[Path, ...]:
    """The files of ``v<number>/`` made the current ones; dealroom's other files
    removed; the foreign paths found returned."""
    version = folder / f"v{number}"
    current = sorted(p.name for p in version.iterdir() if p.is_file())
    for name in current:
        _replace_if_different(folder / name, (version / name).read_bytes())
    foreign = []
    for path in sorted(folder.iterdir()):
        if path.name in current or (VERSION_FOLDER.fullmatch(path.name) and path.is_dir()):
            continue
        if path.is_file() and _is_dealroom_file(path.name, deal_id):
            path.unlink()
        else:
            foreign.append(path)
    return tuple(foreign)


def _replace_if_different(path: Path, data: bytes) -> None:
    if path.is_file() and not path.is_symlink() and path.stat().st_size == len(data) \
            and path.read_bytes() == data:
        return
    write_atomically(path, data)


def _is_dealroom_file(name: str, deal_id: str) -> bool:
    """A file some dealroom command writes (any format, the review, a recap draft)."""
    from generator.writers import WRITERS

    ours = {file for writer in WRITERS.values() for file in writer.file_names(deal_id)}
    return name in ours or bool(RECAP_DRAFT.fullmatch(name))


def _clear_left_behind(folder: Path) -> None:
    """Remove what a killed publish left half-written (safe: the caller holds the lock)."""
    for path in left_behind(folder):
        if path.is_dir() and not path.is_symlink():
            shutil.rmtree(path, ignore_errors=True)
        else:
            path.unlink(missing_ok=True)


def published_folder(folder: Path) -> bool:
    """Whether ``folder`` holds a published deal room (a ``v<N>/`` folder)."""
    return folder.is_dir() and any(VERSION_FOLDER.fullmatch(p.name) and p.is_dir()
                                   for p in folder.iterdir())


def missing_versions(revisions) -> dict[int, str]:
    """Version number → the folder it was published to, for versions whose folder is gone."""
    missing = {}
    for revision in revisions:
        where = (revision.published or {}).get("folder")
        if where and not (Path(where) / f"v{revision.number}").is_dir():
            missing[revision.number] = f"{where}/v{revision.number}/"
    return missing
