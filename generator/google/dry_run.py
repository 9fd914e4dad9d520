"""``--dry-run``: the Google calls a command would make, recorded and shown, none sent.

:class:`DryRun` has the methods of :class:`generator.google.client.GoogleDocs`,
needs no credentials and no network, and answers with placeholders shaped like
Google's answers (a new, empty document), so the caller runs its whole course.
"""

from __future__ import annotations

import json

from generator.google import calls

NEW_DOCUMENT = "(new document)"
NEW_FOOTER = "(new footer)"
CURRENT_REVISION = "(current revision)"
NEW_PERMISSION = "(new permission)"


class DryRun:
    """Records each call in :attr:`calls` (``{"call", "params", "body"}``) and sends nothing."""

    def __init__(self):
        self.calls: list[dict] = []
        """Every call asked for, in order."""

    def create_document(self, title: str, folder: str | None) -> dict:
        """Record a files.create; the placeholder new file."""
        self.calls.append(calls.create_document(title, folder))
        return {"id": NEW_DOCUMENT, "name": title, "webViewLink": "(link to the new document)",
                "version": "0"}

    def delete_document(self, file_id: str) -> dict:
        """Record a files.delete."""
        self.calls.append(calls.delete_document(file_id))
        return {}

    def file_state(self, file_id: str) -> dict:
        """Record a files.get; an untrashed file at version 0."""
        self.calls.append(calls.file_state(file_id))
        return {"id": file_id, "name": "(document name)", "version": "0",
                "webViewLink": "(link to the document)", "trashed": False}

    def document(self, file_id: str, view_mode: str) -> dict:
        """Record a documents.get; an empty document (a section break and one empty paragraph)."""
        self.calls.append(calls.document(file_id, view_mode))
        return {"documentId": file_id, "title": "", "revisionId": CURRENT_REVISION,
                "body": {"content": _empty_body()}}

    def batch_update(self, file_id: str, requests: list, required_revision_id: str | None) -> dict:
        """Record a batchUpdate; one reply per request (a footer id for createFooter)."""
        self.calls.append(calls.batch_update(file_id, requests, required_revision_id))
        replies = [{"createFooter": {"footerId": NEW_FOOTER}} if "createFooter" in request else {}
                   for request in requests]
        return {"documentId": file_id, "replies": replies,
                "writeControl": {"requiredRevisionId": CURRENT_REVISION}}

    def share(self, file_id: str, email: str, role: str) -> dict:
        """Record a permissions.create; a placeholder permission id."""
        self.calls.append(calls.share(file_id, email, role))
        return {"id": NEW_PERMISSION}

    def comments(self, file_id: str) -> list[dict]:
        """Record one comments.list; no comments."""
        self.calls.append(calls.comments_page(file_id))
        return []


def _empty_body() -> list[dict]:
    """The body of a new document: a section break, then one empty paragraph at [1, 2)."""
    run = {"startIndex": 1, "endIndex": 2, "textRun": {"content": "\n", "textStyle": {}}}
    return [{"endIndex": 1, "sectionBreak": {"sectionStyle": {}}},
            {"startIndex": 1, "endIndex": 2,
             "paragraph": {"elements": [run], "paragraphStyle": {"namedStyleType": "NORMAL_TEXT"}}}]


def describe(recorded: list[dict]) -> str:
    """The calls as readable text: per call its name and parameters, then its JSON body indented."""
    if not recorded:
        return "no Google calls"
    return "\n\n".join(_block(number, described) for number, described in enumerate(recorded, 1))


def _block(number: int, described: dict) -> str:
    """One call: ``2. docs.documents.batchUpdate documentId=...`` and the body below it."""
    params = " ".join(f"{key}={_value(value)}" for key, value in described["params"].items())
    lines = [f"{number}. {described['call']} {params}".rstrip()]
    if "body" in described:
        body = json.dumps(described["body"], indent=2, ensure_ascii=False)
        lines.extend("    " + line for line in body.splitlines())
    return "\n".join(lines)


def _value(value) -> str:
    """A parameter as it would go in a URL: strings bare, anything else as JSON."""
    return value if isinstance(value, str) else json.dumps(value)
