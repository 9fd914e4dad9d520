"""The recap e-mail sent after a call: an RFC 5322 draft.

:func:`recap_message` writes the draft (``X-Unsent: 1``) To the buyer people
(champion first), Cc the seller team, with one body as text and HTML from
``templates/recap/``. It reads a buyer edition only, so nothing internal can
reach it. Its headers are written and checked by :mod:`generator.mail.headers`;
:mod:`generator.mail.sending` sends it.
"""

from __future__ import annotations

import datetime as dt
from email.message import EmailMessage
from functools import lru_cache

from generator.errors import PlanError, Problem
from generator.mail.headers import (eml_bytes, header_text, mail_address, shown,
                                    too_long_for_a_header, write_headers)
from generator.resources import shipped
from generator.rendering.rich_text import to_plain

__all__ = ["Recap", "eml_bytes", "recap_message"]

HEADLINE_CHARS = 80


class Recap:
    """What the recap says, shared by its text and HTML templates."""

    def __init__(self, room, changes: list, version: int, since: int | None,
                 versioned_link: str | None):
        self.room, self.changes, self.version, self.since = room, list(changes), version, since
        self.deal = room.plan.deal
        self.current_link = _web_link(self.deal.current_link)
        self.versioned_link = _web_link(versioned_link)

    def people(self, side: str) -> list:
        """People of one side who have an address, in plan order."""
        return [p for p in self.room.plan.people if p.side == side and p.email]

    @property
    def recipients(self) -> list:
        """The buyer people with an address, champion first."""
        return sorted(self.people("buyer"), key=lambda p: p.role != "champion")

    @property
    def sender(self):
        """The account executive, else the first seller person with an address."""
        sellers = self.people("seller")
        return next((p for p in sellers if p.role == "account_executive"), sellers[0] if sellers else None)

    @property
    def copied(self) -> list:
        """The rest of the seller team with an address."""
        return [p for p in self.people("seller") if p is not self.sender]

    @property
    def greeting(self) -> str:
        """``Hi Priya and team,``."""
        names = header_text(self.recipients[0].name).split() if self.recipients else []
        if not names:
            return "Hello,"
        return f"Hi {names[0]}," if len(self.recipients) == 1 else f"Hi {names[0]} and team,"

    def _short_date(self, day) -> str:
        return self.room.short_date(day) if day else ""

    @property
    def change_lines(self) -> list[str]:
        """Each change as one sentence, with task codes and the deal room's dates."""
        return [" ".join(c.describe(codes=self.room.codes, date=self.room.date).split())
                for c in self.changes]

    @property
    def headline(self) -> str:
        """The biggest change in a few words, for the subject: the longest date
        move (``Security review moved to 15 Dec``), else the first change."""
        if not self.changes:
            return "first version of the plan" if self.since is None else \
                f"no changes since v{self.since}"
        change = max(self.changes, key=lambda c: abs(getattr(c, "days", 0) or 0))
        more = len(self.changes) - 1
        return self._headline_of(change) + (f" (and {more} more)" if more else "")

    def _headline_of(self, change) -> str:
        kind, after = getattr(change, "kind", ""), getattr(change, "after", None)
        if kind.endswith("_moved") and after:
            day = self._short_date(dt.date.fromisoformat(str(after)))
            return f"{self._short_name(change)} moved to {day}"
        words = change.describe(codes=None, date=self._short_date)
        return _shortened(_without_reason(words, getattr(change, "reason", None)), HEADLINE_CHARS)

    def _short_name(self, change) -> str:
        """``Security review`` (the task's kind), else its gate, else its title, cut short."""
        task = self.room.plan.task(change.subject)
        if task is None:  # go-live or signature
            return change.kind.split("_moved")[0].replace("_", "-").capitalize()
        return task.kind.replace("_", " ").capitalize() if task.kind else \
            _shortened(to_plain(task.gate or task.title), 50)

    @property
    def subject(self) -> str:
        """``Corvane Logistics × Quillstone: plan v2 — Security review moved to 15 Dec``."""
        return header_text(f"{self.deal.title}: plan v{self.version} — {self.headline}")

    @property
    def commitments(self) -> list:
        """The buyer's open tasks due in the next 14 days (late ones too), by date."""
        tasks = {t.id: t for person, due in self.room.upcoming() if person.side == "buyer"
                 for t in due}
        return sorted(tasks.values(), key=lambda t: t.due)

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
        domain = self.sender.email.rpartition("@")[2] if self.sender else "dealroom"
        since = f".since{self.since}" if self.since is not None else ""
        return f"<recap.{self.deal.id}.v{self.version}{since}.{self.room.today:%Y%m%d}@{domain}>"


