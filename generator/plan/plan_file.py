"""The plan file as YAML, read so that every key knows its position.

Only this module and :mod:`generator.plan.yaml_tree` touch ruamel.yaml; the loader asks it for
the position of a key path and gets ``(line, column)``, both 1-based.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

from generator.errors import PlanError, Problem
from generator.files import check_regular_file, read_given_file

Path_ = tuple[str | int, ...]

PLAN_MAX_BYTES = 2 * 1024 * 1024
"""The largest plan file read; the largest example is 17 KB."""
MAX_DEPTH = 64
"""How deep lists and mappings may nest; a plan needs five levels."""
SAFE_TO_COMPOSE = 200
"""A depth the YAML composers, which recurse once per level, reach safely; a
document that may be deeper is measured from its events before it is composed."""
ALIAS_MAX_CHARACTERS = 1024 * 1024
"""How much text aliases may repeat in all, counted as they expand."""
NOT_IN_FILE = "[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x84\x86-\x9f\ud800-\udfff\ufffe\uffff]"
"""Characters YAML does not allow in a file (so the parser refuses them, without a
line): controls but tab and line breaks, DEL, lone surrogates, U+FFFE/U+FFFF.
A pattern compiled only when a file is refused."""
LINE_BREAK = "\r\n|[\r\n\x85\u2028\u2029]"
"""Line breaks as the parser counts lines (a pattern, compiled when needed)."""
BEFORE_AN_ENTRY = " \t-?:\ufeff"
"""What may stand on a line before the first entry of the block collection
nested deepest on it: indentation and the indicators ``-``, ``?``, ``:`` (and
``---``). Anchors and tags cannot: a block collection after them starts on
the next line."""


def read_text(path: Path) -> str:
    """The file's text; a missing, unreadable or special file is a usage error.

    The file is looked at before it is opened: a named pipe would block the
    read for ever and a device never end. It is opened without blocking and
    read no further than the size limit, in case it was swapped meanwhile.
    """
    data = read_given_file(path, PLAN_MAX_BYTES, lambda status: _check_plan_file(path, status))
    _check_size(len(data), str(path))
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as error:
        raise PlanError([Problem(str(path), 0, 0, "", f"not UTF-8 text (byte {error.start})")]) from None


def _check_plan_file(path: Path, status: os.stat_result) -> None:
    check_regular_file(path, status, "a plan file")
    _check_size(status.st_size, str(path))


def _check_size(size: int, filename: str) -> None:
    if size > PLAN_MAX_BYTES:
        raise PlanError([Problem(filename, 0, 0, "", f"the file is {size:,} bytes; a plan file may be "
                                 f"at most {PLAN_MAX_BYTES // (1024 * 1024)} MiB "
                                 f"({PLAN_MAX_BYTES:,} bytes)")])


def parse(text: str, filename: str):
    """The YAML document as positioned dicts and lists; bad YAML is a PlanError.

    The C parser (libyaml) reads the plan fast; it follows YAML 1.1's grammar,
    so a document it refuses (``{url: https://x}`` in a flow mapping is valid
    YAML 1.2) is read again by ruamel's own YAML 1.2 parser, whose verdict,
    and error message, is the one that counts.

    Before anything costly, a document is refused that is larger than
    PLAN_MAX_BYTES or nests deeper than MAX_DEPTH; while it is built, one
    whose aliases repeat more than ALIAS_MAX_CHARACTERS in all or refer to the
    collection they are in, or whose text holds a control character. Every
    refusal names its line and column, also for the characters the parsers
    refuse without one.
    """
    if len(text) > PLAN_MAX_BYTES // 4:
        _check_size(len(text.encode("utf-8", "surrogatepass")), filename)
    from ruamel.yaml.error import MarkedYAMLError, YAMLError

    from generator.plan import yaml_tree

    try:
        try:
            return _compose_and_build(text, fast=True)
        except MarkedYAMLError:
            return _compose_and_build(text, fast=False)
    except MarkedYAMLError as error:
        raise PlanError([_syntax_problem(error, filename)]) from None
    except (yaml_tree.DuplicateKey, yaml_tree.Unreadable) as error:
        mark = error.mark
        raise PlanError([Problem(filename, mark.line + 1, mark.column + 1, "",
                                 f"YAML syntax: {error}")]) from None
    except yaml_tree.Refused as error:
        line, column = (error.mark.line + 1, error.mark.column + 1) if error.mark else (0, 0)
        path = format_path(tuple(error.path)) if error.with_path else ""
        raise PlanError([Problem(filename, line, column, path, error.message)]) from None
    except (YAMLError, UnicodeEncodeError) as error:
        _check_characters(text, filename)  # the usual cause: the parser gives no line for it
        raise PlanError([Problem(filename, 0, 0, "", f"YAML error: {error}")]) from None


def _check_characters(text: str, filename: str) -> None:
    """A character YAML does not allow is refused where it stands.

    The parsers refuse them too, but without a line and column (and libyaml
    cannot even be given a lone surrogate), so this looks for them once one
    has refused the file.
    """
    found = re.search(NOT_IN_FILE, text)
    if found is None:
        return
    from generator.plan.yaml_tree import character_name

    line, column = _line_and_column(text, found.start())
    raise PlanError([Problem(filename, line, column, "", f"{character_name(found.group())} is not "
                             "allowed in a plan file; delete it")])


def _line_and_column(text: str, index: int) -> tuple[int, int]:
    """1-based line and column of ``text[index]``, lines counted as the parser does."""
    line, start = 1, 0
    for found in re.compile(LINE_BREAK).finditer(text, 0, index):
        line, start = line + 1, found.end()
    return line, index - start + 1


def _compose_and_build(text: str, fast: bool):
    from ruamel.yaml import YAML

    from generator.plan import yaml_tree

    yaml = YAML(typ="safe", pure=not fast)
    if fast:
        yaml.Resolver = _resolver()
    yaml.Constructor = _constructor()
    if depth_bound(text) > SAFE_TO_COMPOSE:
        _check_depth(yaml, text)  # else the tree's builder refuses what is deeper than MAX_DEPTH
    node = yaml.compose(text)
    if node is None:
        return None
    try:
        return yaml_tree.build(node, yaml.constructor.construct_object, MAX_DEPTH, ALIAS_MAX_CHARACTERS)
    except yaml_tree.Refused as error:
        if error.mark is None and error.alias:
            error.mark = _alias_mark(yaml, text, error.alias)
        raise


def depth_bound(text: str) -> int:
    """A number never below how deep the lists and mappings of ``text`` nest, found cheaply.

    In block style every second level at least is indented further than its
    parent (a list may stand at its key's indentation, once), so block levels
    are at most twice the widest line start that can precede an entry, plus
    two. Each flow level opens with a bracket, and each ``[`` may also hold a
    mapping of one pair (``[a: [b: c]]``) without a brace.
    """
    if any(other in text for other in "\r\x85\u2028\u2029"):
        text = re.sub(LINE_BREAK, "\n", text)
    widest = max(len(line) - len(line.lstrip(BEFORE_AN_ENTRY)) for line in text.split("\n"))
    return 2 * (widest + 1) + 2 * text.count("[") + text.count("{")


def _check_depth(yaml, text: str) -> None:
    """Refuse a document nesting deeper than MAX_DEPTH: its events are read
    one by one, as far as the first level too deep, and nothing is composed."""
    from ruamel.yaml.events import CollectionEndEvent, CollectionStartEvent

    from generator.plan.yaml_tree import Refused

    depth = 0
    for event in yaml.parse(text):
        if isinstance(event, CollectionStartEvent):
            depth += 1
            if depth > MAX_DEPTH:
                raise Refused.too_deep(MAX_DEPTH, event.start_mark)
        elif isinstance(event, CollectionEndEvent):
            depth -= 1


def _alias_mark(yaml, text: str, number: int):
    """Where the ``number``-th alias of the document stands (None if not found)."""
    from ruamel.yaml.events import AliasEvent

    seen = 0
    for event in yaml.parse(text):
        if isinstance(event, AliasEvent):
            seen += 1
            if seen == number:
                return event.start_mark
    return None


def parse_round_trip(text: str):
    """The document as ruamel round-trip nodes, keeping comments, order and quoting."""
    from ruamel.yaml import YAML

    return YAML(typ="rt").load(text)


def _resolver():
    """YAML 1.2's implicit types only: ruamel's versioned resolver looks the
    version up again for every scalar, a third of the time it takes to read a plan."""
    from ruamel.yaml.resolver import Resolver

    class Yaml12Resolver(Resolver):
        processing_version = (1, 2)

        def __init__(self, version=None, loadumper=None, loader=None):
            super().__init__(loadumper=loadumper or loader)

    return Yaml12Resolver


def _constructor():
    """The safe constructor, made safe against values it cannot build.

    A date-shaped value that is no date (``2027-02-30``) stays text, so the
    loader reports it at its key; an explicitly tagged value that cannot be
    built (``!!int abc``) is a YAML error at its position, not a crash.
    """
    from ruamel.yaml.constructor import ConstructorError, SafeConstructor

    class Constructor(SafeConstructor):
        def construct_yaml_timestamp(self, node, values=None):
            try:
                return super().construct_yaml_timestamp(node, values)
            except (ValueError, OverflowError):
                return self.construct_scalar(node)

        def construct_non_recursive_object(self, node, tag=None):
            try:
                return super().construct_non_recursive_object(node, tag)
            except (ValueError, KeyError, TypeError, OverflowError):
                shown = str(node.tag).replace("tag:yaml.org,2002:", "!!")
                raise ConstructorError(None, None, f"cannot read this value as {shown}",
                                       node.start_mark) from None

    Constructor.add_constructor("tag:yaml.org,2002:timestamp", Constructor.construct_yaml_timestamp)
    return Constructor


def _syntax_problem(error, filename: str) -> Problem:
    mark = error.problem_mark or error.context_mark
    line, column = (mark.line + 1, mark.column + 1) if mark else (0, 0)
    problem = (error.problem or "invalid YAML").split(" with value ")[0]
    context = f" {error.context}" if error.context and "duplicate" not in problem else ""
    return Problem(filename, line, column, "", f"YAML syntax: {problem}{context}")


def format_path(path: Path_) -> str:
    """``('tasks', 3, 'owner')`` as ``tasks[3].owner``."""
    text = ""
    for part in path:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return text


def position(root, path: Path_, at_key: bool = False) -> tuple[int, int]:
    """Where the value at ``path`` starts (or its key, with ``at_key``).

    When the path does not exist all the way down, the position of the
    deepest node that does exist is given: for a missing key, its mapping.
    """
    node, where = root, (1, 1)
    for depth, part in enumerate(path):
        last = depth == len(path) - 1
        found = _child_position(node, part, at_key and last)
        if found is None:
            return _node_start(node) or where
        where, node = found, node[part]
    return where


def _child_position(node, part, at_key: bool) -> tuple[int, int] | None:
    lc = getattr(node, "lc", None)
    if lc is None:
        return None
    try:
        if isinstance(part, int):
            if not 0 <= part < len(node):
                return None
            line, column = lc.item(part)
        elif part in node:
            # an empty value has no token of its own: point at its key
            empty = node[part] is None
            line, column = lc.key(part) if at_key or empty else lc.value(part)
        else:
            return None
    except (KeyError, TypeError, AttributeError):
        return None
    return line + 1, column + 1


def _node_start(node) -> tuple[int, int] | None:
    lc = getattr(node, "lc", None)
    if lc is None or lc.line is None:
        return None
    return lc.line + 1, lc.col + 1
