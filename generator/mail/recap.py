"""The recap e-mail sent after a call: an RFC 5322 draft.

:func:`recap_message` writes the draft (``X-Unsent: 1``) From the account
executive, To the champion and the buyer people with a step due in the next
14 days, Cc the rest of the seller team (:func:`default_recipients`), or to
whoever ``--to`` and ``--cc`` chose (:func:`chosen_recipients`), with one body
as text and HTML from ``templates/recap/``. It reads a buyer edition only, so
nothing internal can reach it. The pieces every draft shares are in
:mod:`generator.mail.drafts`; :mod:`generator.mail.sending` sends it.
"""

from __future__ import annotations

import datetime as dt
from email.message import EmailMessage

from generator.mail.drafts import (address_headers, bodies, draft, greeting, message_domain,
                                   mime_body, shortened, web_link)
from generator.mail.headers import eml_bytes, header_text
from generator.mail.recipients import Recipients, addressed, named
from generator.rendering.rich_text import to_plain

__all__ = ["Recap", "chosen_recipients", "default_recipients", "eml_bytes", "recap_message"]

HEADLINE_CHARS = 80
"""The longest headline of a change that is not a moved date."""
TITLE_CHARS = 50
"""The longest step title in the subject, cut at a word."""


class Recap:
    """What the recap says, shared by its text and HTML templates."""

    def __init__(self, room, changes: list, version: int, since: int | None,
                 versioned_link: str | None, recipients: Recipients, last_recap=None):
        self.room, self.changes, self.version, self.since = room, list(changes), version, since
        self.deal = room.plan.deal
        self.current_link = web_link(self.deal.current_link)
        self.versioned_link = web_link(versioned_link)
        self.recipients = recipients
        self.last_recap = last_recap
        """The recorded recap the changes are counted from, if they are."""

    @property
    def sender(self):
        """The person the recap is from (None when no seller has an address)."""
        return self.recipients.sender

    @property
    def greeting(self) -> str:
        """``Hi Priya and team,``."""
        return greeting(self.recipients.to)

    @property
    def since_words(self) -> str:
        """``the last recap (version 1)`` or ``version 1``: what the changes are counted from."""
        if self.since is None:
            return "the previous version"
        if self.last_recap is not None and self.last_recap.version == self.since:
            return f"the last recap (version {self.since})"
        return f"version {self.since}"

    def _short_date(self, day) -> str:
        return self.room.short_date(day) if day else ""

    @property
    def change_lines(self) -> list[str]:
        """Each change as one sentence, with task codes and the deal room's dates."""
        return [" ".join(c.describe(codes=self.room.codes, date=self.room.date).split())
                for c in self.changes]

    @property
    def headline(self) -> str:
        """The biggest change in a few words, for the subject: the longest date move
        the seller made (``S2 Quillstone returns the security questionnaire… moved
        to 24 Dec``), not one that only followed it, else the first change."""
        if not self.changes:
            return "first version of the plan" if self.since is None else \
                f"no changes since v{self.since}"
        change = max(self._causes(), key=lambda c: abs(getattr(c, "days", 0) or 0))
        more = len(self.changes) - 1
        return self._headline_of(change) + (f" (and {more} more)" if more else "")

    def _causes(self) -> list:
        """The changes, less the date moves that only followed a step they are
        written relative to (``sec-questionnaire + 10bd``) when that step moved too."""
        moved = {_moved_name(c) for c in self.changes if getattr(c, "kind", "").endswith("_moved")}
        causes = [c for c in self.changes if self._anchor(c) not in moved]
        return causes or self.changes

    def _anchor(self, change) -> str | None:
        """The task id, ``go_live`` or ``signature`` a moved date is written from, if any."""
        from generator.plan.dates import parse_relative

        written = None
        if change.kind == "date_moved":
            task = self.room.plan.task(change.subject)
            written = task.due_written if task else None
        elif change.kind == "signature_moved":
            written = self.deal.signature_written
        rule = parse_relative(written) if written else None
        return rule.anchor if rule else None

    def _headline_of(self, change) -> str:
        kind, after = getattr(change, "kind", ""), getattr(change, "after", None)
        if kind.endswith("_moved") and after:
            day = self._short_date(dt.date.fromisoformat(str(after)))
            return f"{self._short_name(change)} moved to {day}"
        words = change.describe(codes=None, date=self._short_date)
        return shortened(_without_reason(words, getattr(change, "reason", None)), HEADLINE_CHARS)

    def _short_name(self, change) -> str:
        """``S2 Quillstone returns the security questionnaire…``: the step's code and
        title, cut short; ``Go-live`` or ``Signature`` for the deal's dates."""
        task = self.room.plan.task(change.subject)
        if task is None:  # go-live or signature
            return change.kind.split("_moved")[0].replace("_", "-").capitalize()
        return f"{self.room.code(task)} {shortened(to_plain(task.title), TITLE_CHARS)}"

    @property
    def subject(self) -> str:
        """``Corvane Logistics × Quillstone: plan v2 — S3 Daniel's team completes… moved to 15 Dec``."""
        return header_text(f"{self.deal.title}: plan v{self.version} — {self.headline}")

    @property
    def commitments(self) -> list:
        """The buyer's open tasks due in the next 14 days (late ones too), by date."""
        return commitments(self.room)

    @property
    def open_risks(self) -> list:
        """The shared risks still open (a buyer plan has no other kind)."""
        return [r for r in self.room.plan.risks if r.status == "open"]

    @property
    def open_assumptions(self) -> list:
        """The shared assumptions nobody has confirmed yet."""
        return [a for a in self.room.plan.assumptions if a.confirmed_on is None]

    def name(self, person_id: str | None) -> str | None:
        """The name of a person id, for owners of risks and assumptions."""
        person = self.room.plan.person(person_id) if person_id else None
        return person.name if person else None

    @property
    def message_id(self) -> str:
        """Deterministic: the same recap of the same day has the same id."""
        since = f".since{self.since}" if self.since is not None else ""
        return (f"<recap.{self.deal.id}.v{self.version}{since}.{self.room.today:%Y%m%d}"
                f"@{message_domain(self.recipients)}>")


