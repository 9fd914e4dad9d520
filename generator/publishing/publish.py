"""Publishing: record a revision in the history store, then write its deal room.

``OUT/<deal-id>/`` belongs to publish. It holds the current version's files
and one folder ``v<N>/`` per version, and nothing else of dealroom's. Every
step below runs under the deal's lock (:mod:`generator.publishing.lock`), so two
publishes of one deal take turns:

1. the next revision is worked out (its number and changes) and every file is
   rendered in memory: any error here records nothing and writes nothing;
2. the revision is recorded, in one store transaction;
3. ``v<N>/`` is written into a staging folder and renamed into place, once;
4. every earlier version whose folder is missing (a publish was killed after
   recording, or this is a new output folder) is written again from the
   snapshot and settings the store kept;
5. the current files are replaced by those of the newest ``v<N>/``, and the
   files of older versions or of ``dealroom render`` that are not among them
   are removed, together with anything a killed publish left half-written.

A failure after step 2 is reported as such, and the next publish finishes
the work (:mod:`generator.publishing.folders`).
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from generator.errors import OutputError
from generator.plan.loader import LoadedPlan
from generator.record import Record
from generator.rendering.render import RenderOptions, render_files
from generator.history.snapshot import content_hash, snapshot


class Published(Record):
    """What a publish did."""

    number: int
    """The version now current."""
    recorded: bool
    """False when the plan was identical to the latest revision."""
    folder: Path | None
    """OUT/<deal-id>; None when only the Google Doc was published."""
    changes: tuple = ()
    """The changes recorded (seller view), for the command to print."""
    rewritten: tuple = ()
    """Numbers of earlier versions whose missing folder was written again."""
    problems: tuple = ()
    """What could not be done and what is left for the next publish, in words."""
    foreign: tuple = ()
    """Files in the folder that dealroom did not write (left alone)."""
    formats: tuple = ()
    """The formats the current version was published with (empty when not known)."""
    google: object = None
    """The Google Doc's state after this publish wrote it (a GoogleDocState), else None."""
    google_current: object = None
    """The Google Doc's recorded state when it already held the current version (nothing sent)."""


def publish(loaded: LoadedPlan, writers, options: RenderOptions, store, out: Path, *,
            author: str | None, note: str | None, reasons: dict[str, str],
            seller_note: str | None = None, google=None) -> Published:
    """Record, render and write one published version of the plan; with ``google`` (a
    :class:`~generator.publishing.google_doc.GoogleTarget`), write it into the deal's
    Google Doc too, before anything is recorded."""
    from generator.publishing.lock import deal_lock, store_lock

    deal_id = loaded.plan.deal.id
    if not writers:  # the Google Doc only: no folder of files to write
        with store_lock(store, deal_id):
            return _publish_locked(loaded, writers, options, store, None, author=author,
                                   note=note, reasons=reasons, seller_note=seller_note,
                                   google=google)
    folder, created = deal_folder(out, deal_id)
    try:
        with deal_lock(store, folder, deal_id):
            return _publish_locked(loaded, writers, options, store, folder, author=author,
                                   note=note, reasons=reasons, seller_note=seller_note,
                                   google=google)
    except BaseException:
        _remove_if_empty(created)
        raise


def _publish_locked(loaded, writers, options, store, folder: Path | None, *, author, note,
                    reasons, seller_note=None, google=None):
    from generator.publishing import folders as versions
    from generator.history.changes import from_data

    latest = store.latest(loaded.plan.deal.id)
    upcoming = upcoming_revision(latest, loaded, author=author, note=note, reasons=reasons,
                                 seller_note=seller_note,
                                 published=settings(writers, options, folder))
    revisions = _revisions_needed(store, latest, upcoming, folder if google is None else None)
    client = _google_client(google)  # signed in before anything is rendered or sent
    files = None
    if upcoming is not None:
        loaded.check_unchanged("it was being published")  # e.g. an import --apply meanwhile
        if folder is not None:
            versions.refuse_foreign_version(folder, upcoming, store.path)
            _check_writable(folder)
        revisions += (upcoming,)
        files = render_files(loaded, writers, options.replace(version=upcoming.number,
                                                              revisions=revisions))
    google_state, google_current = (None, None) if google is None else \
        _publish_google(client, loaded, options, store, revisions, google)
    if upcoming is not None:
        record(store, upcoming)
    if google_state is not None:
        store.record_google_doc(google_state)
    done = versions.Completed() if folder is None else versions.complete(
        folder, revisions, loaded.file, {upcoming.number: files} if files else {})
    return Published(number=revisions[-1].number, recorded=upcoming is not None, folder=folder,
                     changes=tuple(from_data(upcoming.changes)) if upcoming else (),
                     rewritten=done.rewritten, problems=done.problems, foreign=done.foreign,
                     formats=tuple((revisions[-1].published or {}).get("formats", ())),
                     google=google_state, google_current=google_current)


