"""Google-shaped replies for the stand-in: error bodies and Drive's `fields` masks."""

ERROR_KINDS = {
    400: ("INVALID_ARGUMENT", "badRequest"),
    401: ("UNAUTHENTICATED", "authError"),
    403: ("PERMISSION_DENIED", "forbidden"),
    404: ("NOT_FOUND", "notFound"),
    409: ("ABORTED", "conflict"),
    429: ("RESOURCE_EXHAUSTED", "rateLimitExceeded"),
    500: ("INTERNAL", "backendError"),
    503: ("UNAVAILABLE", "backendError"),
}

DEFAULT_MESSAGES = {
    401: "Request had invalid authentication credentials. Expected OAuth 2 access token.",
    403: "The caller does not have permission",
    404: "Requested entity was not found.",
    429: "Quota exceeded for quota metric 'Write requests' (the stand-in was told to refuse).",
    500: "Internal error encountered.",
    503: "The service is currently unavailable.",
}


class ApiError(Exception):
    """A request the stand-in answers with an HTTP error status."""

    def __init__(self, status: int, message: str, status_name: str | None = None):
        super().__init__(message)
        self.status = status
        self.message = message
        self.status_name = status_name


def error_body(status: int, message: str | None = None, status_name: str | None = None) -> dict:
    """{"error": {code, message, status, errors: [...]}} as Google's APIs answer."""
    name, reason = ERROR_KINDS.get(status, ("UNKNOWN", "unknown"))
    message = message or DEFAULT_MESSAGES.get(status, "Error")
    if status_name == "FAILED_PRECONDITION":
        name, reason = status_name, "failedPrecondition"
    return {"error": {"code": status, "message": message, "status": name,
                      "errors": [{"message": message, "domain": "global", "reason": reason}]}}


def parse_fields(text: str) -> dict:
    """A Drive field mask ("nextPageToken,comments(id,author/displayName)") as a tree; None means all."""
    tree, rest = _parse_list(text.replace(" ", ""))
    if rest:
        raise ApiError(400, f"Invalid field selection {text}")
    return tree


def _parse_list(text: str):
    tree: dict = {}
    while text:
        name_end = min((text.find(mark) for mark in ",()" if mark in text), default=len(text))
        path, text = text[:name_end].split("/"), text[name_end:]
        subtree = None
        if text.startswith("("):
            subtree, text = _parse_list(text[1:])
            if not text.startswith(")"):
                raise ApiError(400, "Invalid field selection: unbalanced parentheses")
            text = text[1:]
        _graft(tree, path, subtree)
        if not text.startswith(","):
            break
        text = text[1:]
    return tree, text


def _graft(tree: dict, path: list, subtree) -> None:
    for name in path[:-1]:
        if name in tree and tree[name] is None:
            return
        tree = tree.setdefault(name, {})
    tree[path[-1]] = subtree


def select(value, tree):
    """The parts of a reply a field mask tree asks for."""
    if tree is None or "*" in (tree or {}):
        return value
    if isinstance(value, list):
        return [select(item, tree) for item in value]
    if not isinstance(value, dict):
        return value
    return {name: select(value[name], subtree) for name, subtree in tree.items() if name in value}