def recap_message(edition, *, changes: list, version: int, since: int | None,
                  versioned_link: str | None, attach: dict[str, bytes] | None = None) -> EmailMessage:
    """The recap of ``edition`` (a buyer edition) as an unsent draft.

    ``changes`` are the buyer-visible changes since revision ``since`` (or
    since the previous recap), each with ``describe(codes=..., date=...)``;
    ``attach`` maps file names (``brief.pdf``) to their bytes. An e-mail in
    the plan that is not an address is a PlanError; a draft whose headers do
    not read back as intended is refused (a DealroomError)."""
    from email.utils import format_datetime

    from generator.plan.model import BuyerPlan

    if not isinstance(edition.room.plan, BuyerPlan):
        raise TypeError("the recap is for buyers and takes only a BuyerPlan")
    recap = Recap(edition.room, changes, version, since, versioned_link)
    headers = {**_addresses(recap, edition.room.plan), "Subject": recap.subject,
               "Date": format_datetime(dt.datetime.combine(edition.generated_on, dt.time(),
                                                           dt.timezone.utc)),
               "Message-ID": recap.message_id, "X-Unsent": "1"}
    body = _body(edition, recap, attach or {})
    return write_headers(headers, body)


def _addresses(recap: Recap, plan) -> dict[str, list]:
    """From, To and Cc as Address lists, the empty ones left out; every
    e-mail in the plan that is not an address is a plan error."""
    built, problems = {}, []
    for index, person in enumerate(plan.people):
        if person.email:
            address, problem = _person_address(person, index, f"plan {plan.deal.id}")
            built[id(person)] = address
            problems += [problem] if problem else []
    if problems:
        raise PlanError(problems)
    fields = {"From": [recap.sender] if recap.sender else [], "To": recap.recipients,
              "Cc": recap.copied}
    return {name: [built[id(p)] for p in people] for name, people in fields.items() if people}


def _person_address(person, index: int, where: str) -> tuple:
    """``(address, None)``, or ``(None, the problem)`` when it cannot be written."""
    name = header_text(person.name)
    address = mail_address(person.email, name)
    if address is None:
        hint = "" if person.email.isascii() else " in ASCII letters"
        return None, Problem(where, 0, 0, f"people[{index}].email",
                             f"'{shown(person.email)}' is not an e-mail address; write it as "
                             f"name@example.com{hint}")
    if too_long_for_a_header(name):
        return None, Problem(where, 0, 0, f"people[{index}].name",
                             f"is too long to address an e-mail to ({len(name)} characters); "
                             "shorten it")
    return address, None


def _body(edition, recap: Recap, attach: dict[str, bytes]) -> EmailMessage:
    """The MIME part of the draft: text and HTML alternatives, then the attachments."""
    body = EmailMessage()
    text, html = _bodies(edition, recap)
    body.set_content(text)
    body.add_alternative(html, subtype="html")
    for name, data in attach.items():
        _attach(body, name, data)
    _steady_boundaries(body, [text, html, *attach.values()])
    return body


def _bodies(edition, recap: Recap) -> tuple[str, str]:
    """The text and the HTML body, from the same values."""
    room = edition.room
    values = {"recap": recap, "room": room, "deal": room.plan.deal,
              "lang": room.locale.replace("_", "-")}
    env = _environment()
    return (env.get_template("recap.txt.j2").render(**values),
            env.get_template("recap.html.j2").render(**values))


@lru_cache(maxsize=1)
def _environment():
    """Jinja for ``templates/recap``: HTML templates escaped, text ones not."""
    from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape

    from generator.rendering.rich_text import to_inline_html
    from generator.rendering.templating import possessive

    env = Environment(loader=FileSystemLoader(str(shipped("templates") / "recap")),
                      autoescape=select_autoescape(("html.j2",), default=False),
                      undefined=StrictUndefined, trim_blocks=True, lstrip_blocks=True,
                      keep_trailing_newline=True)
    env.filters.update(inline=to_inline_html, plain=to_plain, possessive=possessive,
                       one_line=lambda text: header_text(str(text)))
    return env


def _attach(message: EmailMessage, name: str, data: bytes) -> None:
    import mimetypes

    kind = mimetypes.guess_type(name)[0] or "application/octet-stream"
    maintype, subtype = kind.split("/", 1)
    message.add_attachment(data, maintype=maintype, subtype=subtype, filename=name)


def _steady_boundaries(message: EmailMessage, contents: list) -> None:
    """MIME boundaries from the content, so the same recap is the same bytes."""
    import hashlib

    digest = hashlib.sha256()
    for content in contents:
        digest.update(content.encode("utf-8") if isinstance(content, str) else content)
    multiparts = [part for part in message.walk() if part.is_multipart()]
    for number, part in enumerate(multiparts):
        part.set_boundary(f"=_dealroom_{digest.hexdigest()[:32]}_{number}")


def _web_link(link: str | None) -> str | None:
    return link if link and link.strip().lower().startswith(("https://", "http://")) else None


def _without_reason(sentence: str, reason: str | None) -> str:
    """``Security review moved 5 Dec → 15 Dec: CISO out`` without ``: CISO out``."""
    if reason and reason in sentence:
        sentence = sentence[:sentence.rindex(reason)]
    return sentence.rstrip(" .:;,—–-(")


def _shortened(words: str, limit: int) -> str:
    """``words`` on one line, cut at a word boundary to at most ``limit`` characters."""
    words = " ".join(words.split())
    if len(words) <= limit:
        return words
    return words[:limit].rsplit(" ", 1)[0].rstrip(" .:;,—–-(") + "…"


