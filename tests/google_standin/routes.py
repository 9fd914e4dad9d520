"""The Docs v1 and Drive v3 methods the stand-in serves, one small function each.

Each handler takes the stand-in (its lock already held), the query dict, the
JSON body and the path's named parts, and returns the reply or raises ApiError.
"""

from tests.google_standin.document import Document
from tests.google_standin.responses import ApiError, parse_fields, select

GOOGLE_DOC = "application/vnd.google-apps.document"
FILE_DEFAULT_FIELDS = "kind,id,name,mimeType"
PERMISSION_DEFAULT_FIELDS = "kind,id,type,role"
DRIVE = r"(?:/drive/v3)?"


def _document(standin, document_id: str) -> Document:
    if document_id not in standin.documents:
        raise ApiError(404, "Requested entity was not found.")
    return standin.documents[document_id]


def _file(standin, file_id: str) -> dict:
    if file_id not in standin.files:
        raise ApiError(404, f"File not found: {file_id}.")
    return standin.files[file_id]


def new_file(standin, name: str, mime_type: str = GOOGLE_DOC, parents=()) -> str:
    """A new Drive file (a Google Doc with an empty body when the type says so); its id."""
    file_id = f"1standin{next(standin.ids):04d}doc"
    standin.files[file_id] = {"kind": "drive#file", "id": file_id, "name": name, "mimeType": mime_type,
                              "parents": list(parents), "trashed": False,
                              "webViewLink": f"https://docs.google.com/document/d/{file_id}/edit"}
    if mime_type == GOOGLE_DOC:
        standin.documents[file_id] = Document(file_id, name)
    return file_id


def file_json(standin, file_id: str) -> dict:
    """A Drive file resource with its current version (a string of digits)."""
    found = dict(_file(standin, file_id))
    document = standin.documents.get(file_id)
    found["version"] = str(document.version if document else 1)
    return found


def _masked(reply: dict, query: dict, default: str) -> dict:
    return select(reply, parse_fields(query.get("fields") or default))


def _changed(standin, file_id: str) -> None:
    if file_id in standin.documents:
        standin.documents[file_id].touch()


# --- Docs ---------------------------------------------------------------------------------


def create_document(standin, query, body):
    """docs.documents.create: a new empty document (and its Drive file)."""
    file_id = new_file(standin, (body or {}).get("title", "Untitled document"))
    return standin.documents[file_id].as_json()


def get_document(standin, query, body, document_id):
    """docs.documents.get in the asked suggestionsViewMode (SUGGESTIONS_INLINE by default)."""
    return _document(standin, document_id).as_json(query.get("suggestionsViewMode", "SUGGESTIONS_INLINE"))


def batch_update(standin, query, body, document_id):
    """docs.documents.batchUpdate, refused when writeControl.requiredRevisionId is stale."""
    document = _document(standin, document_id)
    required = (body.get("writeControl") or {}).get("requiredRevisionId")
    if required is not None and required != document.revision_id:
        raise ApiError(400, f"The document {document_id} has changed since revision {required}: "
                            "requiredRevisionId is not the latest revision.", "FAILED_PRECONDITION")
    replies = document.apply(body.get("requests", []))
    return {"documentId": document_id, "replies": replies,
            "writeControl": {"requiredRevisionId": document.revision_id}}


# --- Drive --------------------------------------------------------------------------------


def create_file(standin, query, body):
    """drive.files.create: a Google Doc (or another file) with the asked fields."""
    body = body or {}
    file_id = new_file(standin, body.get("name", "Untitled"), body.get("mimeType", GOOGLE_DOC), body.get("parents", ()))
    return _masked(file_json(standin, file_id), query, FILE_DEFAULT_FIELDS)


def get_file(standin, query, body, file_id):
    """drive.files.get with the asked fields."""
    return _masked(file_json(standin, file_id), query, FILE_DEFAULT_FIELDS)


def create_permission(standin, query, body, file_id):
    """drive.permissions.create: the grant is kept and the file's version rises."""
    _file(standin, file_id)
    permissions = standin.permissions.setdefault(file_id, [])
    made = {"kind": "drive#permission", "id": f"perm{len(permissions) + 1}", **body}
    permissions.append(made)
    _changed(standin, file_id)
    return _masked(made, query, PERMISSION_DEFAULT_FIELDS)


def list_comments(standin, query, body, file_id):
    """drive.comments.list: needs fields; pages by pageSize/pageToken; hides deleted ones unless asked."""
    _file(standin, file_id)
    if not query.get("fields"):
        raise ApiError(400, "The 'fields' parameter is required for this method.")
    shown = [comment for comment in standin.comments.get(file_id, [])
             if query.get("includeDeleted") == "true" or not comment.get("deleted")]
    start, size = int(query.get("pageToken") or 0), min(int(query.get("pageSize") or 20), 100)
    reply = {"kind": "drive#commentList", "comments": shown[start:start + size]}
    if start + size < len(shown):
        reply["nextPageToken"] = str(start + size)
    return _masked(reply, query, "")


def token(standin, query, body):
    """The OAuth token endpoint: any refresh gets a fresh access token."""
    return {"access_token": f"standin-token-{next(standin.ids)}", "expires_in": 3600, "token_type": "Bearer",
            "scope": (body or {}).get("scope", "https://www.googleapis.com/auth/drive.file")}


def delete_file(standin, query, body, file_id):
    """drive.files.delete: the file, its document, comments and permissions are gone (an empty answer)."""
    _file(standin, file_id)
    for kept in (standin.files, standin.documents, standin.comments, standin.permissions):
        kept.pop(file_id, None)
    return {}


ROUTES = [
    ("POST", r"/v1/documents", "docs.documents.create", create_document),
    ("GET", r"/v1/documents/(?P<document_id>[^/:]+)", None, get_document),
    ("POST", r"/v1/documents/(?P<document_id>[^/:]+):batchUpdate", "docs.documents.batchUpdate", batch_update),
    ("POST", DRIVE + r"/files", "drive.files.create", create_file),
    ("GET", DRIVE + r"/files/(?P<file_id>[^/]+)", None, get_file),
    ("DELETE", DRIVE + r"/files/(?P<file_id>[^/]+)", None, delete_file),
    ("POST", DRIVE + r"/files/(?P<file_id>[^/]+)/permissions", "drive.permissions.create", create_permission),
    ("GET", DRIVE + r"/files/(?P<file_id>[^/]+)/comments", None, list_comments),
    ("POST", r"/token", None, token),
]
