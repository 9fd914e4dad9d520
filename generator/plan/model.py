"""The plan: one model in the middle, read from YAML and rendered by writers.

Every seller-only value lives in a field that the buyer's classes do not
have. ``Task`` is a ``TaskForBuyer`` plus ``internal``; ``Plan.for_buyer()``
builds a :class:`BuyerPlan` out of the ``...ForBuyer`` classes only, and drops
risks, assumptions and freezes marked ``shared: false``; the holiday calendars
stay seller-side (the dates they shaped are what the buyer sees). A buyer-facing writer takes a
``BuyerPlan`` and so cannot reach internal data by accident.

Dates are resolved: ``due`` is the date to show; ``due_written`` keeps the
rule the seller wrote (``sec-questionnaire + 10bd``) when it was relative.
"""

from __future__ import annotations

import datetime as dt
from generator.record import Record, fields

FORMAT_VERSION = 1
SIDES = ("buyer", "seller")
BUYER_ROLES = ("champion", "economic_buyer", "technical", "security", "legal",
               "procurement", "finance", "executive", "user", "other")
SELLER_ROLES = ("account_executive", "solutions_engineer", "sales_manager",
                "executive", "legal", "security", "other")
ROLES = {"buyer": BUYER_ROLES, "seller": SELLER_ROLES}
STATUSES = ("not_started", "in_progress", "done", "blocked")
COMMITMENTS = ("committed", "placeholder")
KINDS = ("business_case", "technical_validation", "security_review", "legal_review",
         "procurement", "executive_approval", "signature", "kickoff")
RISK_STATUSES = ("open", "mitigated", "closed")
FREEZE_SIDES = ("buyer", "seller", "both")


class Metric(Record):
    """How success is measured: ``Days to first closed deal: 90 days → 45 days``."""

    name: str
    """What is measured."""
    baseline: str | None = None
    """Where the buyer is today, as written (``90 days``)."""
    target: str | None = None
    """Where the buyer wants to be (``45 days``)."""


class Objective(Record):
    """Why the buyer is doing this at all."""

    title: str
    """The objective in the buyer's words."""
    detail: str | None = None
    """Markdown explanation."""
    metrics: tuple[Metric, ...] = ()
    """How the buyer will know it worked."""


class Acceptance(Record):
    """The buyer recognised the plan as their own path to a decision."""

    by: str
    """Person id of the buyer who accepted."""
    on: dt.date
    """When they accepted."""


class DealForBuyer(Record):
    """The deal as the buyer may see it."""

    id: str
    """Stable slug; every output and stored revision is keyed by it."""
    title: str
    """Display title, usually ``Buyer × Seller``."""
    buyer: str
    """The buying organisation."""
    seller: str
    """The selling organisation."""
    go_live: dt.date
    """The buyer's target live or contract-start date: the anchor of the plan."""
    go_live_reason: str | None = None
    """The buyer's forcing function: why that date."""
    signature: dt.date | None = None
    """Target signature date, resolved."""
    signature_written: str | None = None
    """The signature rule as written, when it was relative (``go_live - 4w``)."""
    accepted: Acceptance | None = None
    """Whether and when the buyer accepted the plan."""
    current_link: str | None = None
    """Public address of the current version of the deal room."""


class Deal(DealForBuyer):
    """The deal with the seller's private note."""

    internal: str | None = None
    """Seller-only: forecast category, value, strategy."""


class Assessment(Record):
    """The seller's private read of a person. Never shown to a buyer."""

    power: str | None = None
    """Influence on the decision (``decision maker``, ``influencer`` ...)."""
    engagement: str | None = None
    """How engaged they are (``engaged``, ``neutral``, ``unknown`` ...)."""
    notes: str | None = None
    """Anything else the seller wants to remember."""


class PersonForBuyer(Record):
    """A named human on either side, as the buyer may see them."""

    id: str
    """Slug used as ``owner`` in tasks."""
    name: str
    """Full name."""
    side: str
    """``buyer`` or ``seller``."""
    role: str
    """Part in the decision: one of :data:`BUYER_ROLES` or :data:`SELLER_ROLES`."""
    title: str | None = None
    """Job title."""
    email: str | None = None
    """Work e-mail address."""


class Person(PersonForBuyer):
    """A person with the seller's private assessment."""

    internal: Assessment | None = None
    """Seller-only assessment of power, engagement and notes."""


