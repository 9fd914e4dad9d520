"""What an editable buyer document carries so that its edits can be read back.

The Word deal room (and the Google Doc after it) is written for a buyer to
change; ``dealroom import`` reads it back. Both sides of that round trip use
this module, so that what the writer prints is what the reader looks for:

- every workstream is one table whose header row holds :data:`STEP_COLUMNS`,
  and every row starts with the task's visible code (``S2``): the only row
  identity that survives Word, LibreOffice and Google Docs;
- the footer says which deal, which version and which document it is
  (:func:`footer_text`), and the document's custom properties say it again
  (:data:`PROPERTIES`); the footer wins, as Google Docs drops the properties.

Nothing here knows a file format.
"""

from __future__ import annotations

import hashlib
import re

from generator.record import Record

STEP_COLUMNS = (
    ("code", "Code"),
    ("title", "Step"),
    ("owner", "Owner"),
    ("due", "Due"),
    ("status", "Status"),
    ("if_missed", "If it is missed"),
)
"""The columns of a workstream table, in the order written: (field, header)."""

HEADER_OF = dict(STEP_COLUMNS)
FIELD_OF_HEADER = {header.casefold(): field for field, header in STEP_COLUMNS}

PROPERTIES = {
    "deal": "dealroom.deal",
    "version": "dealroom.version",
    "document": "dealroom.document",
    "locale": "dealroom.locale",
}
"""Custom document properties: what they hold → their names in the document."""

DRAFT = "draft, not published"
"""What the footer says instead of a version for a render of an unpublished plan."""

_FOOTER = re.compile(
    r"Deal\s+(?P<deal>[a-z0-9][a-z0-9-]{0,63})\s*·\s*"
    r"(?:version\s+(?P<version>\d{1,9})|(?P<draft>" + re.escape(DRAFT) + r"))\s*·\s*"
    r"document\s+(?P<document>[0-9a-f]{12})")


class Identity(Record):
    """Which deal, version and document an editable document says it is."""

    deal_id: str
    """The deal's id."""
    version: int | None
    """The published version it was made from; None for a draft."""
    document_id: str
    """Twelve hex digits naming this document (the deal, version and content)."""


def document_id(deal_id: str, version: int | None, buyer_hash: str) -> str:
    """The document id: the same deal, version and buyer content give the same id."""
    seed = f"{deal_id}\n{version or DRAFT}\n{buyer_hash}"
    return hashlib.sha256(seed.encode("utf-8")).hexdigest()[:12]


def footer_text(identity: Identity) -> str:
    """``Deal corvane-quillstone · version 3 · document 1a2b3c4d5e6f``."""
    said = f"version {identity.version}" if identity.version else DRAFT
    return f"Deal {identity.deal_id} · {said} · document {identity.document_id}"


def identity_in(text: str) -> Identity | None:
    """The identity printed in ``text`` (a footer), or None when there is none."""
    found = _FOOTER.search(" ".join(text.split()))
    if found is None:
        return None
    version = None if found["draft"] else int(found["version"])
    return Identity(deal_id=found["deal"], version=version, document_id=found["document"])
