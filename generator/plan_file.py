"""The plan file as YAML, read so that every key knows its position.

Only this module and :mod:`generator.yaml_tree` touch ruamel.yaml; the loader asks it for
the position of a key path and gets ``(line, column)``, both 1-based.
"""

from __future__ import annotations

from pathlib import Path

from generator.errors import PlanError, Problem, UsageError

Path_ = tuple[str | int, ...]


def read_text(path: Path) -> str:
    """The file's text; a missing or unreadable file is a usage error."""
    try:
        return path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise UsageError(f"{path}: no such file") from None
    except IsADirectoryError:
        raise UsageError(f"{path}: is a folder, not a plan file") from None
    except UnicodeDecodeError as error:
        raise PlanError([Problem(str(path), 0, 0, "", f"not UTF-8 text (byte {error.start})")]) from None
    except OSError as error:
        raise UsageError(f"{path}: cannot be read ({error.strerror})") from None


def parse(text: str, filename: str):
    """The YAML document as positioned dicts and lists; bad YAML is a PlanError.

    The C parser (libyaml) reads the plan fast; it follows YAML 1.1's grammar,
    so a document it refuses (``{url: https://x}`` in a flow mapping is valid
    YAML 1.2) is read again by ruamel's own YAML 1.2 parser, whose verdict,
    and error message, is the one that counts.
    """
    from ruamel.yaml.error import MarkedYAMLError, YAMLError

    from generator import yaml_tree

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
    except YAMLError as error:  # pragma: no cover - ruamel marks nearly all errors
        raise PlanError([Problem(filename, 0, 0, "", f"YAML error: {error}")]) from None


def _compose_and_build(text: str, fast: bool):
    from ruamel.yaml import YAML

    from generator import yaml_tree

    yaml = YAML(typ="safe", pure=not fast)
    if fast:
        yaml.Resolver = _resolver()
    yaml.Constructor = _constructor()
    node = yaml.compose(text)
    return None if node is None else yaml_tree.build(node, yaml.constructor.construct_object)


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