class Workstream(Record):
    """A swimlane of the plan, in display order."""

    id: str
    """Slug used by tasks."""
    name: str
    """Display name."""


class TaskForBuyer(Record):
    """One step on the path to a decision, as the buyer may see it."""

    id: str
    """Stable slug, unique in the plan."""
    title: str
    """A concrete action: ``Northwind legal returns first-round redlines``."""
    workstream: str
    """Workstream id."""
    owners: tuple[str, ...]
    """Person ids: one owner, or one on each side for a shared task."""
    side: str
    """``buyer``, ``seller`` or ``shared``: the side of the owners."""
    due: dt.date | None = None
    """Resolved due date; None when the task is undated."""
    due_written: str | None = None
    """The due rule as written, when it was relative."""
    commitment: str = "placeholder"
    """``committed`` or ``placeholder`` (the ``date`` key of the file)."""
    status: str = "not_started"
    """``not_started``, ``in_progress``, ``done`` or ``blocked``."""
    done_on: dt.date | None = None
    """When it was actually done."""
    kind: str | None = None
    """One of the standard steps in :data:`KINDS`, if it is one."""
    gate: str | None = None
    """Name of the decision gate this task closes, if any."""
    depends_on: tuple[str, ...] = ()
    """Ids of tasks that must be done first."""
    if_missed: str | None = None
    """What happens if it is not done on time."""
    notes: str | None = None
    """Buyer-visible Markdown."""

    @property
    def is_done(self) -> bool:
        """Whether the task is finished."""
        return self.status == "done"

    @property
    def is_buyer_owned(self) -> bool:
        """Whether a buyer owns it (alone or shared with the seller)."""
        return self.side in ("buyer", "shared")

    @property
    def is_committed(self) -> bool:
        """Whether both sides have committed to the date."""
        return self.commitment == "committed"


class Task(TaskForBuyer):
    """A task with the seller's private note."""

    internal: str | None = None
    """Seller-only note."""


class RiskForBuyer(Record):
    """Something that could stop the deal, shared with the buyer."""

    id: str
    """Slug."""
    title: str
    """The risk in one line."""
    owner: str | None = None
    """Person id of whoever manages it."""
    mitigation: str | None = None
    """What is being done about it."""
    status: str = "open"
    """``open``, ``mitigated`` or ``closed``."""


class Risk(RiskForBuyer):
    """A risk with its visibility and the seller's note."""

    shared: bool = True
    """False: the whole risk is seller-only."""
    internal: str | None = None
    """Seller-only note."""


class AssumptionForBuyer(Record):
    """Something the plan takes for granted: what are we pretending to know?"""

    text: str
    """The assumption."""
    owner: str | None = None
    """Person id of whoever confirms it."""
    confirm_by: dt.date | None = None
    """When it must be confirmed."""
    confirmed_on: dt.date | None = None
    """When it was confirmed; None while it is still an assumption."""


class Assumption(AssumptionForBuyer):
    """An assumption with its visibility and the seller's note."""

    shared: bool = True
    """False: the whole assumption is seller-only."""
    internal: str | None = None
    """Seller-only note."""


class HolidayCalendar(Record):
    """The public holidays of one side: a country and, optionally, one of its subdivisions."""

    country: str
    """Country code as the ``holidays`` package spells it: ``US``, ``GB``, ``DE``."""
    subdivision: str | None = None
    """State, province or nation code: ``CA``, ``ENG``, ``BY``."""

    def __str__(self) -> str:
        return self.country if self.subdivision is None else f"{self.country}-{self.subdivision}"


class Holidays(Record):
    """Whose holidays business days skip: each side works to its own calendar."""

    buyer: HolidayCalendar | None = None
    """The buyer's holidays, or None: only weekends are days off."""
    seller: HolidayCalendar | None = None
    """The seller's holidays, or None."""

    def of(self, side: str) -> tuple[HolidayCalendar, ...]:
        """The calendars of a task's ``side``: a shared task (or the deal) keeps both sides'."""
        sides = ("buyer", "seller") if side in ("shared", "both") else (side,)
        return tuple(c for c in (getattr(self, s) for s in sides) if c is not None)


