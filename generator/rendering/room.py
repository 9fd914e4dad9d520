"""The deal room as the buyer reads it: what every buyer-facing writer shows.

:class:`DealRoom` takes a :class:`~generator.plan.model.BuyerPlan` (which has no
internal fields) and answers the questions the page answers: what is the goal,
what do I owe next and by when, who signs, what happens if a step slips.
Writers (HTML, PDF, brief, Word) share it so that they say the same thing.
"""

from __future__ import annotations

import datetime as dt
from functools import cached_property

from generator.plan.codes import task_codes
from generator.plan.model import BuyerPlan, PersonForBuyer, TaskForBuyer
from generator.record import Record

UPCOMING_DAYS = 14
STATUS_TEXT = {"not_started": "Not started", "in_progress": "In progress", "done": "Done",
               "blocked": "Blocked"}
BUYER_PARTS = (
    ("signs", "Signs"),
    ("executive", "Approves"),
    ("finance", "Approves the budget"),
    ("champion", "Leads the project"),
    ("security", "Approves security"),
    ("legal", "Negotiates the terms"),
    ("procurement", "Runs procurement"),
    ("technical", "Confirms the technical fit"),
    ("user", "Uses it every day"),
    ("other", "Also involved"),
)
SELLER_PARTS = (
    ("account_executive", "Account lead"),
    ("solutions_engineer", "Technical lead"),
    ("executive", "Executive sponsor"),
    ("sales_manager", "Sales leadership"),
    ("security", "Answers security questions"),
    ("legal", "Contracts"),
    ("other", "Also involved"),
)


class NextStep(Record):
    """The buyer's next step and what it opens up."""

    task: TaskForBuyer
    unblocks: tuple[TaskForBuyer, ...]
    """Tasks that wait for it."""


class PeopleGroup(Record):
    """People with the same part in the decision."""

    part: str
    """``Signs``, ``Approves security`` ..."""
    people: tuple[PersonForBuyer, ...]


SOURCE_WORDS = {"publish": "", "import:docx": "edits in the Word document",
                "import:gdoc": "edits in the Google Doc"}
"""What the revision history says about where a version came from."""


