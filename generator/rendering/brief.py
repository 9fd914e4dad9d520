"""The economic buyer's brief, as facts: what one page can say to a CFO.

:class:`Brief` reads a :class:`~generator.rendering.room.DealRoom` (a buyer plan, so no
internal field exists) in the order a CFO reads: the decision and its date,
why (objectives, metrics, the cost of waiting), what is needed from the
economic buyer and the other executives, the decision timeline (gates,
signature, go-live, with the projected date where it differs from the plan;
dates only, never health findings) and the top shared risks.

Every list is cut to a :class:`Budget` and says what it left out ("and 4 more
steps in the full plan"); :mod:`generator.writers.brief` picks the roomiest
budget whose page fits one sheet (from one layout and an estimate, see
:mod:`generator.rendering.brief_fit`).
"""

from __future__ import annotations

import datetime as dt
from functools import cached_property

from generator.record import Record

EXECUTIVE_ROLES = ("economic_buyer", "executive", "finance")
"""Buyer roles the brief speaks to, most senior first."""
EXECUTIVE_KINDS = ("executive_approval", "signature")
"""Whoever owns one of these steps is asked for it, whatever their role."""
RISK_ORDER = {"open": 0, "mitigated": 1}
"""Risks in the brief: open ones first; closed ones are left out."""
MAX_RISKS = 3


class Budget(Record):
    """How much of each list the brief shows."""

    objectives: int
    metrics: int
    """Metrics per objective."""
    dates: int
    """Gates shown in the timeline besides signature and go-live."""
    asks: int
    """Open executive steps, all executives together."""
    risks: int
    text: int
    """Characters of a paragraph (the reason for the date, the cost of waiting)."""
    line: int
    """Characters of a step title, a consequence or a mitigation."""
    label: int
    """Characters of a job title or a gate's name."""
    consequences: bool = True
    """Whether each executive step says what happens if it slips."""


BUDGETS = (
    Budget(objectives=3, metrics=3, dates=8, asks=6, risks=3, text=420, line=150, label=80),
    Budget(objectives=3, metrics=2, dates=6, asks=5, risks=3, text=300, line=110, label=60),
    Budget(objectives=3, metrics=2, dates=6, asks=5, risks=3, text=300, line=110, label=60,
           consequences=False),
    Budget(objectives=3, metrics=1, dates=6, asks=5, risks=3, text=240, line=100, label=50,
           consequences=False),
    Budget(objectives=2, metrics=1, dates=5, asks=4, risks=2, text=200, line=90, label=45,
           consequences=False),
    Budget(objectives=1, metrics=1, dates=4, asks=3, risks=1, text=160, line=70, label=40,
           consequences=False),
    Budget(objectives=1, metrics=1, dates=3, asks=2, risks=1, text=120, line=60, label=32,
           consequences=False),
)
"""From roomy to tight: the first that fits on one page wins, as estimated from
the layout of the first (on the plans tried, never more than one budget tighter
than need be)."""


class Cut(Record):
    """A list cut to a budget, and how many were left out."""

    shown: tuple
    more: int = 0


class DateLine(Record):
    """One row of the decision timeline."""

    what: str
    """The gate's name, ``Signature`` or ``Target go-live``."""
    planned: dt.date | None
    projected: dt.date | None = None
    """Where it lands at the current pace; None when that is the planned date."""
    owners: str = ""
    code: str | None = None
    done_on: dt.date | None = None
    done: bool = False
    to_confirm: bool = False
    """Whether the date is still a placeholder ("to confirm" in the deal room)."""
    executive: bool = False
    """Whether an executive owns it (kept first when the list is cut)."""


class Ask(Record):
    """An executive and the open steps the plan needs from them."""

    person: object
    tasks: tuple


def _due(task) -> dt.date:
    return task.due or dt.date.max


def shorten(text: str | None, limit: int) -> str:
    """``text`` as plain words, cut at a word boundary to ``limit`` characters."""
    from generator.rendering.rich_text import to_plain

    words = " ".join(to_plain(text).split())
    if len(words) <= limit:
        return words
    return words[:limit].rsplit(" ", 1)[0].rstrip(",;:.") + "…"


def cut(items, limit: int) -> Cut:
    """The first ``limit`` items."""
    items = tuple(items)
    return Cut(shown=items[:limit], more=max(len(items) - limit, 0))


