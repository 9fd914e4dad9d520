"""GoogleStandIn: Docs v1 and Drive v3 on a loopback HTTP server, for clients built with api_endpoint.

    with GoogleStandIn() as google:
        docs = build("docs", "v1", http=httplib2.Http(), static_discovery=True,
                     client_options={"api_endpoint": google.endpoint})

Every request is recorded in `requests`; every JSON body is checked against the
discovery document (tests/discovery_schema.py) and an invalid one is answered
400 and kept in `invalid_bodies`. `fail_next` makes the next matching requests
fail with a Google-shaped error. Drive is served both under /drive/v3/ and at
the root, because a discovery-built Drive client given api_endpoint
"http://127.0.0.1:PORT/" drops the "drive/v3/" service path and calls /files.
"""

import itertools
import json
import re
import threading
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, unquote, urlsplit

from tests.discovery_schema import body_problems
from tests.google_standin.content import RequestError
from tests.google_standin.responses import ApiError, error_body
from tests.google_standin.routes import ROUTES


@dataclass
class Recorded:
    """One request as the stand-in received it."""

    method: str
    path: str
    query: dict
    body: object
    authorization: str | None


@dataclass
class InvalidBody:
    """A request body that broke the discovery schema, and every problem with it."""

    method_id: str
    body: object
    problems: list


@dataclass
class _Failure:
    status: int
    times: int
    path_contains: str | None
    retry_after: int | float | None
    lost: bool = False


class GoogleStandIn:
    """A loopback stand-in for Google Docs v1 and Drive v3 (a context manager)."""

    def __init__(self):
        self.lock = threading.RLock()
        self.requests: list[Recorded] = []
        self.invalid_bodies: list[InvalidBody] = []
        self.documents: dict = {}
        self.files: dict[str, dict] = {}
        self.comments: dict[str, list] = {}
        self.permissions: dict[str, list] = {}
        self.ids = itertools.count(1)
        self._failures: list[_Failure] = []
        self._server: ThreadingHTTPServer | None = None
        self._thread: threading.Thread | None = None
        self.endpoint = ""

    @property
    def token_uri(self) -> str:
        """The OAuth token endpoint, for credentials that refresh against the stand-in."""
        return self.endpoint + "token"

    def __enter__(self):
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
        self._server.daemon_threads = True
        self._server.standin = self
        self.endpoint = f"http://127.0.0.1:{self._server.server_address[1]}/"
        self._thread = threading.Thread(target=self._server.serve_forever, args=(0.05,), daemon=True)
        self._thread.start()
        return self

    def __exit__(self, *exc_info):
        self._server.shutdown()
        self._server.server_close()
        self._thread.join()

    def fail_next(self, status: int, times: int = 1, path_contains: str | None = None,
                  retry_after: int | float | None = None, lost: bool = False) -> None:
        """Answer the next `times` requests whose path contains `path_contains` (any when None) with `status`;
        `lost`: carry each request out first, as when Google did the work but its answer was lost."""
        with self.lock:
            self._failures.append(_Failure(status, times, path_contains, retry_after, lost))

    def add_comment(self, file_id: str, comment: dict) -> None:
        """Keep a Drive comment on a file; the file changes (new revisionId, higher version)."""
        with self.lock:
            self.comments.setdefault(file_id, []).append(comment)
            self.documents[file_id].touch()

    def requests_to(self, path_contains: str, method: str | None = None) -> list[Recorded]:
        """The recorded requests whose path contains `path_contains` (and of `method` when given)."""
        with self.lock:
            return [seen for seen in self.requests
                    if path_contains in seen.path and method in (None, seen.method)]

    def answer(self, method: str, target: str, body, authorization: str | None):
        """(status, reply, extra headers) for one HTTP request."""
        split = urlsplit(target)
        path, query = unquote(split.path), _query(split.query)
        with self.lock:
            self.requests.append(Recorded(method, path, query, body, authorization))
            failure = self._take_failure(path)
            if failure and failure.lost:
                self._carry_out(method, path, query, body)
            if failure:
                headers = {"Retry-After": str(failure.retry_after)} if failure.retry_after is not None else {}
                return failure.status, error_body(failure.status), headers
            return self._carry_out(method, path, query, body)

    def _carry_out(self, method: str, path: str, query: dict, body):
        try:
            return 200, self._route(method, path, query, body), {}
        except ApiError as refused:
            return refused.status, error_body(refused.status, refused.message, refused.status_name), {}
        except RequestError as refused:
            return 400, error_body(400, str(refused)), {}

    def _take_failure(self, path: str) -> _Failure | None:
        for failure in self._failures:
            if failure.path_contains is None or failure.path_contains in path:
                failure.times -= 1
                if failure.times <= 0:
                    self._failures.remove(failure)
                return failure
        return None

    def _route(self, method: str, path: str, query: dict, body):
        for verb, pattern, method_id, handler in ROUTES:
            found = re.fullmatch(pattern, path)
            if verb == method and found:
                self._check_body(method_id, body)
                return handler(self, query, body, **found.groupdict())
        raise ApiError(404, f"The stand-in has no route for {method} {path}")

    def _check_body(self, method_id: str | None, body) -> None:
        if not method_id or body is None:
            return
        problems = body_problems(method_id.split(".")[0], method_id, body)
        if problems:
            self.invalid_bodies.append(InvalidBody(method_id, body, problems))
            raise ApiError(400, "Invalid JSON payload received. " + "; ".join(problems))


def _query(text: str) -> dict:
    values = parse_qs(text, keep_blank_values=True)
    return {name: found[0] if len(found) == 1 else found for name, found in values.items()}


class _Handler(BaseHTTPRequestHandler):
    """Reads one request, lets the stand-in answer it, writes the JSON reply."""

    def do_GET(self):
        self._serve()

    def do_POST(self):
        self._serve()

    def do_PATCH(self):
        self._serve()

    def do_DELETE(self):
        self._serve()

    def _serve(self):
        status, reply, headers = self.server.standin.answer(
            self.command, self.path, self._body(), self.headers.get("Authorization"))
        data = json.dumps(reply).encode("utf-8")
        self.send_response(status)
        self.send_header("Content-Type", "application/json; charset=UTF-8")
        self.send_header("Content-Length", str(len(data)))
        for name, value in headers.items():
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(data)

    def _body(self):
        size = int(self.headers.get("Content-Length") or 0)
        raw = self.rfile.read(size) if size else b""
        if not raw:
            return None
        if "json" in (self.headers.get("Content-Type") or ""):
            return json.loads(raw)
        return _query(raw.decode("utf-8"))

    def log_message(self, format, *args):
        pass