class DealRoom:
    """A buyer plan seen on one day, ready to be written out."""

    def __init__(self, plan: BuyerPlan, today: dt.date, version: int = 1,
                 locale: str = "en_GB", past=None):
        from generator.history.past import Past

        self.plan = plan
        self.today = today
        self.version = version
        self.locale = locale
        self.past = past or Past()
        """Earlier versions and their changes (empty until the plan is published)."""

    def was(self, task: TaskForBuyer) -> str:
        """``was 5 Dec 2026`` when this version moved the task's date, else empty."""
        before = self.past.was(task.id)
        if not before:
            return ""
        return f"was {self.date(dt.date.fromisoformat(before))}"

    @staticmethod
    def source_text(source: str) -> str:
        """Where a version's edits came from, in words: ``edits in the Google Doc``; empty
        for a publish."""
        return SOURCE_WORDS.get(source, source.replace("import:", "edits from "))

    def change_text(self, change) -> str:
        """One change in the reader's words, with codes and this locale's dates."""
        return change.describe(codes=self.codes, date=self.date)

    # -- words ----------------------------------------------------------------------

    def date(self, day: dt.date | None) -> str:
        """A date as the buyer reads it: ``5 Dec 2026`` (en_GB), ``Dec 5, 2026`` (en_US)."""
        from babel.dates import format_date

        return format_date(day, "medium", locale=self.locale) if day else ""

    def short_date(self, day: dt.date) -> str:
        """Day and month only: ``5 Dec``."""
        from babel.dates import format_skeleton

        return format_skeleton("MMMd", day, locale=self.locale)

    @cached_property
    def codes(self) -> dict[str, str]:
        """Task codes by task id."""
        return task_codes(self.plan)

    def code(self, task: TaskForBuyer) -> str:
        """The task's visible code."""
        return self.codes[task.id]

    def organisation(self, person: PersonForBuyer) -> str:
        """The person's organisation."""
        return self.plan.deal.buyer if person.side == "buyer" else self.plan.deal.seller

    def owners(self, task: TaskForBuyer) -> list[PersonForBuyer]:
        """The people who own the task."""
        return [p for o in task.owners if (p := self.plan.person(o))]

    def owner_names(self, task: TaskForBuyer) -> str:
        """``Maria Chen`` or ``Maria Chen and Dana Ross``."""
        return " and ".join(p.name for p in self.owners(task))

    def due_text(self, task: TaskForBuyer) -> str:
        """``5 Dec 2026``, ``5 Dec 2026 (to confirm)``, ``Done 3 Dec 2026`` or ``Date to agree``."""
        if task.is_done:
            return f"Done {self.date(task.done_on)}" if task.done_on else "Done"
        if task.due is None:
            return "Date to agree"
        return self.date(task.due) if task.is_committed else f"{self.date(task.due)} (to confirm)"

    def status_text(self, task: TaskForBuyer) -> str:
        """``Not started``, ``In progress``, ``Done``, ``Blocked``, or ``Late`` when overdue."""
        if not task.is_done and task.due and task.due < self.today:
            return f"{STATUS_TEXT[task.status]}, late"
        return STATUS_TEXT[task.status]

    def side_text(self, task: TaskForBuyer) -> str:
        """Who owns it, by organisation: ``Northwind Health``, ``Acme`` or ``Both``."""
        if task.side == "shared":
            return "Both"
        return self.plan.deal.buyer if task.side == "buyer" else self.plan.deal.seller

    # -- what happens next -------------------------------------------------------------

    @cached_property
    def next_step(self) -> NextStep | None:
        """The earliest open buyer-owned task and the tasks that wait for it."""
        from generator.health.facts import PlanFacts

        task = PlanFacts(self.plan, self.today).next_buyer_step
        if task is None:
            return None
        waiting = tuple(t for t in self.plan.tasks if task.id in t.depends_on)
        return NextStep(task=task, unblocks=waiting)

    def upcoming(self) -> list[tuple[PersonForBuyer, list[TaskForBuyer]]]:
        """Open tasks due (or late) up to 14 days from today, grouped by owner."""
        horizon = self.today + dt.timedelta(days=UPCOMING_DAYS)
        soon = sorted((t for t in self.plan.tasks if not t.is_done and t.due and t.due <= horizon),
                      key=lambda t: t.due)
        groups: dict[str, list[TaskForBuyer]] = {}
        for task in soon:
            for owner in task.owners:
                groups.setdefault(owner, []).append(task)
        return [(self.plan.person(owner), tasks) for owner, tasks in groups.items()]

    # -- the plan ----------------------------------------------------------------------

    def workstream_tasks(self):
        """Each workstream with its tasks, in plan order."""
        return [(w, [t for t in self.plan.tasks if t.workstream == w.id])
                for w in self.plan.workstreams]

    def tasks_of(self, person: PersonForBuyer) -> list[TaskForBuyer]:
        """The tasks a person owns."""
        return [t for t in self.plan.tasks if person.id in t.owners]

    def people_groups(self, side: str) -> list[PeopleGroup]:
        """People of one side grouped by their part in the decision."""
        parts = BUYER_PARTS if side == "buyer" else SELLER_PARTS
        groups = []
        for key, label in parts:
            people = tuple(p for p in self.plan.people if p.side == side and self._part(p) == key)
            if people:
                groups.append(PeopleGroup(part=label, people=people))
        return groups

    def _part(self, person: PersonForBuyer) -> str:
        if person.side == "buyer" and (person.role == "economic_buyer" or any(
                t.kind == "signature" for t in self.tasks_of(person))):
            return "signs"
        known = {key for key, _ in (BUYER_PARTS if person.side == "buyer" else SELLER_PARTS)}
        return person.role if person.role in known else "other"

    @cached_property
    def seller_lead(self) -> PersonForBuyer | None:
        """Whom the buyer tells what should change: the seller's first person by
        their part (the account lead), or None when the plan names nobody there."""
        groups = self.people_groups("seller")
        return groups[0].people[0] if groups else None

    def mailto(self, person: PersonForBuyer | None, subject: str = "") -> str | None:
        """A ``mailto:`` address for ``person`` (None when they have no e-mail address),
        with ``subject`` encoded."""
        from urllib.parse import quote

        if person is None or not person.email:
            return None
        return f"mailto:{quote(person.email, safe='@')}" + (
            f"?subject={quote(subject, safe='')}" if subject else "")

    def change_link(self, task: TaskForBuyer) -> str | None:
        """"Propose a change" for one step: a mail to the seller's lead whose subject
        carries the deal id and the step's code, e.g. ``[corvane-quillstone S2] …``."""
        from generator.rendering.rich_text import to_plain

        deal = self.plan.deal
        return self.mailto(self.seller_lead,
                           f"[{deal.id} {self.code(task)}] Change to: {to_plain(task.title)}")

    @cached_property
    def signers(self) -> list[PersonForBuyer]:
        """Who signs for the buyer."""
        return [p for p in self.plan.people if p.side == "buyer" and self._part(p) == "signs"]

    def gates(self) -> list[TaskForBuyer]:
        """Decision gates in date order (undated last)."""
        gates = [t for t in self.plan.tasks if t.gate]
        return sorted(gates, key=lambda t: (t.due is None, t.due or self.today))

    def timeline(self, palette: dict | None = None, width: int | None = None, legend: bool = True):
        """The swimlane timeline as inline SVG markup, ``width`` drawing units
        across (960 unless given: narrower draws larger type for the same room);
        ``legend=False`` without the legend (see :meth:`timeline_legend`)."""
        from markupsafe import Markup

        from generator.timeline import timeline_svg

        size = {"width": width} if width else {}
        return Markup(timeline_svg(self.plan, self.today, self.codes, palette=palette,
                                   date_label=self.short_date, legend=legend, **size))

    def timeline_legend(self, palette: dict | None = None) -> list[tuple[str, str]]:
        """The timeline's legend for the page to lay out: (mark as a small SVG, words)."""
        from markupsafe import Markup

        from generator.timeline import legend_symbols

        return [(Markup(symbol), words)
                for symbol, words in legend_symbols(self.plan, palette, self.short_date)]
