"""Writing merged values into the plan file's text, touching nothing else.

The plan is the seller's file, kept in git: its comments, key order, quoting
and indentation are theirs. Rather than dumping a YAML tree again, each edit
is a splice of the original text at the positions ruamel's composer gives
(its nodes know where every key and value starts and ends, in characters): a
value replaced where it stands, a key added under its siblings with their
indentation, a new step or person appended to its list in the list's style.
Every line not edited stays byte for byte as it was.
"""

from __future__ import annotations

import json
import re

from generator.errors import DocumentError

PLAIN = re.compile(r"[A-Za-z\u00c0-\uffff][^:#\n\"'{}\[\],&*!|>%@`]*")
"""Text that may stay unquoted (no YAML indicator in it)."""
UNPRINTABLE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u2028\u2029\ud800-\udfff\ufffe\uffff]")
"""What YAML does not allow in a file, or reads as a line break: escaped in double quotes."""
NOT_PLAIN = re.compile(r"(?i)(true|false|yes|no|on|off|null|y|n|~)|.*\s$|.*:$")


def scalar(value) -> str:
    """``value`` as a YAML flow scalar: a date or id as it is, text quoted when it must be."""
    if value is None:
        return "null"
    if isinstance(value, (list, tuple)):
        return "[" + ", ".join(scalar(v) for v in value) + "]"
    text = str(value)
    if UNPRINTABLE.search(text) is None and (
            re.fullmatch(r"\d{4}-\d{2}-\d{2}", text)
            or (PLAIN.fullmatch(text) and not NOT_PLAIN.fullmatch(text))):
        return text
    return UNPRINTABLE.sub(lambda found: f"\\u{ord(found.group()):04x}",
                           json.dumps(text, ensure_ascii=False))


class PlanText:
    """The plan's text and the splices to make in it."""

    def __init__(self, text: str, filename: str):
        from ruamel.yaml import YAML

        self.newline = "\r\n" if "\r\n" in text else "\n"
        self.text = text if text.endswith("\n") else text + self.newline
        self.filename = filename
        self.root = YAML(typ="safe", pure=False).compose(self.text)
        self.splices: list[tuple[int, int, str]] = []

    # -- steps ------------------------------------------------------------------

    def set_task_value(self, task_id: str, key: str, value, *, old_key: str | None = None) -> None:
        """Give the step ``task_id`` ``key: value``, in place of ``old_key`` when given."""
        mapping = self._task(task_id)
        found = _pair(mapping, old_key or key)
        if found is None:
            self._add_key(mapping, key, value)
            return
        key_node, value_node = found
        if old_key and old_key != key:
            self._splice(key_node.start_mark.index, key_node.end_mark.index, key)
        self._replace_value(value_node, scalar(value))

    def remove_task_key(self, task_id: str, key: str) -> None:
        """Remove ``key`` from the step (an emptied "if it is missed")."""
        mapping = self._task(task_id)
        found = _pair(mapping, key)
        if found is None:
            return
        if mapping.flow_style:
            self._replace_value(found[1], "null")
            return
        start = self.text.rfind("\n", 0, found[0].start_mark.index) + 1
        self._splice(start, _line_end(self.text, _content_end(found[1])), "")

    def add_task(self, fields: dict, comment: str) -> None:
        """Append a step to ``tasks:``."""
        self._append_item(self._top("tasks"), fields, comment)

    def add_person(self, fields: dict, comment: str) -> None:
        """Append a person to ``people:``."""
        self._append_item(self._top("people"), fields, comment)

    def result(self) -> str:
        """The text with every splice made."""
        text = self.text
        for start, end, new in sorted(self.splices, key=lambda s: (s[0], s[1]), reverse=True):
            text = text[:start] + new + text[end:]
        return text

    # -- finding ----------------------------------------------------------------

    def _top(self, key: str):
        found = _pair(self.root, key)
        if found is None:
            raise self._cannot(f"it has no {key}: list")
        return found[1]

    def _task(self, task_id: str):
        for item in self._top("tasks").value:
            found = _pair(item, "id")
            if found is not None and found[1].value == task_id:
                return item
        raise self._cannot(f"no step has the id {task_id}")

    def _cannot(self, why: str) -> DocumentError:
        return DocumentError(f"{self.filename}: cannot write the buyer's edits into the plan: {why}")

    # -- splicing ---------------------------------------------------------------

    def _splice(self, start: int, end: int, new: str) -> None:
        self.splices.append((start, end, new))

    def _replace_value(self, node, written: str) -> None:
        start, end = node.start_mark.index, _content_end(node)
        ending = self.text[start:end]
        self._splice(start, end, written + ending[len(ending.rstrip()):])

    def _add_key(self, mapping, key: str, value) -> None:
        if mapping.flow_style:
            self._splice(mapping.end_mark.index - 1, mapping.end_mark.index - 1,
                         f", {key}: {scalar(value)}")
            return
        indent = mapping.value[0][0].start_mark.column
        at = _line_end(self.text, _content_end(mapping.value[-1][1]))
        self._splice(at, at, f"{' ' * indent}{key}: {scalar(value)}{self.newline}")

    def _append_item(self, sequence, fields: dict, comment: str) -> None:
        if sequence.flow_style or not sequence.value:
            raise self._cannot("its list is written in flow style ([...]); write it as a block list")
        first = sequence.value[0]
        line_start = self.text.rfind("\n", 0, first.start_mark.index) + 1
        dash = self.text.find("-", line_start) - line_start
        block = [item for item in sequence.value if not item.flow_style and item.value]
        key_column = block[0].value[0][0].start_mark.column if block else dash + 2
        lines = [f"{' ' * dash}# {comment}"]
        for number, (key, value) in enumerate(fields.items()):
            lead = f"{' ' * dash}-{' ' * (key_column - dash - 1)}" if number == 0 else " " * key_column
            lines.append(f"{lead}{key}: {scalar(value)}")
        at = _line_end(self.text, _content_end(sequence.value[-1]))
        self._splice(at, at, self.newline.join(lines) + self.newline)


def _pair(mapping, key: str):
    """The (key node, value node) of ``key`` in a mapping node, or None."""
    if mapping is None or not hasattr(mapping, "value") or not isinstance(mapping.value, list):
        return None
    for key_node, value_node in mapping.value:
        if getattr(key_node, "value", None) == key:
            return key_node, value_node
    return None


def _content_end(node) -> int:
    """Where a value's own text ends. A block collection's end mark lies at the
    next token (the next key, perhaps lines further), so its end is its last
    scalar's; a block scalar's end includes its line breaks."""
    if isinstance(node.value, list) and node.value and not node.flow_style:
        last = node.value[-1]
        return _content_end(last[1] if isinstance(last, tuple) else last)
    return node.end_mark.index


def _line_end(text: str, index: int) -> int:
    """The start of the line after the one ``index`` is on (``index`` itself at a line start)."""
    if index > 0 and text[index - 1] == "\n":
        return index
    found = text.find("\n", index)
    return len(text) if found < 0 else found + 1