def commitments(room) -> list:
    """The buyer's open tasks due in the next 14 days (late ones too), by date."""
    tasks = {t.id: t for person, due in room.upcoming() if person and person.side == "buyer"
             for t in due}
    return sorted(tasks.values(), key=lambda t: t.due)


def default_recipients(room) -> Recipients:
    """To the champion and every buyer person who owns a step due in the next 14
    days (or late), champion first; Cc the rest of the seller team."""
    return addressed(room.plan, *_default_people(room))


def chosen_recipients(room, to: list[str], cc: list[str]) -> Recipients:
    """``--to`` and ``--cc`` values (person ids, roles, sides; see
    :func:`generator.mail.recipients.named`); where none is given, the default."""
    plan = room.plan
    default_to, default_cc = _default_people(room)
    return addressed(plan, named(plan, to, "--to") if to else default_to,
                     named(plan, cc, "--cc") if cc else default_cc)


def _default_people(room) -> tuple[list, list]:
    """The default To (champion, then the buyer owners of the commitments) and Cc
    (the seller team), with or without an address."""
    owners = {owner for task in commitments(room) for owner in task.owners}
    buyers = [p for p in room.plan.people if p.side == "buyer"]
    to = [p for p in buyers if p.role == "champion"] + [p for p in buyers if p.id in owners]
    return to, [p for p in room.plan.people if p.side == "seller"]


def recap_message(edition, *, changes: list, version: int, since: int | None,
                  versioned_link: str | None, attach: dict[str, bytes] | None = None,
                  recipients: Recipients | None = None, last_recap=None) -> EmailMessage:
    """The recap of ``edition`` (a buyer edition) as an unsent draft.

    ``changes`` are the buyer-visible changes since revision ``since`` (None:
    the first version), each with ``describe(codes=..., date=...)``;
    ``last_recap`` is the recorded recap they are counted from, if they are;
    ``recipients`` default to :func:`default_recipients`; ``attach`` maps file
    names (``brief.pdf``) to their bytes. An e-mail in the plan that is not an
    address is a PlanError; a draft whose headers do not read back as intended
    is refused (a DealroomError)."""
    from generator.plan.model import BuyerPlan

    room = edition.room
    if not isinstance(room.plan, BuyerPlan):
        raise TypeError("the recap is for buyers and takes only a BuyerPlan")
    recap = Recap(room, changes, version, since, versioned_link,
                  recipients or default_recipients(room), last_recap)
    values = {"recap": recap, "room": room, "deal": room.plan.deal,
              "lang": room.locale.replace("_", "-")}
    body = mime_body(*bodies("recap", values), attach)
    return draft(address_headers(recap.recipients, room.plan), recap.subject, recap.message_id,
                 body, edition.generated_on, "the recap")


def _moved_name(change) -> str:
    """What a moved date is known as in a relative date: a task id, ``go_live``, ``signature``."""
    return change.kind.removesuffix("_moved") if change.subject == "deal" else change.subject


def _without_reason(sentence: str, reason: str | None) -> str:
    """``Security review moved 5 Dec → 15 Dec: CISO out`` without ``: CISO out``."""
    if reason and reason in sentence:
        sentence = sentence[:sentence.rindex(reason)]
    return sentence.rstrip(" .:;,—–-(")
