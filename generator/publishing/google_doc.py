"""Publishing to the deal's Google Doc: one document, one link, every version.

The first publish with ``--to gdoc`` creates the document (in the Drive folder
of ``--gdoc-folder`` or the plan's ``publishing.google_folder``); every later
one writes the new version into the same document, so its link never changes.
What dealroom last knew of the document (its Drive ``version`` and Docs
``revisionId``) is kept in the history store
(:mod:`generator.history.google_rows`). Before writing, the document is
compared with that: if anyone changed it since (an edit, a suggestion, a
comment), the buyer's work has not been imported, and the publish stops
(:class:`UnimportedEdits`, exit 1) unless ``--force`` says to overwrite it.
The write itself names the revision just read (``requiredRevisionId``), so
an edit made in between makes Google refuse it rather than lose it.

Order, so that a failure leaves nothing half-done: the document is checked
before anything is recorded; one ``batchUpdate`` replaces the body of an
existing document (Google applies all of its requests or none); a new
document that cannot be filled is deleted again. The caller records the
revision and the state returned only after Google accepted the write.
"""

from __future__ import annotations

import datetime as dt

from generator.errors import DealroomError, RemoteError, UsageError
from generator.history.google_rows import GoogleDocState
from generator.record import Record

ROLES = ("commenter", "writer")
"""What ``--share EMAIL:ROLE`` may give (commenter when not said)."""
READ_VIEW = "SUGGESTIONS_INLINE"
"""How the document is read before it is replaced: with every suggestion in it,
so that the range emptied covers suggested text too."""


class UnimportedEdits(DealroomError):
    """The Google Doc changed since dealroom last wrote or imported it."""

    category = "google doc"
    exit_status = 1


class Share(Record):
    """Someone to give the document to."""

    email: str
    role: str = "commenter"


class GoogleTarget(Record):
    """How this publish reaches the deal's Google Doc."""

    folder: str | None = None
    """The Drive folder a new document is created in (None: the user's My Drive)."""
    shares: tuple[Share, ...] = ()
    force: bool = False
    """Overwrite the document even though it changed since dealroom last knew it."""
    dry_run: bool = False
    """Send nothing: record the calls that would be sent (:class:`~generator.google.dry_run.DryRun`)."""
    service_account: str | None = None
    """A service account key file, instead of the user's sign-in."""
    new_document: bool = False
    """Start a new document even though one is recorded (``--new-gdoc``): its link is new."""


def parse_share(given: str) -> Share:
    """``--share ana@buyer.example:writer`` as a :class:`Share`."""
    email, _, role = given.strip().rpartition(":") if given.count(":") else (given.strip(), "", "")
    role = role.strip().lower() or "commenter"
    if role not in ROLES or "@" not in email or any(c.isspace() for c in email.strip()):
        raise UsageError(f"--share {given!r}: write it as EMAIL or EMAIL:ROLE, ROLE being "
                         f"{' or '.join(ROLES)} (e.g. --share ana@buyer.example:commenter)")
    return Share(email=email.strip(), role=role)


def client_for(target: GoogleTarget):
    """The Google client: a dry run needs no credentials; a real one signs in first
    (a RemoteError, exit 4, before anything is sent, when it cannot)."""
    if target.dry_run:
        from generator.google.dry_run import DryRun

        return DryRun()
    from generator.google.client import GoogleDocs
    from generator.google.credentials import load_credentials
    from generator.google.endpoint import api_endpoint

    return GoogleDocs(load_credentials(target.service_account), endpoint=api_endpoint())


def current_document(client, recorded: GoogleDocState | None, target: GoogleTarget) -> dict | None:
    """The recorded document as it is now (``documents.get``), None when there is none
    yet; :class:`UnimportedEdits` when it changed since dealroom last knew it."""
    if recorded is None:
        return None
    state = _file_state(client, recorded)
    if state.get("trashed"):
        raise UnimportedEdits(f"the deal's Google Doc ({recorded.link}) is in the trash: restore it "
                              "from the trash in Google Drive and publish again")
    if int(state.get("version", 0)) != recorded.drive_version and not target.force:
        raise UnimportedEdits(_changed_since(recorded, state))
    share_all(client, recorded.file_id, target.shares)  # before the write: a refusal leaves it as it was
    return client.document(recorded.file_id, READ_VIEW)


