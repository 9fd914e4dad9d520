"""Resolving relative dates in dependency order, and finding cycles.

Keys are ``go_live``, ``signature`` and task ids (ids cannot contain an
underscore, so they never collide with the two deal anchors).
"""

from __future__ import annotations

import datetime as dt

from generator.plan.dates import OUTSIDE, RelativeDate, within_bounds

DEAL_ANCHORS = ("go_live", "signature")


class _Resolver:
    """Resolves one key at a time, walking its chain of anchors without recursion
    (a plan may chain thousands of tasks, each relative to the next)."""

    def __init__(self, rules: dict[str, dt.date | RelativeDate | None], days_off: dict):
        self.rules = rules
        self.days_off = days_off
        self.resolved: dict[str, dt.date | None] = {}
        self.failed: set[str] = set()
        self.problems: list[tuple[str, str]] = []
        self.cycles: set[frozenset[str]] = set()

    def date_of(self, key: str) -> dt.date | None:
        """The date of ``key``, resolving first every anchor it waits on."""
        chain = self._waiting(key)
        for waiting in reversed(chain):  # the anchor of each is resolved (or failed) by now
            if waiting not in self.failed:
                self._from_anchor(waiting, self.rules[waiting])
        return self.resolved.get(key)

    def _waiting(self, key: str) -> list[str]:
        """``key`` and the keys its rule reaches through anchors, up to the first
        that is known, absolute, unusable or a repeat (a cycle, then recorded)."""
        chain: list[str] = []
        current = key
        while current not in self.resolved and current not in self.failed:
            rule = self.rules.get(current)
            if not isinstance(rule, RelativeDate):
                self.resolved[current] = rule
            elif current in chain:
                self._cycle(chain[chain.index(current):])
            elif not self._anchor_is_known(current, rule):
                pass
            else:
                chain.append(current)
                current = rule.anchor
                continue
            break
        return chain

    def _anchor_is_known(self, key: str, rule: RelativeDate) -> bool:
        if rule.anchor == "signature" and rule.anchor not in self.rules:
            self._fail(key, f"'{rule}' cannot be resolved: the plan has no single signature "
                            "date; set deal.signature, or give exactly one task kind: signature")
            return False
        if rule.anchor not in self.rules:
            self._fail(key, f"unknown anchor '{rule.anchor}' in '{rule}'; "
                            "an anchor is go_live, signature or a task id")
            return False
        return True

    def _from_anchor(self, key: str, rule: RelativeDate) -> None:
        if rule.anchor in self.failed:
            self.failed.add(key)
            return
        anchor_date = self.resolved.get(rule.anchor)
        if anchor_date is None:
            self._fail(key, f"'{rule}' cannot be resolved: '{rule.anchor}' has no date")
            return
        try:
            found = rule.from_anchor(anchor_date, self.days_off.get(key))
        except OverflowError:
            found = None
        if found is None or not within_bounds(found):
            gives = f"gives {found.isoformat()}," if found else "falls"
            self._fail(key, f"'{rule}' {gives} {OUTSIDE}")
            return
        self.resolved[key] = found

    def _fail(self, key: str, message: str) -> None:
        self.failed.add(key)
        self.problems.append((key, message))

    def _cycle(self, members: list[str]) -> None:
        self.failed.update(members)
        if frozenset(members) in self.cycles:
            return
        self.cycles.add(frozenset(members))
        path = " → ".join(members + [members[0]])
        self.problems.append((members[0], f"relative dates form a cycle: {path}"))


def resolve_dates(rules: dict[str, dt.date | RelativeDate | None], days_off: dict | None = None):
    """Resolved dates for every key, and ``(key, message)`` for each problem.

    Business days of a key skip the holidays of ``days_off[key]`` (a DaysOff)
    when it has one. A key whose date cannot be resolved (unknown anchor,
    undated anchor, cycle) is absent from the result.
    """
    resolver = _Resolver(rules, days_off or {})
    for key in rules:
        resolver.date_of(key)
    return resolver.resolved, resolver.problems


def find_cycles(graph: dict[str, tuple[str, ...]]) -> list[list[str]]:
    """Each cycle of ``graph`` (node → its prerequisites) once, as a path.

    Depth first, without recursion: a plan may chain thousands of tasks.
    """
    state: dict[str, int] = {}  # 1: on the current path, 2: finished
    path: list[str] = []
    cycles: list[list[str]] = []
    for root in graph:
        if state.get(root):
            continue
        state[root] = 1
        path.append(root)
        todo = [iter(graph.get(root, ()))]
        while todo:
            for prerequisite in todo[-1]:
                if state.get(prerequisite) == 1:
                    cycles.append(path[path.index(prerequisite):] + [prerequisite])
                elif prerequisite in graph and not state.get(prerequisite):
                    state[prerequisite] = 1
                    path.append(prerequisite)
                    todo.append(iter(graph.get(prerequisite, ())))
                    break
            else:
                todo.pop()
                state[path.pop()] = 2
    return cycles


def topological_order(graph: dict[str, tuple[str, ...]]) -> list[str]:
    """Nodes with every prerequisite before its dependents (graph is acyclic); without recursion."""
    order: list[str] = []
    seen: set[str] = set()
    for root in graph:
        if root in seen:
            continue
        seen.add(root)
        todo = [(root, iter(graph.get(root, ())))]
        while todo:
            node, prerequisites = todo[-1]
            for prerequisite in prerequisites:
                if prerequisite in graph and prerequisite not in seen:
                    seen.add(prerequisite)
                    todo.append((prerequisite, iter(graph.get(prerequisite, ()))))
                    break
            else:
                todo.pop()
                order.append(node)
    return order
