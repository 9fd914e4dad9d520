"""``dealroom import`` as a library: read, compare, merge, and with ``apply`` write and record.

Nothing is written unless every conflict is decided and the merged plan
loads. Then, under the deal's store lock, the plan file is checked unchanged
since it was read, the old file is kept as a backup, the new text is written
atomically, and a revision is recorded with source ``import:docx`` (or
``import:gdoc`` for the deal's Google Doc), the buyer's names as authors and
their comments as the reasons for moved dates.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from generator.errors import DocumentError, StoreError
from generator.importing.changeset import buyer_edits
from generator.importing.edits import ChangeSet
from generator.importing.merge import Merge, merge, undecidable
from generator.importing.merged_plan import MergedPlan, consequences, following, merged_plan
from generator.plan.loader import LoadedPlan
from generator.record import Record

SOURCE = "import:docx"
SOURCE_NAMES = {"import:docx": "the buyer's Word document", "import:gdoc": "the deal's Google Doc"}
"""How a revision's note names where the buyer's edits came from."""


class Imported(Record):
    """What an import found and did."""

    changes: ChangeSet
    merge: Merge
    merged: MergedPlan | None = None
    """The plan with the edits the merge takes (None when it takes none)."""
    consequences: tuple[str, ...] = ()
    applied: bool = False
    recorded: int | None = None
    """The version recorded by ``--apply``."""
    backup: Path | None = None


def read_changes(loaded: LoadedPlan, document, store) -> tuple[ChangeSet, dict]:
    """The buyer's edits in ``document`` (a DealDocument, or the path of an edited
    .docx), and the stored revision it was made from."""
    from generator.history.snapshot import restore
    from generator.plan.model import BuyerPlan
    from generator.readers.word import read_deal_document
    from generator.rendering.render import DEFAULT_LOCALE

    if isinstance(document, Path):
        document = read_deal_document(document)
    revision = _made_from(document, loaded, store)
    base = restore(revision.buyer, BuyerPlan)
    locale = document.locale or loaded.plan.branding.locale or DEFAULT_LOCALE
    return buyer_edits(document, base, locale), revision


def import_document(loaded: LoadedPlan, document, store, *, apply: bool,
                    prefer: str | None, decisions: dict, author: str | None, fallback_author: str,
                    today: dt.date, source: str = SOURCE) -> Imported:
    """Read the document (see :func:`read_changes`), merge it with the plan, and with
    ``apply`` write and record a revision whose source is ``source``.

    The revision's author is ``author`` when given, else the names in the
    buyer's tracked changes, else ``fallback_author`` (whoever runs the import)."""
    from generator.history.snapshot import snapshot

    changes, revision = read_changes(loaded, document, store)
    merged_edits = merge(changes, revision.seller, snapshot(loaded.plan), prefer, decisions)
    _check_decisions(merged_edits, decisions)
    done = Imported(changes=changes, merge=merged_edits)
    if not merged_edits.take:
        return done
    merged = merged_plan(loaded, merged_edits.take, changes.version, today)
    edited = {e.task_id for e in merged_edits.take if e.task_id}
    done = done.replace(merged=merged, consequences=consequences(
        loaded.plan, merged.loaded.plan, edited, today))
    if not apply or merged_edits.undecided:
        return done
    return _write_and_record(done, loaded, store,
                             author or ", ".join(changes.authors) or fallback_author, source)


def _check_decisions(merged: Merge, decisions: dict[str, str]) -> None:
    """A ``--take`` that names no change made on both sides (a typo) is refused, not ignored."""
    from generator.errors import UsageError

    unknown = undecidable(merged, decisions)
    if unknown:
        code, _, field = unknown[0].partition(".")
        those = ", ".join(c.key for c in merged.conflicts)
        raise UsageError(f"--take {code.upper()}.{field}={decisions[unknown[0]]} names no change "
                         "in the buyer's document (the changes made on both sides are "
                         f"{those or 'none'}); nothing was written")


def _made_from(document, loaded: LoadedPlan, store):
    """The stored revision the document says it was made from."""
    from generator.history.snapshot import content_hash
    from generator.rendering.editable import document_id

    identity, deal_id = document.identity, loaded.plan.deal.id
    if identity.deal_id != deal_id:
        raise DocumentError(f"{document.file} is the deal room of {identity.deal_id}, not of "
                            f"{deal_id} ({loaded.file}): import it into that deal's plan")
    if identity.version is None:
        raise DocumentError(f"{document.file} was rendered from changes not yet published (its "
                            "footer says draft), so there is no version to compare it with: send "
                            "the buyer the .docx that dealroom publish wrote")
    revision = store.revision(deal_id, identity.version)
    if revision is None:
        raise DocumentError(f"{document.file} was made from version {identity.version} of "
                            f"{deal_id}, which the history store {store.path} does not have: "
                            "import with the store it was published from (--store)")
    expected = document_id(deal_id, identity.version, content_hash(revision.buyer))
    if identity.document_id and identity.document_id != expected:
        raise DocumentError(f"{document.file} says it is document {identity.document_id} of version "
                            f"{identity.version}, but version {identity.version} in {store.path} "
                            f"would be document {expected}: it was published from another "
                            "history store; import with that one (--store)")
    return revision


