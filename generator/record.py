"""Immutable records with named fields: a light stand-in for frozen dataclasses.

``dataclasses`` writes and compiles several functions for every class it
decorates, about a millisecond each; the plan model, the history and the
health report are some thirty classes, so ``dealroom check`` would spend more
time defining classes than reading the plan (see bench/README.md). A
:class:`Record` subclass lists its fields as annotations, gives defaults as
class attributes, and gets keyword or positional construction, equality,
hashing, a readable ``repr`` and immutability from this one base class.
"""

from __future__ import annotations


class Record:
    """Base class: annotated names are the fields, class attributes their defaults."""

    __slots__ = ("__dict__",)
    _fields: tuple[str, ...] = ()
    _required: frozenset[str] = frozenset()

    def __init_subclass__(cls, **kwargs):
        super().__init_subclass__(**kwargs)
        names: list[str] = []
        for klass in reversed(cls.__mro__):
            for name in vars(klass).get("__annotations__", {}):
                if not name.startswith("_") and name not in names:
                    names.append(name)
        cls._fields = tuple(names)
        cls._required = frozenset(n for n in names if not hasattr(cls, n))

    def __init__(self, *args, **kwargs):
        if len(args) > len(self._fields):
            raise TypeError(f"{type(self).__name__} takes at most {len(self._fields)} values")
        values = dict(zip(self._fields, args))
        for name, value in kwargs.items():
            if name not in self._fields or name in values:
                raise TypeError(f"{type(self).__name__}: unexpected or repeated field {name!r}")
            values[name] = value
        missing = self._required - values.keys()
        if missing:
            raise TypeError(f"{type(self).__name__} needs {', '.join(sorted(missing))}")
        self.__dict__.update(values)

    def __setattr__(self, name, value):
        raise AttributeError(f"{type(self).__name__} is immutable; use replace()")

    def __delattr__(self, name):
        raise AttributeError(f"{type(self).__name__} is immutable")

    def _values(self) -> tuple:
        return tuple(getattr(self, name) for name in self._fields)

    def __eq__(self, other):
        if type(other) is not type(self):
            return NotImplemented
        return self._values() == other._values()

    def __hash__(self):
        return hash((type(self), self._values()))

    def __repr__(self) -> str:
        shown = ", ".join(f"{name}={getattr(self, name)!r}" for name in self._fields)
        return f"{type(self).__name__}({shown})"

    def replace(self, **changes):
        """A copy with some fields changed."""
        return type(self)(**{**{n: getattr(self, n) for n in self._fields}, **changes})


def fields(record) -> tuple[str, ...]:
    """The field names of a Record class or instance, in order."""
    return record._fields
