"""YAML composed into plain dicts and lists that remember their positions.

Reading a plan only needs values and where they stand, not comments, so the
document is composed with ruamel.yaml's C parser (about ten times faster than
its round-trip loader) and built into :class:`Mapping` and :class:`Sequence`
objects that answer ``.lc`` like ruamel's round-trip types (0-based
``line``/``col``, ``key(k)``, ``value(k)``, ``item(i)``). Write-backs, which
must keep comments and quoting, use the round-trip loader instead.

Building is also where a hostile document is stopped (:class:`Refused`): an
alias shares its value rather than copying it, but everything that later
walks the plan (a page, a PDF) would repeat it, so what aliases repeat is
counted as if expanded; an alias may not make the plan contain itself, nor
nest deeper than the document may; and no text may hold a control character
written as an escape.
"""

from __future__ import annotations

import re

MAP_TAG = "tag:yaml.org,2002:map"
SEQ_TAG = "tag:yaml.org,2002:seq"
MERGE_TAG = "tag:yaml.org,2002:merge"


class Positions:
    """Where a collection and its children start (0-based, as ruamel's ``lc``)."""

    __slots__ = ("line", "col", "keys", "values")

    def __init__(self, mark):
        self.line, self.col = mark.line, mark.column
        self.keys: dict = {}
        self.values: dict = {}

    def key(self, key) -> tuple[int, int]:
        """Line and column of a mapping key."""
        return self.keys[key]

    def value(self, key) -> tuple[int, int]:
        """Line and column of the value of a mapping key."""
        return self.values[key]

    def item(self, index: int) -> tuple[int, int]:
        """Line and column of a sequence item."""
        return self.values[index]


class Mapping(dict):
    """A YAML mapping with the positions of its keys and values."""

    __slots__ = ("lc",)


class Sequence(list):
    """A YAML sequence with the positions of its items."""

    __slots__ = ("lc",)


NOT_IN_TEXT = "[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]"
"""What no text of a plan may hold: control characters other than tab and line
feed (so carriage return too), DEL, the C1 controls, lone surrogates and the
non-characters U+FFFE/U+FFFF. They can only get into a value through an
escape of a double-quoted string (``"\\e"``): YAML refuses them raw. A pattern,
compiled only when a value is not all printable."""


def character_name(character: str) -> str:
    """``U+001B (a control character)``: a character that may not be shown as it is."""
    code = ord(character)
    if 0xD800 <= code <= 0xDFFF:
        kind = "a lone surrogate"
    elif code in (0xFFFE, 0xFFFF):
        kind = "a non-character"
    else:
        kind = "a control character"
    return f"U+{code:04X} ({kind})"


def _check_text(value, node) -> None:
    """Refuse a control character that an escape put in the text ``value`` of ``node``."""
    if isinstance(value, str) and not value.isprintable():
        found = re.search(NOT_IN_TEXT, value)
        if found:
            raise Refused(f"{character_name(found.group())} is not allowed in text; "
                          "remove the escape that writes it", node.start_mark)


class DuplicateKey(Exception):
    """A mapping names the same key twice (YAML forbids it)."""

    def __init__(self, key, mark):
        super().__init__(f'found duplicate key "{key}"')
        self.mark = mark


class Unreadable(Exception):
    """A node that cannot be built into a plain value (a key that is a list ...)."""

    def __init__(self, message: str, mark):
        super().__init__(message)
        self.mark = mark


class Refused(Exception):
    """A document a plan may not be: too deep, aliases repeating too much, a control character.

    ``mark`` is where (None until known: the tree keeps no position for an
    alias, so ``alias`` then says which one it is, counting from 1 in document
    order); ``path`` the keys and indexes down to it, filled in on the way out.
    """

    def __init__(self, message: str, mark=None, alias: int | None = None, with_path: bool = True):
        super().__init__(message)
        self.message = message
        self.mark = mark
        self.alias = alias
        self.path: list = []
        self.with_path = with_path
        """Whether the path is worth showing (not 64 levels of ``[0]``)."""

    @classmethod
    def too_deep(cls, max_depth: int, mark) -> Refused:
        """Lists and mappings nest deeper than ``max_depth`` at ``mark``."""
        return cls(f"lists and mappings nest more than {max_depth} levels deep here; "
                   "a plan needs far fewer", mark, with_path=False)


def build(node, construct_scalar, max_depth: int = 64, alias_budget: int = 1 << 20):
    """The plain value of a composed ``node``; scalars via ``construct_scalar``.

    The node may nest no deeper than ``max_depth``, also through its aliases
    (its composing is up to the caller), nor may its aliases repeat more than
    ``alias_budget`` characters in all, nor refer to a collection from inside
    it. Raises DuplicateKey, Unreadable or Refused.
    """
    return _Builder(construct_scalar, max_depth, alias_budget).value(node, 0)


