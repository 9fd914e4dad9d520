"""The Docs and Drive calls dealroom makes, described as plain data.

A call is a dict ``{"call": "drive.files.create", "params": {...}, "body": {...}}``:
the real client sends it, the dry run records it. Keeping both on these
descriptions means ``--dry-run`` shows exactly what would be sent.
"""

from __future__ import annotations

DOCUMENT_TYPE = "application/vnd.google-apps.document"
SUGGESTIONS_VIEW_MODES = ("PREVIEW_WITHOUT_SUGGESTIONS", "PREVIEW_SUGGESTIONS_ACCEPTED", "SUGGESTIONS_INLINE")
ROLES = ("commenter", "writer", "reader")
CREATED_FIELDS = "id,name,webViewLink,version"
STATE_FIELDS = "id,name,version,webViewLink,trashed"
PERSON = "author(displayName,emailAddress)"
COMMENT_FIELDS = (f"nextPageToken,comments(id,{PERSON},content,quotedFileContent,resolved,deleted,"
                  f"createdTime,modifiedTime,replies(id,{PERSON},content,createdTime,deleted,action))")
COMMENTS_PAGE_SIZE = 100


def call(name: str, params: dict, body: dict | None = None) -> dict:
    """One call: its ``api.resource.method`` name, its query/path parameters and its JSON body."""
    described = {"call": name, "params": params}
    if body is not None:
        described["body"] = body
    return described


def create_document(title: str, folder: str | None) -> dict:
    """Drive files.create of an empty Google Doc named ``title``, in ``folder`` when given."""
    body = {"name": title, "mimeType": DOCUMENT_TYPE}
    if folder:
        body["parents"] = [folder]
    return call("drive.files.create", {"fields": CREATED_FIELDS}, body)


def delete_document(file_id: str) -> dict:
    """Drive files.delete: remove a document dealroom has just created, when filling it failed."""
    return call("drive.files.delete", {"fileId": file_id})


def file_state(file_id: str) -> dict:
    """Drive files.get: the file's name, version (rises on every change), link and trashed flag."""
    return call("drive.files.get", {"fileId": file_id, "fields": STATE_FIELDS})


def document(file_id: str, view_mode: str) -> dict:
    """Docs documents.get with suggestions shown as ``view_mode`` (one of SUGGESTIONS_VIEW_MODES)."""
    if view_mode not in SUGGESTIONS_VIEW_MODES:
        raise ValueError(f"suggestions view mode {view_mode!r} is not one of {SUGGESTIONS_VIEW_MODES}")
    return call("docs.documents.get", {"documentId": file_id, "suggestionsViewMode": view_mode})


def batch_update(file_id: str, requests: list, required_revision_id: str | None) -> dict:
    """Docs documents.batchUpdate, refused by Google if the revision is no longer ``required_revision_id``."""
    body = {"requests": list(requests)}
    if required_revision_id:
        body["writeControl"] = {"requiredRevisionId": required_revision_id}
    return call("docs.documents.batchUpdate", {"documentId": file_id}, body)


def share(file_id: str, email: str, role: str) -> dict:
    """Drive permissions.create: ``email`` gets ``role`` on the file and Google's notification email."""
    if role not in ROLES:
        raise ValueError(f"role {role!r} is not one of {ROLES}")
    return call("drive.permissions.create",
                {"fileId": file_id, "fields": "id", "sendNotificationEmail": True},
                {"type": "user", "role": role, "emailAddress": email})


def comments_page(file_id: str, page_token: str | None = None) -> dict:
    """Drive comments.list for one page of comments (with replies), from ``page_token`` when given."""
    params = {"fileId": file_id, "fields": COMMENT_FIELDS, "pageSize": COMMENTS_PAGE_SIZE}
    if page_token:
        params["pageToken"] = page_token
    return call("drive.comments.list", params)
