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
BYTE_ORDER_MARK = "\ufeff"
ALIAS = re.compile(r"[\s:?-]*(\*[^\s,\[\]{}]+)")
"""An alias (``*day``) after a key's end or a list's previous item: the spaces, colon
and dash before it, then the alias."""
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
        self.mark = BYTE_ORDER_MARK if text.startswith(BYTE_ORDER_MARK) else ""
        """A byte order mark (Windows editors save one), which the parser does not count."""
        text = text[len(self.mark):]
        self.text = text if text.endswith("\n") else text + self.newline
        self.filename = filename
        self.root = YAML(typ="safe", pure=False).compose(self.text)
        self.shared = _shared(self.root)
        """Nodes met more than once: anchored (``&``) and used through an alias or a merge."""
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
        self._replace_value(task_id, key_node, value_node, scalar(value))

    def task_has_key(self, task_id: str, key: str) -> bool:
        """Whether the step ``task_id`` writes ``key`` (``owner`` or ``owners`` ...)."""
        return _pair(self._task(task_id), key) is not None

    def remove_task_key(self, task_id: str, key: str) -> None:
        """Remove ``key`` from the step (an emptied "if it is missed")."""
        mapping = self._task(task_id)
        found = _pair(mapping, key)
        if found is None:
            return
        if mapping.flow_style:
            self._replace_value(task_id, *found, "null")
            return
        self._refuse_anchored(task_id, key, *found)
        start = self.text.rfind("\n", 0, found[0].start_mark.index) + 1
        self._splice(start, _line_end(self.text, self._pair_end(*found)), "")

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
        return self.mark + text

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
                if id(item) in self.shared:
                    raise self._shared_cannot(f"the step {task_id}", item, " or a merge (<<)")
                return item
        raise self._cannot(f"no step has the id {task_id}")

    def _shared_cannot(self, what: str, node, ways: str = "") -> DocumentError:
        return self._cannot(f"{what} (line {node.start_mark.line + 1}) is anchored (&) and used "
                            f"elsewhere through an alias (*){ways}, so changing it would change "
                            "those too: write the values out, then import again")

    def _cannot(self, why: str) -> DocumentError:
        return DocumentError(f"{self.filename}: cannot write the buyer's edits into the plan: {why}")

    # -- splicing ---------------------------------------------------------------

    def _splice(self, start: int, end: int, new: str) -> None:
        self.splices.append((start, end, new))

    def _replace_value(self, task_id: str, key_node, node, written: str) -> None:
        """The value of ``key_node`` replaced by ``written``, where it stands."""
        alias = self._alias_after(key_node.end_mark.index, node)
        if alias is not None:
            self._splice(*alias, written)
            return
        self._refuse_anchored(task_id, key_node.value, key_node, node)
        start, end = node.start_mark.index, self._end(node)
        if _is_block(node):
            start, written = self._block_replaced(key_node, node, written)
        elif start == end:  # an empty value (``due:``)
            written = f" {written}"
        ending = self.text[start:end]
        self._splice(start, end, written + ending[len(ending.rstrip()):])

    def _block_replaced(self, key_node, node, written: str) -> tuple[int, str]:
        """Where a block list or mapping replaced by ``written`` starts, and what is
        written there: on the key's line, else (a comment there) on the next line,
        indented under the key (an indentless list starts in the key's column)."""
        if self._bare_line_after(key_node):
            return self._colon_end(key_node), f" {written}"
        line_start = self.text.rfind("\n", 0, node.start_mark.index) + 1
        return line_start, " " * (key_node.start_mark.column + 2) + written

    def _refuse_anchored(self, task_id: str, key: str, key_node, node) -> None:
        """A value (or part of one) anchored and used elsewhere cannot change without
        changing the other places; aliases in it to values elsewhere may go."""
        if self._alias_after(key_node.end_mark.index, node) is not None:
            return
        start, end = node.start_mark.index, self._end(node)
        if any(id(inner) in self.shared and start <= inner.start_mark.index < max(end, start + 1)
               for inner in _nodes(node)):
            raise self._shared_cannot(f"the {key} of {task_id}", node)

    def _add_key(self, mapping, key: str, value) -> None:
        if mapping.flow_style:
            self._splice(mapping.end_mark.index - 1, mapping.end_mark.index - 1,
                         f", {key}: {scalar(value)}")
            return
        indent = mapping.value[0][0].start_mark.column
        at = _line_end(self.text, self._end(mapping))
        self._splice(at, at, f"{' ' * indent}{key}: {scalar(value)}{self.newline}")

    # -- where values end ---------------------------------------------------------

    def _end(self, node) -> int:
        """Where a value's own text ends. A block collection's end mark lies at the
        next token (the next key, perhaps lines further), so its end is its last
        value's, which may be an alias (whose node stands where it was anchored);
        a block scalar's end includes its line breaks."""
        if not _is_block(node):
            return node.end_mark.index
        last = node.value[-1]
        if isinstance(last, tuple):
            return self._pair_end(*last)
        after = self._end(node.value[-2]) if len(node.value) > 1 else node.start_mark.index
        alias = self._alias_after(after, last)
        return alias[1] if alias else self._end(last)

    def _pair_end(self, key_node, value_node) -> int:
        alias = self._alias_after(key_node.end_mark.index, value_node)
        return alias[1] if alias else self._end(value_node)

    def _alias_after(self, after: int, node) -> tuple[int, int] | None:
        """Where the alias standing for ``node`` after ``after`` is, or None when
        ``node`` is written there. (An anchor comes before its aliases: a node
        that starts before ``after`` was written elsewhere.)"""
        if node.start_mark.index >= after:
            return None
        found = ALIAS.match(self.text, after)
        if found is None:
            raise self._cannot(f"line {self.text.count(chr(10), 0, after) + 1}: a value used "
                               "through an alias (*) could not be found; write it out")
        return found.start(1), found.end(1)

    def _colon_end(self, key_node) -> int:
        return self.text.index(":", key_node.end_mark.index) + 1

    def _bare_line_after(self, key_node) -> bool:
        """Whether nothing (no comment, no anchor) follows the key's colon on its line."""
        start = self._colon_end(key_node)
        return not self.text[start:_line_end(self.text, start)].strip()

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
        at = _line_end(self.text, self._end(sequence))
        self._splice(at, at, self.newline.join(lines) + self.newline)


