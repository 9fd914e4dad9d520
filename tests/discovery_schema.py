"""Check a Google API request body against the discovery document shipped with the client.

google-api-python-client checks query parameters but not request bodies: a
misspelt field in a Docs batchUpdate request reaches Google and comes back as a
400 only in production. `body_problems` walks the method's request schema from
the discovery documents inside the installed package (no network) and names
every problem by its path, e.g.
"requests[3].insertText.locaton: no such field in InsertTextRequest".
"""

import functools
import json
from importlib import resources

DOCUMENTS = {"docs": "docs.v1.json", "drive": "drive.v3.json"}

# Fields the discovery document marks "Output only" although Google requires
# them when creating the object (permissions.create needs the grantee's email).
WRITABLE_ON_CREATE = {"Permission.emailAddress", "Permission.domain"}

INT32_RANGE = (-(2**31), 2**31 - 1)


@functools.cache
def discovery_document(api: str) -> dict:
    """The discovery document of `api` ("docs" or "drive") from the installed client."""
    folder = resources.files("googleapiclient") / "discovery_cache" / "documents"
    return json.loads((folder / DOCUMENTS[api]).read_text(encoding="utf-8"))


def find_method(api: str, method_id: str) -> dict:
    """The discovery entry of a method such as "docs.documents.batchUpdate"."""
    pending = [discovery_document(api)]
    while pending:
        resource = pending.pop()
        for method in resource.get("methods", {}).values():
            if method["id"] == method_id:
                return method
        pending.extend(resource.get("resources", {}).values())
    raise KeyError(f"no method {method_id} in the {api} discovery document")


def body_problems(api: str, method_id: str, body) -> list[str]:
    """Every way `body` breaks the request schema of `method_id`, each naming its path."""
    method = find_method(api, method_id)
    request = method.get("request")
    if request is None:
        return [] if body in (None, {}) else [f"{method_id} takes no request body"]
    checker = _Checker(discovery_document(api)["schemas"])
    checker.check(body, request, "", "")
    return checker.problems


def assert_valid_body(api: str, method_id: str, body) -> None:
    """Raise AssertionError listing every problem of `body` for `method_id`."""
    problems = body_problems(api, method_id, body)
    assert not problems, f"invalid {method_id} body:\n" + "\n".join(problems)


class _Checker:
    """Walks one value against one schema, collecting problems."""

    def __init__(self, schemas: dict):
        self.schemas = schemas
        self.problems: list[str] = []

    def problem(self, path: str, words: str) -> None:
        self.problems.append(f"{path or '(body)'}: {words}")

    def check(self, value, schema: dict, path: str, name: str) -> None:
        """Check `value` at `path` against `schema` (named `name` when it is a $ref)."""
        if "$ref" in schema:
            name = schema["$ref"]
            schema = self.schemas[name]
        kind = schema.get("type", "any")
        checks = {
            "object": self.check_object,
            "array": self.check_array,
            "string": self.check_string,
            "integer": self.check_integer,
            "number": self.check_number,
            "boolean": self.check_boolean,
        }
        if kind in checks:
            checks[kind](value, schema, path, name)

    def check_object(self, value, schema, path, name):
        if not isinstance(value, dict):
            return self.problem(path, f"expected an object ({name or 'object'}), got {_kind(value)}")
        known = schema.get("properties", {})
        extra = schema.get("additionalProperties")
        for key, item in value.items():
            where = f"{path}.{key}" if path else key
            if key in known:
                self.check_property(item, known[key], where, f"{name}.{key}")
            elif extra is not None:
                self.check(item, extra, where, "")
            else:
                self.problem(where, f"no such field in {name or 'this object'}")

    def check_property(self, value, schema, path, qualified):
        if schema.get("readOnly") and qualified not in WRITABLE_ON_CREATE:
            self.problem(path, "read-only field: Google sets it, a request may not")
        self.check(value, schema, path, "")

    def check_array(self, value, schema, path, name):
        if not isinstance(value, list):
            return self.problem(path, f"expected a list, got {_kind(value)}")
        for number, item in enumerate(value):
            self.check(item, schema.get("items", {}), f"{path}[{number}]", "")

    def check_string(self, value, schema, path, name):
        if schema.get("format") in ("int64", "uint64"):
            if _is_integer(value) or (isinstance(value, str) and value.lstrip("-").isdigit()):
                return None
            return self.problem(path, f"expected an int64 (digits), got {value!r}")
        if not isinstance(value, str):
            return self.problem(path, f"expected a string, got {_kind(value)}")
        if "enum" in schema and value not in schema["enum"]:
            allowed = ", ".join(schema["enum"])
            self.problem(path, f"{value!r} is not one of {allowed}")

    def check_integer(self, value, schema, path, name):
        if not _is_integer(value):
            return self.problem(path, f"expected an integer, got {_kind(value)}")
        low, high = INT32_RANGE
        if schema.get("format") == "int32" and not low <= value <= high:
            self.problem(path, f"{value} does not fit an int32")

    def check_number(self, value, schema, path, name):
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            self.problem(path, f"expected a number, got {_kind(value)}")

    def check_boolean(self, value, schema, path, name):
        if not isinstance(value, bool):
            self.problem(path, f"expected true or false, got {_kind(value)}")


def _is_integer(value) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _kind(value) -> str:
    names = {dict: "an object", list: "a list", str: "a string", bool: "a boolean"}
    if value is None:
        return "null"
    return names.get(type(value), f"{type(value).__name__} {value!r}")