def _write_and_record(done: Imported, loaded: LoadedPlan, store, author: str,
                      source: str) -> Imported:
    from generator.publishing.lock import store_lock

    plan_file = Path(loaded.file)
    with store_lock(store, loaded.plan.deal.id):
        loaded.check_unchanged("the document was being imported")
        _check_published(loaded, store)
        mode = _writable_mode(plan_file)
        backup = _backup(plan_file, loaded.text, mode)
        _write_plan(plan_file, done.merged.text, mode)
        number = _record(store, done, author, source)
    return done.replace(applied=True, recorded=number, backup=backup)


def _check_published(loaded: LoadedPlan, store) -> None:
    """The plan must be its latest published version before the buyer's edits go in:
    else the seller's own unpublished changes would be recorded as the buyer's."""
    from generator.errors import PlanChangedError

    latest = store.latest(loaded.plan.deal.id)
    if latest is not None and not latest.holds(loaded.plan):
        raise PlanChangedError(
            f"{loaded.file} has changes of your own not yet published (after version "
            f"{latest.number}); nothing was written: publish them first (dealroom publish "
            f"{loaded.file}), so that the history does not record them as the buyer's, then "
            "import again")


def _writable_mode(plan_file: Path) -> int:
    """The plan file's permissions, which the new file keeps; a read-only plan is refused."""
    import stat

    from generator.errors import OutputError

    mode = stat.S_IMODE(plan_file.stat().st_mode)
    if not mode & 0o222:
        raise OutputError(f"{plan_file}: is read-only, so nothing was written: make it writable "
                          f"(chmod u+w {plan_file}) to merge the buyer's edits into it")
    return mode


def _write_plan(plan_file: Path, text: str, mode: int) -> None:
    """The new plan written atomically over the file itself (a symbolic link stays one)."""
    import os

    from generator import files
    from generator.errors import OutputError

    try:
        files.write_atomically(Path(os.path.realpath(plan_file)), text, mode=mode)
    except OSError as error:
        raise OutputError(f"{plan_file}: cannot be written ({error.strerror or error}); nothing "
                          "was written into it: check its folder's permissions and free space") \
            from None


def _backup(plan_file: Path, text: str, mode: int) -> Path:
    """The plan as it was, in ``.dealroom/backups/`` beside it, as readable as the plan."""
    from generator import files

    folder = plan_file.parent / ".dealroom" / "backups"
    try:
        folder.mkdir(mode=files.folder_mode(), parents=True, exist_ok=True)
        path = _backup_path(folder, plan_file)
        files.write_atomically(path, text, mode=mode)
    except OSError as error:
        raise StoreError(f"cannot keep a backup of {plan_file} in {folder} ({error.strerror}); "
                         "nothing was written") from None
    return path


def _backup_path(folder: Path, plan_file: Path) -> Path:
    """``plan.<UTC time>.yaml``, numbered when a backup of that second exists."""
    moment = dt.datetime.now(dt.timezone.utc).strftime("%Y%m%dT%H%M%SZ")
    suffix, number = plan_file.suffix or ".yaml", 1
    path = folder / f"{plan_file.stem}.{moment}{suffix}"
    while path.exists():
        number += 1
        path = folder / f"{plan_file.stem}.{moment}-{number}{suffix}"
    return path


def _record(store, done: Imported, author: str, source: str) -> int | None:
    from generator.publishing.publish import record, upcoming_revision

    reasons = {**following(done.merged.loaded.plan, done.merge.take),
               **{e.task_id: e.reason for e in done.merge.take
                  if e.field == "due" and e.reason and e.task_id}}
    latest = store.latest(done.changes.deal_id)
    revision = upcoming_revision(latest, done.merged.loaded, author=author,
                                 note=_note(done, source), reasons=reasons, published={},
                                 source=source)
    if revision is None:
        return None
    record(store, revision)
    return revision.number


def _note(done: Imported, source: str) -> str:
    """The revision's note: which document, and the buyer's comments that are no reasons."""
    changes = done.changes
    lines = [f"Edits from {SOURCE_NAMES[source]} (document {changes.document_id}, made "
             f"from version {changes.version})"]
    lines += [f"{e.code} — {', '.join(e.who) or 'buyer'}: {e.new}"
              for e in done.merge.left if e.kind == "note"]
    return "\n".join(lines)
