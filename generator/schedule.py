"""Resolving relative dates in dependency order, and finding cycles.

Keys are ``go_live``, ``signature`` and task ids (ids cannot contain an
underscore, so they never collide with the two deal anchors).
"""

from __future__ import annotations

import datetime as dt

from generator.dates import OUTSIDE, RelativeDate, within_bounds

DEAL_ANCHORS = ("go_live", "signature")


class _Resolver:
    def __init__(self, rules: dict[str, dt.date | RelativeDate | None]):
        self.rules = rules
        self.resolved: dict[str, dt.date | None] = {}
        self.failed: set[str] = set()
        self.stack: list[str] = []
        self.problems: list[tuple[str, str]] = []
        self.cycles: set[frozenset[str]] = set()

    def date_of(self, key: str) -> dt.date | None:
        if key in self.resolved or key in self.failed:
            return self.resolved.get(key)
        if key in self.stack:
            self._cycle(key)
            return None
        rule = self.rules.get(key)
        if isinstance(rule, RelativeDate):
            self.stack.append(key)
            value = self._from_anchor(key, rule)
            self.stack.pop()
        else:
            value = rule
        if key not in self.failed:
            self.resolved[key] = value
        return value

    def _from_anchor(self, key: str, rule: RelativeDate) -> dt.date | None:
        if rule.anchor == "signature" and rule.anchor not in self.rules:
            self._fail(key, f"'{rule}' cannot be resolved: the plan has no single signature "
                            "date; set deal.signature, or give exactly one task kind: signature")
            return None
        if rule.anchor not in self.rules:
            self._fail(key, f"unknown anchor '{rule.anchor}' in '{rule}'; "
                            "an anchor is go_live, signature or a task id")
            return None
        anchor_date = self.date_of(rule.anchor)
        if rule.anchor in self.failed:
            self.failed.add(key)
            return None
        if anchor_date is None:
            self._fail(key, f"'{rule}' cannot be resolved: '{rule.anchor}' has no date")
            return None
        try:
            found = rule.from_anchor(anchor_date)
        except OverflowError:
            found = None
        if found is None or not within_bounds(found):
            gives = f"gives {found.isoformat()}," if found else "falls"
            self._fail(key, f"'{rule}' {gives} {OUTSIDE}")
            return None
        return found

    def _fail(self, key: str, message: str) -> None:
        self.failed.add(key)
        self.problems.append((key, message))

    def _cycle(self, key: str) -> None:
        members = self.stack[self.stack.index(key):]
        self.failed.update(members)
        if frozenset(members) in self.cycles:
            return
        self.cycles.add(frozenset(members))
        path = " → ".join(members + [key])
        self.problems.append((members[0], f"relative dates form a cycle: {path}"))


def resolve_dates(rules: dict[str, dt.date | RelativeDate | None]):
    """Resolved dates for every key, and ``(key, message)`` for each problem.

    A key whose date cannot be resolved (unknown anchor, undated anchor,
    cycle) is absent from the result.
    """
    resolver = _Resolver(rules)
    for key in rules:
        resolver.date_of(key)
    return resolver.resolved, resolver.problems


def find_cycles(graph: dict[str, tuple[str, ...]]) -> list[list[str]]:
    """Each cycle of ``graph`` (node → its prerequisites) once, as a path."""
    state: dict[str, int] = {}  # 1: on the current path, 2: finished
    stack: list[str] = []
    cycles: list[list[str]] = []

    def visit(node: str) -> None:
        state[node] = 1
        stack.append(node)
        for prerequisite in graph.get(node, ()):
            if state.get(prerequisite) == 1:
                cycles.append(stack[stack.index(prerequisite):] + [prerequisite])
            elif prerequisite in graph and not state.get(prerequisite):
                visit(prerequisite)
        stack.pop()
        state[node] = 2

    for node in graph:
        if not state.get(node):
            visit(node)
    return cycles


def topological_order(graph: dict[str, tuple[str, ...]]) -> list[str]:
    """Nodes with every prerequisite before its dependents (graph is acyclic)."""
    order: list[str] = []
    seen: set[str] = set()

    def visit(node: str) -> None:
        seen.add(node)
        for prerequisite in graph.get(node, ()):
            if prerequisite in graph and prerequisite not in seen:
                visit(prerequisite)
        order.append(node)

    for node in graph:
        if node not in seen:
            visit(node)
    return order