def _revisions_needed(store, latest, upcoming, folder: Path | None) -> tuple:
    """The deal's revisions, oldest first; only the latest when the plan is unchanged and
    every version's folder is there (a re-publish then reads one row, not the whole history;
    without a folder, for the Google Doc, the whole history is read)."""
    if latest is None:
        return ()
    if upcoming is None and folder is not None and all(
            (folder / f"v{number}").is_dir() for number in range(1, latest.number + 1)):
        return (latest,)
    return tuple(store.revisions(latest.deal_id))


def _google_client(google):
    if google is None:
        return None
    from generator.publishing.google_doc import client_for

    return client_for(google)


def _publish_google(client, loaded, options, store, revisions, google):
    """Write the newest revision into the deal's Google Doc: (the state it was left at,
    None) — or (None, the recorded state) when the document already holds it."""
    from generator.publishing.google_doc import current_document, write_document
    from generator.rendering.render import edition

    states = store.google_docs(loaded.plan.deal.id)
    recorded = None if google.new_document or not states else states[-1]
    newest = revisions[-1].number
    if recorded is not None and recorded.version == newest and not google.force:
        return None, recorded  # nothing to write; the buyer's edits wait for an import
    existing = current_document(client, recorded, google)
    buyer_edition = edition(loaded, options.replace(version=newest, revisions=revisions), "buyer")
    return write_document(client, buyer_edition, existing, recorded, google), None


def deal_folder(out: Path, deal_id: str) -> tuple[Path, list[Path]]:
    """``OUT/<deal-id>/``, made if needed; the folders made now, deepest first."""
    from generator.files import folder_mode

    folder = Path(out) / deal_id
    made = [f for f in (folder, *folder.parents) if not f.exists()]
    try:
        folder.mkdir(mode=folder_mode(), parents=True)
    except FileExistsError:
        if folder.is_dir():
            return folder, []
        raise OutputError(f"{folder} exists and is not a folder: choose another -o DIR") from None
    except OSError as error:
        raise OutputError(f"cannot create the folder {folder} ({error.strerror}): "
                          "choose another -o DIR or check its permissions") from None
    return folder, made


def _check_writable(folder: Path) -> None:
    """A folder that cannot take a new file (read-only media, permissions) stops
    the publish before anything is recorded."""
    import tempfile

    from generator.files import TEMPORARY

    try:
        with tempfile.NamedTemporaryFile(dir=folder, prefix=".write-check.", suffix=TEMPORARY):
            pass
    except OSError as error:
        raise OutputError(f"cannot write into {folder} ({error.strerror}); nothing was recorded: "
                          "choose another -o DIR or make the folder writable") from None


def _remove_if_empty(folders: list[Path]) -> None:
    """Remove the folders a failed publish made, deepest first, while they are empty."""
    for folder in folders:
        try:
            folder.rmdir()
        except OSError:
            return


def settings(writers, options: RenderOptions, folder: Path) -> dict:
    """How this version is published, as the store keeps it."""
    chosen = {"formats": [w.name for w in writers], "today": options.today.isoformat()}
    if folder is not None:
        chosen["folder"] = str(folder.resolve())
    return {**chosen, "theme": options.theme} if options.theme else chosen


def upcoming_revision(latest, loaded: LoadedPlan, *, author, note, reasons, published,
                      source: str = "publish", seller_note: str | None = None):
    """The revision that publishing ``loaded`` would record next; None when the
    plan is identical to ``latest`` (then nothing is recorded)."""
    from generator.history.store import StoredRevision

    plan = loaded.plan
    seller = snapshot(plan)
    digest = content_hash(seller)
    if latest is not None and latest.content_hash == digest:
        return None
    now = dt.datetime.now(dt.timezone.utc).replace(microsecond=0)
    return StoredRevision(
        deal_id=plan.deal.id, number=latest.number + 1 if latest else 1, recorded_at=now,
        author=author, source=source, note=note, content_hash=digest,
        buyer=snapshot(plan.for_buyer()), seller=seller,
        changes=_changes(latest.seller if latest else None, seller, reasons, note),
        reasons=dict(reasons), published=published, seller_note=seller_note)


def _changes(before, after, reasons, note) -> list[dict]:
    """The changes as stored: a moved date without a reason of its own takes the note."""
    from generator.history.changes import MOVES, changes_between, to_data

    found = changes_between(before, after, reasons)
    return to_data([c.replace(reason=note) if c.kind in MOVES and not c.reason and note else c
                    for c in found])


def record(store, revision) -> None:
    """Record ``revision`` with exactly its number (its files were made for it)."""
    store.record(revision.deal_id, revision.seller, revision.buyer, author=revision.author,
                 source=revision.source, note=revision.note, changes=revision.changes,
                 reasons=revision.reasons, now=revision.recorded_at,
                 published=revision.published, number=revision.number,
                 seller_note=revision.seller_note)