class FreezeForBuyer(Record):
    """Days in which one side makes no changes (a change freeze, a year-end close)."""

    first_day: dt.date
    """The first day of the freeze (``from`` in the file)."""
    last_day: dt.date
    """The last day of the freeze, included (``to`` in the file)."""
    reason: str
    """What the freeze is, in the words of the side that declared it."""
    side: str = "buyer"
    """``buyer``, ``seller`` or ``both``: whose steps it holds up."""

    def covers(self, day: dt.date) -> bool:
        """Whether ``day`` is one of the freeze's days."""
        return self.first_day <= day <= self.last_day

    def holds(self, task_side: str) -> bool:
        """Whether it holds up a step of ``task_side`` (a shared step: any freeze)."""
        return self.side == "both" or task_side == "shared" or self.side == task_side


class Freeze(FreezeForBuyer):
    """A freeze with its visibility."""

    shared: bool = True
    """False: the freeze is seller-only (the seller's own freeze the buyer need not see)."""


class Branding(Record):
    """How the deal room looks for this deal. All of it is buyer-visible."""

    theme: str | None = None
    """Theme name (``default``, ``print``) or None for the command's choice."""
    accent: str | None = None
    """Accent colour as ``#rrggbb``, overriding the theme's."""
    buyer_logo: str | None = None
    """Path of the buyer's logo (PNG, JPEG or SVG), relative to the plan file."""
    seller_logo: str | None = None
    """Path of the seller's logo, relative to the plan file."""
    paper: str | None = None
    """``A4`` or ``Letter`` for the PDF."""
    locale: str | None = None
    """Locale of dates, such as ``en_GB`` or ``de_DE``."""


class _Lookups:
    """Finding people and tasks by id, for both views of a plan."""

    __slots__ = ()

    def person(self, person_id: str):
        """The person with this id, or None."""
        return next((p for p in self.people if p.id == person_id), None)

    def task(self, task_id: str):
        """The task with this id, or None."""
        return next((t for t in self.tasks if t.id == task_id), None)


class BuyerPlan(_Lookups, Record):
    """The plan as a buyer may see it: no internal field exists here."""

    deal: DealForBuyer
    objectives: tuple[Objective, ...]
    cost_of_inaction: str | None
    people: tuple[PersonForBuyer, ...]
    workstreams: tuple[Workstream, ...]
    tasks: tuple[TaskForBuyer, ...]
    risks: tuple[RiskForBuyer, ...]
    assumptions: tuple[AssumptionForBuyer, ...]
    branding: Branding = Branding()
    freezes: tuple[FreezeForBuyer, ...] = ()


class Plan(_Lookups, Record):
    """The whole plan, seller-side: everything the file says, dates resolved."""

    deal: Deal
    """The deal."""
    objectives: tuple[Objective, ...]
    """Why the buyer is doing this (at least one)."""
    cost_of_inaction: str | None
    """Markdown: what waiting costs the buyer."""
    people: tuple[Person, ...]
    """Everyone involved, both sides."""
    workstreams: tuple[Workstream, ...]
    """Swimlanes in display order."""
    tasks: tuple[Task, ...]
    """The steps, in file order."""
    risks: tuple[Risk, ...] = ()
    """Risks, shared or not."""
    assumptions: tuple[Assumption, ...] = ()
    """Assumptions, shared or not."""
    branding: Branding = Branding()
    """Theme, accent colour, logos, paper and locale of the deal room."""
    holidays: Holidays = Holidays()
    """Each side's public holidays, which business days skip (seller-side only)."""
    freezes: tuple[Freeze, ...] = ()
    """Declared freezes, shared or not."""

    def for_buyer(self) -> BuyerPlan:
        """The plan with every seller-only value left out."""
        return BuyerPlan(
            deal=_public(self.deal, DealForBuyer),
            objectives=self.objectives,
            cost_of_inaction=self.cost_of_inaction,
            people=tuple(_public(p, PersonForBuyer) for p in self.people),
            workstreams=self.workstreams,
            tasks=tuple(_public(t, TaskForBuyer) for t in self.tasks),
            risks=tuple(_public(r, RiskForBuyer) for r in self.risks if r.shared),
            assumptions=tuple(_public(a, AssumptionForBuyer) for a in self.assumptions if a.shared),
            branding=self.branding,
            freezes=tuple(_public(f, FreezeForBuyer) for f in self.freezes if f.shared),
        )


def _public(item, public_class):
    """A copy of ``item`` as ``public_class``: only the fields that class has."""
    return public_class(**{name: getattr(item, name) for name in fields(public_class)})