def _pair(mapping, key: str):
    """The (key node, value node) of ``key`` in a mapping node, or None."""
    if mapping is None or not hasattr(mapping, "value") or not isinstance(mapping.value, list):
        return None
    for key_node, value_node in mapping.value:
        if getattr(key_node, "value", None) == key:
            return key_node, value_node
    return None


def _is_block(node) -> bool:
    """Whether ``node`` is a block (not flow) list or mapping with something in it."""
    return isinstance(node.value, list) and bool(node.value) and not node.flow_style


def _children(node) -> list:
    if not isinstance(node.value, list):
        return []
    return [child for item in node.value
            for child in (item if isinstance(item, tuple) else (item,))]


def _nodes(node):
    """``node`` and every node in it, each once."""
    seen, waiting = set(), [node]
    while waiting:
        current = waiting.pop()
        if id(current) not in seen:
            seen.add(id(current))
            yield current
            waiting.extend(_children(current))


def _shared(root) -> set[int]:
    """The ids of the nodes met more than once in the tree: those aliases or merges reuse."""
    seen, shared, waiting = set(), set(), [root]
    while waiting:
        node = waiting.pop()
        if id(node) in seen:
            shared.add(id(node))
            continue
        seen.add(id(node))
        waiting.extend(_children(node))
    return shared


def _line_end(text: str, index: int) -> int:
    """The start of the line after the one ``index`` is on (``index`` itself at a line start)."""
    if index > 0 and text[index - 1] == "\n":
        return index
    found = text.find("\n", index)
    return len(text) if found < 0 else found + 1
