"""YAML composed into plain dicts and lists that remember their positions.

Reading a plan only needs values and where they stand, not comments, so the
document is composed with ruamel.yaml's C parser (about ten times faster than
its round-trip loader) and built into :class:`Mapping` and :class:`Sequence`
objects that answer ``.lc`` like ruamel's round-trip types (0-based
``line``/``col``, ``key(k)``, ``value(k)``, ``item(i)``). Write-backs, which
must keep comments and quoting, use the round-trip loader instead.
"""

from __future__ import annotations

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


def build(node, construct_scalar):
    """The plain value of a composed ``node``; scalars via ``construct_scalar``."""
    return _Builder(construct_scalar).value(node)


class _Builder:
    def __init__(self, construct_scalar):
        self.construct_scalar = construct_scalar
        self.built: dict[int, object] = {}

    def value(self, node):
        if id(node) in self.built:
            return self.built[id(node)]
        kind = node.id
        if kind == "scalar":
            return self.construct_scalar(node)
        if kind == "sequence" and node.tag == SEQ_TAG:
            return self._sequence(node)
        if kind == "mapping" and node.tag == MAP_TAG:
            return self._mapping(node)
        shown = str(node.tag).replace("tag:yaml.org,2002:", "!!")
        raise Unreadable(f"cannot read this value as {shown}", node.start_mark)

    def _sequence(self, node) -> Sequence:
        items = self.built[id(node)] = Sequence()
        items.lc = Positions(node.start_mark)
        for index, child in enumerate(node.value):
            items.lc.values[index] = (child.start_mark.line, child.start_mark.column)
            items.append(self.value(child))
        return items

    def _mapping(self, node) -> Mapping:
        mapping = self.built[id(node)] = Mapping()
        mapping.lc = Positions(node.start_mark)
        merged = []
        for key_node, value_node in node.value:
            if key_node.tag == MERGE_TAG:
                merged.append(value_node)
                continue
            key = self._key(key_node)
            if key in mapping:
                raise DuplicateKey(key, key_node.start_mark)
            mapping.lc.keys[key] = (key_node.start_mark.line, key_node.start_mark.column)
            mapping.lc.values[key] = (value_node.start_mark.line, value_node.start_mark.column)
            mapping[key] = self.value(value_node)
        for value_node in merged:
            self._merge(mapping, value_node)
        return mapping

    def _key(self, node):
        if node.id != "scalar":
            raise Unreadable("a key must be plain text, not a list or mapping", node.start_mark)
        return self.construct_scalar(node)

    def _merge(self, mapping: Mapping, node) -> None:
        sources = node.value if node.id == "sequence" else [node]
        for source in sources:
            built = self.value(source)
            if not isinstance(built, Mapping):
                raise Unreadable("a merge (<<) takes a mapping or a list of mappings",
                                 source.start_mark)
            for key, value in built.items():
                if key not in mapping:
                    mapping[key] = value
                    mapping.lc.keys[key] = built.lc.keys[key]
                    mapping.lc.values[key] = built.lc.values[key]
