"""The recap email sent after a call: an RFC 5322 draft, and sending it.

:func:`recap_message` writes the draft (``X-Unsent: 1``) To the buyer people
(champion first), Cc the seller team, with one body as text and HTML from
``templates/recap/``. It reads a buyer edition only, so nothing internal can
reach it. :func:`send` hands it to the SMTP server of ``DEALROOM_SMTP_*``.
"""

from __future__ import annotations

import datetime as dt
import os
from email.message import EmailMessage
from functools import lru_cache

from generator.errors import PlanError, Problem, RemoteError, UsageError
from generator.record import Record
from generator.resources import shipped
from generator.rich_text import to_plain

HEADLINE_CHARS = 80
SMTP_TIMEOUT_SECONDS = 30


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
        if not self.recipients:
            return "Hello,"
        first = self.recipients[0].name.split()[0]
        return f"Hi {first}," if len(self.recipients) == 1 else f"Hi {first} and team,"

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
        return " ".join(f"{self.deal.title}: plan v{self.version} — {self.headline}".split())

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
    ``attach`` maps file names (``brief.pdf``) to their bytes."""
    from generator.model import BuyerPlan

    if not isinstance(edition.room.plan, BuyerPlan):
        raise TypeError("the recap is for buyers and takes only a BuyerPlan")
    recap = Recap(edition.room, changes, version, since, versioned_link)
    message = EmailMessage()
    _address(message, recap, edition.room.plan)
    message["Subject"] = recap.subject
    message["Date"] = dt.datetime.combine(edition.generated_on, dt.time(), dt.timezone.utc)
    message["Message-ID"] = recap.message_id
    message["X-Unsent"] = "1"
    text, html = _bodies(edition, recap)
    message.set_content(text)
    message.add_alternative(html, subtype="html")
    for name, data in (attach or {}).items():
        _attach(message, name, data)
    _steady_boundaries(message, [text, html, *(attach or {}).values()])
    return message


def eml_bytes(message: EmailMessage) -> bytes:
    """The message as an ``.eml`` file: RFC 5322 bytes with CRLF line ends."""
    return message.as_bytes(policy=message.policy.clone(linesep="\r\n"))


def _address(message: EmailMessage, recap: Recap, plan) -> None:
    """From, To and Cc; an address that is not one is a plan error."""
    from email.headerregistry import Address

    def address(person):
        try:
            return Address(display_name=" ".join(person.name.split()), addr_spec=person.email)
        except (ValueError, IndexError):
            index = plan.people.index(person)
            raise PlanError([Problem(f"plan {plan.deal.id}", 0, 0, f"people[{index}].email",
                                     f"'{person.email}' is not an e-mail address; write it as "
                                     "name@example.com")]) from None

    if recap.sender:
        message["From"] = address(recap.sender)
    if recap.recipients:
        message["To"] = [address(p) for p in recap.recipients]
    if recap.copied:
        message["Cc"] = [address(p) for p in recap.copied]


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

    from generator.rich_text import to_inline_html
    from generator.templating import possessive

    env = Environment(loader=FileSystemLoader(str(shipped("templates") / "recap")),
                      autoescape=select_autoescape(("html.j2",), default=False),
                      undefined=StrictUndefined, trim_blocks=True, lstrip_blocks=True,
                      keep_trailing_newline=True)
    env.filters.update(inline=to_inline_html, plain=to_plain, possessive=possessive)
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


# -- sending ------------------------------------------------------------------------------

class SmtpSettings(Record):
    """Where and how to send, from ``DEALROOM_SMTP_*`` environment variables."""

    host: str
    port: int
    starttls: bool = True
    user: str | None = None
    password: str | None = None
    sender: str | None = None
    """``DEALROOM_SMTP_FROM``: send from this address instead of the account executive's."""

    @classmethod
    def from_environ(cls, environ) -> SmtpSettings:
        """The settings, or a usage error naming the variable that is wrong."""
        host = environ.get("DEALROOM_SMTP_HOST", "").strip()
        if not host:
            raise UsageError("set DEALROOM_SMTP_HOST (and _PORT, _USER, _PASSWORD, _STARTTLS=1/0) "
                             "to send the recap")
        starttls = environ.get("DEALROOM_SMTP_STARTTLS", "1").strip()
        if starttls not in ("1", "0"):
            raise UsageError(f"DEALROOM_SMTP_STARTTLS={starttls}: write 1 (the default) or 0")
        port = environ.get("DEALROOM_SMTP_PORT", "587" if starttls == "1" else "25").strip()
        if not port.isdigit() or not 0 < int(port) < 65536:
            raise UsageError(f"DEALROOM_SMTP_PORT={port}: write a port number such as 587")
        return cls(host=host, port=int(port), starttls=starttls == "1",
                   user=environ.get("DEALROOM_SMTP_USER") or None,
                   password=environ.get("DEALROOM_SMTP_PASSWORD") or None,
                   sender=environ.get("DEALROOM_SMTP_FROM") or None)


def send(message: EmailMessage, environ=os.environ) -> None:
    """Send ``message`` through the SMTP server of ``environ``, without X-Unsent
    and dated now; a server that cannot be reached or refuses is a RemoteError."""
    import smtplib
    import ssl

    settings = SmtpSettings.from_environ(environ)
    outgoing = outgoing_copy(message, settings.sender)
    try:
        with smtplib.SMTP(settings.host, settings.port, timeout=SMTP_TIMEOUT_SECONDS) as smtp:
            if settings.starttls:
                smtp.starttls(context=ssl.create_default_context())
            if settings.user:
                smtp.login(settings.user, settings.password or "")
            smtp.send_message(outgoing)
    except OSError as error:  # smtplib.SMTPException and ssl.SSLError too
        raise RemoteError(f"the recap was not sent through {settings.host}:{settings.port}: "
                          f"{_smtp_reason(error)}") from None


def _smtp_reason(error: OSError) -> str:
    """``535 Authentication credentials invalid``, ``Connection refused`` ..."""
    import smtplib

    if isinstance(error, smtplib.SMTPResponseException):
        return f"{error.smtp_code} {error.smtp_error.decode('utf-8', 'replace')}"
    return error.strerror or str(error) or type(error).__name__


def outgoing_copy(message: EmailMessage, sender: str | None = None) -> EmailMessage:
    """A copy of the draft ready to send: no X-Unsent, today's Date, and the
    ``sender`` override as From (replies still go to the account executive)."""
    import copy
    from email.utils import localtime

    outgoing = copy.deepcopy(message)
    del outgoing["X-Unsent"]
    del outgoing["Date"]
    outgoing["Date"] = localtime()
    if sender:
        if outgoing["From"] and not outgoing["Reply-To"]:
            outgoing["Reply-To"] = outgoing["From"]
        del outgoing["From"]
        outgoing["From"] = sender
    if not outgoing["From"] or not (outgoing["To"] or outgoing["Cc"]):
        raise UsageError("the recap needs a sender and a recipient: give the seller's account "
                         "executive and the buyer people an email in the plan "
                         "(or set DEALROOM_SMTP_FROM)")
    return outgoing