def share_all(client, file_id: str, shares: tuple[Share, ...]) -> None:
    """Give each of ``shares`` the document (Google e-mails them)."""
    for share in shares:
        client.share(file_id, share.email, share.role)


def _file_state(client, recorded: GoogleDocState) -> dict:
    from generator.google.client import DocumentMissing

    try:
        return client.file_state(recorded.file_id)
    except DocumentMissing as missing:
        raise RemoteError(f"{missing}; dealroom will not make a new document in its place "
                            "by itself, so that the link the buyer has keeps working: find it, "
                            "or publish with --new-gdoc to start another one") from None


def _changed_since(recorded: GoogleDocState, state: dict) -> str:
    said = "published into it" if recorded.event == "published" else "imported from it"
    return (f"the deal's Google Doc ({recorded.link}) changed after version {recorded.version} "
            f"was {said} (Drive version {recorded.drive_version}, now {state.get('version')}): "
            "the buyer's edits, suggestions or comments have not been imported, and publishing "
            "would overwrite them; nothing was published. Import them first: dealroom import "
            "PLAN --gdoc --apply; or publish with --force to overwrite the document")


def write_document(client, edition, existing: dict | None, recorded: GoogleDocState | None,
                   target: GoogleTarget) -> GoogleDocState:
    """Write ``edition`` into the deal's document (a new one when ``existing`` is None,
    shared once filled; an existing one was shared by :func:`current_document`);
    the state it was left at, for the caller to record."""
    if existing is None:
        file_id, revision = _write_new(client, edition, target)
    else:
        file_id, revision = recorded.file_id, _replace(client, edition, existing, recorded)
    state = client.file_state(file_id)
    return GoogleDocState(
        deal_id=edition.room.plan.deal.id, version=edition.room.version, file_id=file_id,
        link=state.get("webViewLink") or f"https://docs.google.com/document/d/{file_id}/edit",
        revision_id=revision, drive_version=int(state.get("version", 0)), event="published",
        recorded_at=dt.datetime.now(dt.timezone.utc).replace(microsecond=0))


def _write_new(client, edition, target: GoogleTarget) -> tuple[str, str]:
    """Create the document, fill it and share it; deleted again when any of it fails
    (nothing is recorded then, and a document nobody knows of would be left)."""
    from generator.writers.gdoc import title

    created = client.create_document(title(edition), target.folder)
    file_id = created["id"]
    try:
        revision = _write_batches(client, file_id, edition, None, None)
        share_all(client, file_id, target.shares)
    except BaseException:
        _delete_quietly(client, file_id)
        raise
    return file_id, revision


def _replace(client, edition, existing: dict, recorded: GoogleDocState) -> str:
    """Empty the document and write ``edition`` in one batch, guarded by the revision read."""
    from generator.google.client import StaleDocument

    try:
        return _write_batches(client, recorded.file_id, edition, existing,
                              existing.get("revisionId"))
    except StaleDocument:
        raise UnimportedEdits(f"the deal's Google Doc ({recorded.link}) changed while dealroom "
                              "was about to write it; nothing was published: import the new "
                              "edits first (dealroom import PLAN --gdoc --apply)") from None


def _write_batches(client, file_id: str, edition, existing: dict | None,
                   required: str | None) -> str:
    """The body (and what empties ``existing``) in one batch, then the footer's text when
    the first batch had to create the footer; the revision the document is left at."""
    from generator.writers.gdoc import document_requests, footer_batch

    reply = client.batch_update(file_id, document_requests(edition, existing), required)
    revision = _revision_after(reply)
    footer = footer_batch(edition, reply)
    if footer:
        revision = _revision_after(client.batch_update(file_id, footer, revision))
    return revision


def _revision_after(reply: dict) -> str:
    return (reply.get("writeControl") or {}).get("requiredRevisionId") or "(not given)"


def _delete_quietly(client, file_id: str) -> None:
    """Remove a document dealroom just created; a failure here leaves an empty document,
    which the error being raised already explains."""
    try:
        client.delete_document(file_id)
    except Exception:  # noqa: BLE001 - the first failure is the one to report
        pass