class _Builder:
    def __init__(self, construct_scalar, max_depth: int, alias_budget: int):
        self.construct_scalar = construct_scalar
        self.max_depth = max_depth
        self.alias_budget = alias_budget
        self.built: dict[int, object] = {}
        """Every node met so far (by id): meeting one again is meeting an alias."""
        self.open: set[int] = set()
        """The collections being built: an alias to one would make the plan contain itself."""
        self.measured: dict[int, tuple[int, int]] = {}
        """Characters and nesting of the nodes aliases led to."""
        self.aliases = 0
        self.repeated = 0

    def value(self, node, depth: int):
        """The value of ``node``, nested ``depth`` collections deep; in document order."""
        if id(node) in self.built:
            return self._alias(node, depth)
        kind = node.id
        if kind == "scalar":
            value = self.built[id(node)] = self.construct_scalar(node)
            if node.style == '"':  # only double-quoted text has escapes
                _check_text(value, node)
            return value
        if kind == "sequence" and node.tag == SEQ_TAG:
            return self._sequence(node, depth)
        if kind == "mapping" and node.tag == MAP_TAG:
            return self._mapping(node, depth)
        shown = str(node.tag).replace("tag:yaml.org,2002:", "!!")
        raise Unreadable(f"cannot read this value as {shown}", node.start_mark)

    def _open(self, node, depth: int) -> None:
        """Start building a collection nested ``depth`` deep."""
        if depth >= self.max_depth:
            raise Refused.too_deep(self.max_depth, node.start_mark)
        self.open.add(id(node))

    def _sequence(self, node, depth: int) -> Sequence:
        self._open(node, depth)
        items = self.built[id(node)] = Sequence()
        items.lc = Positions(node.start_mark)
        for index, child in enumerate(node.value):
            items.lc.values[index] = (child.start_mark.line, child.start_mark.column)
            try:
                items.append(self.value(child, depth + 1))
            except Refused as error:
                error.path.insert(0, index)
                raise
        self.open.discard(id(node))
        return items

    def _mapping(self, node, depth: int) -> Mapping:
        self._open(node, depth)
        mapping = self.built[id(node)] = Mapping()
        mapping.lc = Positions(node.start_mark)
        merged = []
        for key_node, value_node in node.value:
            if key_node.tag == MERGE_TAG:  # built now, in document order; merged at the end
                self._value_of(value_node, depth + 1, "<<")
                merged.append(value_node)
                continue
            key = self._key(key_node, depth + 1)
            if key in mapping:
                raise DuplicateKey(key, key_node.start_mark)
            mapping.lc.keys[key] = (key_node.start_mark.line, key_node.start_mark.column)
            mapping.lc.values[key] = (value_node.start_mark.line, value_node.start_mark.column)
            mapping[key] = self._value_of(value_node, depth + 1, key)
        for value_node in merged:
            self._merge(mapping, value_node)
        self.open.discard(id(node))
        return mapping

    def _value_of(self, node, depth: int, key):
        """The value of a mapping's ``key``; a refusal inside it learns the key."""
        try:
            return self.value(node, depth)
        except Refused as error:
            error.path.insert(0, key)
            raise

    def _key(self, node, depth: int):
        if node.id != "scalar":
            raise Unreadable("a key must be plain text, not a list or mapping", node.start_mark)
        return self.value(node, depth)

    def _merge(self, mapping: Mapping, node) -> None:
        sources = node.value if node.id == "sequence" else [node]
        for source in sources:
            built = self.built.get(id(source))
            if not isinstance(built, Mapping):
                raise Unreadable("a merge (<<) takes a mapping or a list of mappings",
                                 source.start_mark)
            for key, value in built.items():
                if key not in mapping:
                    mapping[key] = value
                    mapping.lc.keys[key] = built.lc.keys[key]
                    mapping.lc.values[key] = built.lc.values[key]

    # -- aliases -------------------------------------------------------------

    def _alias(self, node, depth: int):
        self.aliases += 1
        if id(node) in self.open:
            kind = "list" if node.id == "sequence" else "mapping"
            raise Refused(f"this alias refers to the {kind} it is in, so the plan would contain "
                          "itself; write the value out", alias=self.aliases)
        characters, nesting = self._measure(node)
        if depth + nesting > self.max_depth:
            raise Refused(f"through this alias, lists and mappings nest more than {self.max_depth} "
                          "levels deep", alias=self.aliases)
        self.repeated += characters
        if self.repeated > self.alias_budget:
            raise Refused(f"aliases repeat more than {_amount(self.alias_budget)} of text in all "
                          f"(this one brings it to {_amount(self.repeated)}); write less "
                          "through aliases", alias=self.aliases)
        return self.built[id(node)]

    def _measure(self, node) -> tuple[int, int]:
        """Characters ``node`` stands for, aliases expanded, and how deep it nests.

        Recursion follows the tree itself only: a node reached through an
        alias inside ``node`` was measured when that alias was met.
        """
        known = self.measured.get(id(node))
        if known is not None:
            return known
        if node.id == "scalar":
            found = (len(node.value) + 1, 0)
        else:
            children = [child for pair in node.value for child in pair] \
                if node.id == "mapping" else node.value
            sizes = [self._measure(child) for child in children]
            found = (1 + sum(size for size, _ in sizes), 1 + max((n for _, n in sizes), default=0))
        self.measured[id(node)] = found
        return found


def _amount(characters: int) -> str:
    if characters >= 1 << 20:
        return f"{characters / (1 << 20):.1f} MiB"
    return f"{-(-characters // 1024)} KiB"
