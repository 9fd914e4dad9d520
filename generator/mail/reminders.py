"""Reminders: one short e-mail draft per buyer person whose steps are due soon or late.

:func:`due_steps` finds, in a buyer's deal room, each buyer person's open steps
due in the next ``days`` days or already past their date; :func:`reminder_message`
writes one person's reminder as an unsent draft in the recap's style: for each
step what it is, when, what waits for it and what happens if it slips, then the
link to the current version. The vendor does the reminding, so the buyer's
champion is not made to chase colleagues: each person hears about their own
steps only. It reads a buyer edition only, so nothing internal can reach it;
the drafting pieces are the recap's (:mod:`generator.mail.drafts`).
"""

from __future__ import annotations

import datetime as dt
from email.message import EmailMessage

from generator.mail.drafts import (address_headers, bodies, draft, greeting, message_domain,
                                   mime_body, shortened, web_link)
from generator.mail.headers import header_text
from generator.mail.recipients import addressed
from generator.rendering.rich_text import to_plain

SUBJECT_TITLE_CHARS = 45
"""The longest step title in a reminder's subject, cut at a word."""
WAITING_TITLE_CHARS = 90
"""The longest title of a step that waits for the one reminded of."""


def due_steps(room, days: int) -> list[tuple]:
    """``[(person, steps)]``: every buyer person (in plan order) with open steps due
    within ``days`` days of the room's day or late, the steps by date."""
    horizon = room.today + dt.timedelta(days=days)
    due = [t for t in room.plan.tasks if not t.is_done and t.due and t.due <= horizon]
    found = []
    for person in (p for p in room.plan.people if p.side == "buyer"):
        steps = sorted((t for t in due if person.id in t.owners), key=lambda t: t.due)
        found += [(person, steps)] if steps else []
    return found


class Reminder:
    """What one person's reminder says, shared by its text and HTML templates."""

    def __init__(self, room, person, steps: list, version: int, recipients):
        self.room, self.person, self.steps, self.version = room, person, list(steps), version
        self.deal = room.plan.deal
        self.recipients = recipients
        self.current_link = web_link(self.deal.current_link)

    @property
    def sender(self):
        """The person the reminder is from (None when no seller has an address)."""
        return self.recipients.sender

    @property
    def greeting(self) -> str:
        """``Hi Tomas,``."""
        return greeting([self.person])

    @property
    def late(self) -> list:
        """The steps past their date."""
        return [t for t in self.steps if t.due < self.room.today]

    @property
    def opening(self) -> str:
        """One sentence that says what the e-mail is, and whether a date has passed."""
        title = header_text(self.deal.title)
        count = len(self.steps)
        steps = "your next step" if count == 1 else f"your next {count} steps"
        if not self.late:
            return f"Just a short reminder of {steps} in the {title} plan."
        if count == 1:
            return f"Just a short reminder of your step in the {title} plan: its date has passed."
        passed = "one of them has" if len(self.late) == 1 else f"{len(self.late)} of them have"
        return f"Just a short reminder of your steps in the {title} plan: {passed} passed its date."

    @property
    def closing(self) -> str:
        """What to do about it, in one or two sentences."""
        if self.late:
            return ("If it is already done, or needs a new date, just reply and I will update "
                    "the plan.")
        return ("If a date no longer works, just reply with one that does and I will update the "
                "plan. No need to reply otherwise.")

    def when(self, task) -> str:
        """``4 Dec 2026, in 3 days``, ``…, today``, ``…, 3 days ago``, and ``(date to
        confirm)`` when both sides have not committed to it."""
        days = (task.due - self.room.today).days
        near = {0: "today", 1: "tomorrow", -1: "yesterday"}.get(days)
        ago = near or (f"in {days} days" if days > 0 else f"{-days} days ago")
        unconfirmed = "" if task.is_committed else " (date to confirm)"
        return f"{self.room.date(task.due)}, {ago}{unconfirmed}"

    def partners(self, task) -> str:
        """``Nora Fitzgerald``: the step's other owners, for a shared step."""
        return " and ".join(p.name for p in self.room.owners(task) if p.id != self.person.id)

    def waiting(self, task) -> list[str]:
        """The open steps that wait for ``task``: ``C5 Marcus opens the … record…``."""
        return [f"{self.room.code(t)} {shortened(to_plain(t.title), WAITING_TITLE_CHARS)}"
                for t in self.room.plan.tasks if task.id in t.depends_on and not t.is_done]

    @property
    def subject(self) -> str:
        """``Corvane Logistics × Quillstone: reminder — B4 Tomas approves the business case…,
        due 4 Dec``, or for several steps ``reminder — 2 steps due by 11 Dec``."""
        if len(self.steps) == 1:
            task = self.steps[0]
            due = "was due" if self.late else "due"
            what = (f"{self.room.code(task)} {shortened(to_plain(task.title), SUBJECT_TITLE_CHARS)}, "
                    f"{due} {self.room.short_date(task.due)}")
        elif self.late:
            passed = "its" if len(self.late) == 1 else "their"
            what = f"{len(self.steps)} steps, {len(self.late)} past {passed} date"
        else:
            what = f"{len(self.steps)} steps due by {self.room.short_date(self.steps[-1].due)}"
        return header_text(f"{self.deal.title}: reminder — {what}")

    @property
    def message_id(self) -> str:
        """Deterministic: the same reminder of the same day has the same id."""
        return (f"<remind.{self.deal.id}.v{self.version}.{self.person.id}."
                f"{self.room.today:%Y%m%d}@{message_domain(self.recipients)}>")


def reminder_message(edition, person, steps: list, *, version: int,
                     cc: list = ()) -> tuple[EmailMessage, object]:
    """``person``'s reminder of ``steps`` (from :func:`due_steps`) as an unsent
    draft To them, Cc the people ``cc``, and its :class:`Recipients` (a person
    without an address is in ``unaddressed`` and the draft has no To). An e-mail
    in the plan that is not an address is a PlanError."""
    from generator.plan.model import BuyerPlan

    room = edition.room
    if not isinstance(room.plan, BuyerPlan):
        raise TypeError("reminders are for buyers and take only a BuyerPlan")
    reminder = Reminder(room, person, steps, version, addressed(room.plan, [person], list(cc)))
    values = {"reminder": reminder, "room": room, "deal": room.plan.deal,
              "lang": room.locale.replace("_", "-")}
    message = draft(address_headers(reminder.recipients, room.plan), reminder.subject,
                    reminder.message_id, mime_body(*bodies("reminder", values)),
                    edition.generated_on, "the reminder")
    return message, reminder.recipients
