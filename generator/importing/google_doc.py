"""The deal's Google Doc, fetched for ``dealroom import --gdoc``.

The document is read three times, once in each suggestions view mode
(without suggestions: the text as it stands; with every suggestion accepted:
what the buyer proposes; inline: which runs, cells and rows are suggestions),
with its Drive comments and their replies (:mod:`generator.readers.google_doc`
makes one :class:`~generator.readers.word_document.DealDocument` of them, as
the Word import reads a .docx). The Drive file's ``version`` is read *before*
the document, so that whatever the buyer changes while the import runs makes
the version recorded afterwards out of date, and the next publish stops
instead of overwriting it.
"""

from __future__ import annotations

import datetime as dt

from generator.errors import DocumentError
from generator.history.google_rows import GoogleDocState
from generator.record import Record

SOURCE = "import:gdoc"


class FetchedDocument(Record):
    """The Google Doc as read, and the state to record once its edits are merged."""

    document: object
    """A :class:`~generator.readers.word_document.DealDocument`."""
    state: GoogleDocState
    """Event ``imported``, at the Drive version and revision read."""


def recorded_document(store, deal_id: str) -> GoogleDocState:
    """The deal's Google Doc as the store last recorded it; a DocumentError when none is."""
    states = store.google_docs(deal_id)
    if not states:
        raise DocumentError(f"no Google Doc is recorded for {deal_id} in {store.path}: publish "
                            "one first (dealroom publish PLAN --to gdoc), or import where it "
                            "was published (--store)")
    return states[-1]


def fetch_document(client, recorded: GoogleDocState) -> FetchedDocument:
    """Read the recorded document in the three view modes, with its comments."""
    from generator.google.calls import SUGGESTIONS_VIEW_MODES
    from generator.readers.google_doc import read_google_doc

    state = client.file_state(recorded.file_id)
    views = {mode: client.document(recorded.file_id, mode) for mode in SUGGESTIONS_VIEW_MODES}
    comments = client.comments(recorded.file_id)
    document = read_google_doc(views, comments, f"the Google Doc {recorded.link}")
    version = document.identity.version or recorded.version
    return FetchedDocument(document=document, state=GoogleDocState(
        deal_id=recorded.deal_id, version=version, file_id=recorded.file_id,
        link=state.get("webViewLink") or recorded.link,
        revision_id=views["SUGGESTIONS_INLINE"].get("revisionId") or recorded.revision_id,
        drive_version=int(state.get("version", 0)), event="imported",
        recorded_at=dt.datetime.now(dt.timezone.utc).replace(microsecond=0)))