class Brief:
    """The facts of the brief, for one room and one budget."""

    def __init__(self, room, budget: Budget = BUDGETS[0]):
        self.room = room
        self.plan = room.plan
        self.budget = budget

    # -- the decision --------------------------------------------------------------

    @cached_property
    def signature(self) -> dt.date | None:
        """The target signature date."""
        from generator.health.facts import PlanFacts

        return PlanFacts(self.plan, self.room.today).signature_date

    @cached_property
    def projection(self):
        """Projected dates (dates only: the brief never shows findings)."""
        from generator.health.projection import project

        return project(self.plan, self.room.today, self.signature)

    def slips(self) -> list[tuple[str, object]]:
        """``("signature", projection)`` and ``("go-live", projection)`` where the
        projected date is later than the planned one."""
        named = (("signature", self.projection.signature), ("go-live", self.projection.go_live))
        return [(name, milestone) for name, milestone in named
                if milestone and milestone.days_late]

    def projected(self, milestone) -> dt.date | None:
        """A milestone's projected date when it differs from the plan."""
        return milestone.projected if milestone and milestone.days_late else None

    @cached_property
    def executives(self) -> list:
        """Buyer executives: the economic buyer, executives, finance, and whoever
        owns an approval or signature step; most senior first."""
        owners = {o for t in self.plan.tasks if t.kind in EXECUTIVE_KINDS for o in t.owners}
        rank = {role: n for n, role in enumerate(EXECUTIVE_ROLES)}
        chosen = [p for p in self.plan.people
                  if p.side == "buyer" and (p.role in rank or p.id in owners)]
        return sorted(chosen, key=lambda p: rank.get(p.role, len(rank)))

    def addressees(self) -> str:
        """``Tomas Lindqvist and Renata Alves``, or ``A, B and 2 more``."""
        names = [p.name for p in self.executives]
        if len(names) > 2:
            return f"{names[0]}, {names[1]} and {len(names) - 2} more"
        return " and ".join(names)

    # -- why -----------------------------------------------------------------------

    def objectives(self) -> Cut:
        """Objectives with their metrics, each cut to the budget."""
        return cut(((o, cut(o.metrics, self.budget.metrics)) for o in self.plan.objectives),
                   self.budget.objectives)

    def text(self, markdown: str | None) -> str:
        """A paragraph cut to the budget."""
        return shorten(markdown, self.budget.text)

    def line(self, markdown: str | None) -> str:
        """A title or a one-line note cut to the budget."""
        return shorten(markdown, self.budget.line)

    def label(self, text: str | None) -> str:
        """A job title or a gate's name cut to the budget."""
        return shorten(text, self.budget.label)

    # -- what is needed from the executives ----------------------------------------

    def asks(self) -> Cut:
        """Each executive with open steps and those steps in date order. When the
        list is cut, every executive keeps one step before anyone gets a second,
        and approval, signature and gates are kept before other steps."""
        queues = [(p, self._open_steps(p)) for p in self.executives]
        queues = [(p, steps) for p, steps in queues if steps]
        shown: dict[str, list] = {p.id: [] for p, _ in queues}
        budget, depth = self.budget.asks, 0
        while budget and any(len(steps) > depth for _, steps in queues):
            for person, steps in queues:
                if budget and len(steps) > depth:
                    shown[person.id].append(steps[depth])
                    budget -= 1
            depth += 1
        total = sum(len(steps) for _, steps in queues)
        asks = tuple(Ask(person=p, tasks=tuple(sorted(shown[p.id], key=_due))) for p, _ in queues
                     if shown[p.id])
        return Cut(shown=asks, more=total - sum(len(a.tasks) for a in asks))

    def _open_steps(self, person) -> list:
        """Open steps by weight (approval and signature, then gates, then the
        rest), then by date."""
        steps = [t for t in self.plan.tasks if person.id in t.owners and not t.is_done]
        return sorted(steps, key=lambda t: (t.kind not in EXECUTIVE_KINDS, not t.gate, _due(t)))

    # -- the decision timeline ---------------------------------------------------------

    def dates(self) -> Cut:
        """Gates, signature and go-live in date order; signature and go-live are
        always shown, then open gates before done ones, executives' gates
        before the others, the nearest first."""
        gates = [self._gate(t) for t in self.room.gates()]
        anchors = [line for line in (self._signature_line(gates), self._go_live_line()) if line]
        kept = sorted((g for g in gates if g not in anchors),
                      key=lambda g: (g.done, not g.executive, g.planned or dt.date.max))
        kept = kept[:self.budget.dates]
        shown = sorted(kept + anchors, key=lambda g: g.planned or dt.date.max)
        every = gates + [line for line in anchors if line not in gates]
        return Cut(shown=tuple(shown), more=len(every) - len(shown))

    def _gate(self, task) -> DateLine:
        projected = self.projection.tasks.get(task.id)
        late = projected and task.due and projected > task.due and not task.is_done
        return DateLine(what=task.gate, planned=task.due, projected=projected if late else None,
                        owners=self.room.owner_names(task), code=self.room.code(task),
                        done_on=task.done_on, done=task.is_done,
                        to_confirm=bool(task.due) and not task.is_committed and not task.is_done,
                        executive=self._is_executive_step(task))

    def _is_executive_step(self, task) -> bool:
        ids = {p.id for p in self.executives}
        return task.kind in EXECUTIVE_KINDS or any(o in ids for o in task.owners)

    def _signature_line(self, gates: list[DateLine]) -> DateLine | None:
        signing = [t for t in self.plan.tasks if t.kind == "signature" and t.gate]
        if signing:
            return next(g for g in gates if g.code == self.room.code(signing[-1]))
        if self.signature is None:
            return None
        return DateLine(what="Signature", planned=self.signature,
                        projected=self.projected(self.projection.signature),
                        owners=" and ".join(p.name for p in self.room.signers))

    def _go_live_line(self) -> DateLine:
        return DateLine(what="Target go-live", planned=self.plan.deal.go_live,
                        projected=self.projected(self.projection.go_live),
                        owners=self.plan.deal.buyer)

    # -- risks ---------------------------------------------------------------------

    def risks(self) -> Cut:
        """Shared risks that are not closed, open ones first, at most three."""
        live = sorted((r for r in self.plan.risks if r.status in RISK_ORDER),
                      key=lambda r: RISK_ORDER[r.status])
        return cut(live, min(self.budget.risks, MAX_RISKS))
