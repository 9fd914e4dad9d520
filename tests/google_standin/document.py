"""A stand-in Google Doc: its content, revision id and Drive version, batchUpdate and documents.get.

The body and footers are kept as structured content (tests/google_standin/content.py);
`apply` runs a batchUpdate's requests all-or-nothing (tests/google_standin/edits.py)
and `as_json` serves documents.get in any suggestionsViewMode with indexes
computed on demand.
"""

import copy
import itertools
import secrets

from tests.google_standin import edits
from tests.google_standin.content import (
    INLINE,
    VIEW_MODES,
    Paragraph,
    RequestError,
    Table,
    content_json,
    visible,
)

_footer_numbers = itertools.count(1)


def new_revision_id() -> str:
    """An opaque revision id shaped like Google's."""
    return "ALBJ4Ls" + secrets.token_urlsafe(24)


class Document:
    """One Google Doc as the stand-in keeps it."""

    def __init__(self, document_id: str, title: str = "Untitled document"):
        self.document_id = document_id
        self.title = title
        self.body: list = [Paragraph.of("")]
        self.footers: dict[str, list] = {}
        self.default_footer_id: str | None = None
        self.lists: dict[str, dict] = {}
        self.revision_id = new_revision_id()
        self.version = 1

    def touch(self) -> None:
        """Record a change: a new revisionId and a higher Drive version."""
        self.revision_id = new_revision_id()
        self.version += 1

    def segment(self, segment_id: str = ""):
        """(content list, start index) of the body ("") or a footer."""
        if not segment_id:
            return self.body, 1
        if segment_id not in self.footers:
            raise RequestError(f"No segment with id {segment_id!r}")
        return self.footers[segment_id], 0

    def add_footer(self) -> str:
        """A new empty DEFAULT footer, made the document's default; its id."""
        footer_id = f"kix.ftr{next(_footer_numbers)}"
        self.footers[footer_id] = [Paragraph.of("")]
        self.default_footer_id = footer_id
        return footer_id

    def tables(self) -> list[Table]:
        """The body's tables in order (table 1 is the first)."""
        return [item for item in self.body if isinstance(item, Table)]

    def apply(self, requests: list) -> list:
        """Run a batchUpdate's requests in order, all or nothing; the replies. RequestError if refused."""
        saved = copy.deepcopy((self.body, self.footers, self.default_footer_id, self.lists))
        try:
            replies = [self._apply_one(number, request) for number, request in enumerate(requests)]
        except (RequestError, KeyError, IndexError, TypeError) as refused:
            self.body, self.footers, self.default_footer_id, self.lists = saved
            raise _as_request_error(refused) from refused
        self.touch()
        return replies

    def _apply_one(self, number: int, request: dict) -> dict:
        if len(request) != 1:
            raise RequestError(f"Invalid requests[{number}]: give exactly one kind of request, not {sorted(request)}")
        [(kind, body)] = request.items()
        if kind not in edits.HANDLERS:
            raise RequestError(f"Invalid requests[{number}]: the stand-in does not know the request kind {kind!r}")
        try:
            return edits.HANDLERS[kind](self, body)
        except RequestError as refused:
            raise RequestError(f"Invalid requests[{number}].{kind}: {refused}") from refused
        except (KeyError, IndexError) as missing:
            raise RequestError(f"Invalid requests[{number}].{kind}: missing or wrong {missing}") from missing

    def as_json(self, view_mode: str = INLINE) -> dict:
        """The documents.get reply in `view_mode` (SUGGESTIONS_INLINE when not given, as Google does)."""
        if view_mode not in VIEW_MODES:
            raise RequestError(f"Invalid value for suggestionsViewMode: {view_mode}")
        section_break = {"endIndex": 1, "sectionBreak": {"sectionStyle": {}}}
        footers = {
            footer_id: {"footerId": footer_id, "content": content_json(visible(items, view_mode), 0)}
            for footer_id, items in self.footers.items()
        }
        style = {"defaultFooterId": self.default_footer_id} if self.default_footer_id else {}
        return {
            "documentId": self.document_id,
            "title": self.title,
            "revisionId": self.revision_id,
            "suggestionsViewMode": view_mode,
            "body": {"content": [section_break] + content_json(visible(self.body, view_mode), 1)},
            "footers": footers,
            "documentStyle": style,
            "lists": copy.deepcopy(self.lists),
        }


def _as_request_error(refused: Exception) -> RequestError:
    if isinstance(refused, RequestError):
        return refused
    return RequestError(f"Invalid request: {refused!r}")
