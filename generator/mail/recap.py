"""The recap email sent after a call: an RFC 5322 draft, and sending it.

:func:`recap_message` writes the draft (``X-Unsent: 1``) To the buyer people
(champion first), Cc the seller team, with one body as text and HTML from
``templates/recap/``. It reads a buyer edition only, so nothing internal can
reach it. :func:`send` hands it to the SMTP server of ``DEALROOM_SMTP_*``.

Text from the plan reaches the headers (the deal title in the Subject, names
in From, To and Cc), so this module writes those headers itself rather than
through the ``email`` package's folding, which on Python 3.11.7 decodes an
encoded word it was given as text and drops the quotes of a long display name.
Plan text is shown as written, never interpreted: control characters become
spaces, and anything a reader could take for syntax is an RFC 2047 encoded
word. The draft is then read back and refused unless it holds exactly the
intended headers.
"""

from __future__ import annotations

import base64
import datetime as dt
import os
import re
import unicodedata
from email.message import EmailMessage
from functools import lru_cache

from generator.mail.addresses import is_email_address
from generator.errors import DealroomError, PlanError, Problem, RemoteError, UsageError
from generator.record import Record
from generator.resources import shipped
from generator.rich_text import to_plain

HEADLINE_CHARS = 80
SMTP_TIMEOUT_SECONDS = 30
HEADER_LINE_CHARS = 78
"""Where a header line is folded (RFC 5322's "should")."""
LONGEST_HEADER_TOKEN = 900
"""A display name encoded into more than this cannot be written (lines stop at 998)."""
ENCODED_WORD_BYTES = 42
"""UTF-8 bytes in one encoded word of the Subject: 68 characters once encoded, so that
even the first fits on the line after ``Subject: ``."""
PLAIN_NAME_WORD = re.compile(r"[A-Za-z0-9!#$%&'*+/^_`{|}~-]+")
"""A word of a display name that can be written as it is: RFC 5322 atom text, without
the ``=`` and ``?`` of an encoded word."""
PLAIN_TEXT_WORD = re.compile(r"[!-~]{1,60}")
"""A word of the Subject that can be written as it is (printable ASCII, short enough to fold)."""


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

    from generator.model import BuyerPlan

    if not isinstance(edition.room.plan, BuyerPlan):
        raise TypeError("the recap is for buyers and takes only a BuyerPlan")
    recap = Recap(edition.room, changes, version, since, versioned_link)
    headers = {**_addresses(recap, edition.room.plan), "Subject": recap.subject,
               "Date": format_datetime(dt.datetime.combine(edition.generated_on, dt.time(),
                                                           dt.timezone.utc)),
               "Message-ID": recap.message_id, "X-Unsent": "1"}
    body = _body(edition, recap, attach or {})
    return _written(headers, body)


def eml_bytes(message: EmailMessage) -> bytes:
    """The message as an ``.eml`` file: RFC 5322 bytes with CRLF line ends."""
    return message.as_bytes(policy=message.policy.clone(linesep="\r\n"))


def header_text(text: str) -> str:
    """``text`` as a header shows it, on one line: control characters and line
    breaks become spaces, each run of white space one space, and a lone
    surrogate (not text at all) U+FFFD."""
    return " ".join("".join(_header_char(char) for char in text).split())


def _header_char(char: str) -> str:
    category = unicodedata.category(char)
    return " " if category in ("Cc", "Zl", "Zp") else "\ufffd" if category == "Cs" else char


def mail_address(addr_spec: str, display_name: str = ""):
    """``display_name <addr_spec>`` as an ``email.headerregistry.Address``, or
    None when ``addr_spec`` is not a plain ASCII ``name@example.com``."""
    from email.errors import HeaderParseError
    from email.headerregistry import Address

    if not is_email_address(addr_spec):
        return None
    try:
        address = Address(display_name=display_name, addr_spec=addr_spec)
    except (ValueError, IndexError, HeaderParseError):
        return None
    return address if address.addr_spec == addr_spec else None


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
                             f"'{_shown(person.email)}' is not an e-mail address; write it as "
                             f"name@example.com{hint}")
    if any(len(word) > LONGEST_HEADER_TOKEN for word in _phrase(name)):
        return None, Problem(where, 0, 0, f"people[{index}].name",
                             f"is too long to address an e-mail to ({len(name)} characters); "
                             "shorten it")
    return address, None


def _shown(text: str) -> str:
    """``text`` for a message: anything unprintable as its escape (``\\n``)."""
    return "".join(c if c.isprintable() else c.encode("unicode_escape").decode("ascii")
                   for c in text)


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


# -- headers: written here, then read back ------------------------------------------------

def _written(headers: dict, body: EmailMessage) -> EmailMessage:
    """``headers`` (Address lists or text) above ``body``, read back and checked."""
    fields = [_field(name, _tokens(value)) for name, value in headers.items()]
    raw = "".join(f"{field}\r\n" for field in fields).encode("ascii") + eml_bytes(body)
    return _checked(raw, headers, body.keys())


def _tokens(value) -> list[str]:
    """The words of one header's value, each to stay on one line."""
    return _mailboxes(value) if isinstance(value, list) else _unstructured(value)


def _field(name: str, tokens: list[str]) -> str:
    """``Name: token token`` folded before a token that would pass 78 characters."""
    lines = [f"{name}:"]
    for token in tokens:
        if len(lines[-1]) + 1 + len(token) > HEADER_LINE_CHARS and lines[-1] != f"{name}:":
            lines.append("")
        lines[-1] += f" {token}"
    return "\r\n".join(lines)


def _mailboxes(addresses: list) -> list[str]:
    """``Name <a@b.example>, ...`` as tokens, each display name a phrase of its own."""
    tokens: list[str] = []
    for number, address in enumerate(addresses):
        mailbox = [*_phrase(address.display_name), f"<{address.addr_spec}>"] \
            if address.display_name else [address.addr_spec]
        mailbox[-1] += "," if number < len(addresses) - 1 else ""
        tokens += mailbox
    return tokens


def _phrase(name: str) -> list[str]:
    """A display name as words no reader can take for an address or a header:
    plain words as they are, each run of the others as one encoded word.

    One encoded word per run, however long, because Python's parser keeps the
    space between two encoded words of a phrase, which RFC 2047 drops."""
    from itertools import groupby

    tokens: list[str] = []
    for plain, words in groupby(name.split(" ") if name else [],
                                key=lambda word: bool(PLAIN_NAME_WORD.fullmatch(word))):
        tokens += list(words) if plain else [_encoded_word(" ".join(words))]
    return tokens


def _unstructured(text: str) -> list[str]:
    """Subject text as tokens: its words if all are plain printable ASCII with no
    encoded-word look-alike, else encoded words (the spaces inside them)."""
    if not text:
        return []
    words = text.split(" ")
    if "=?" not in text and all(PLAIN_TEXT_WORD.fullmatch(word) for word in words):
        return words
    tokens, chunk = [], ""
    for char in text:
        if len((chunk + char).encode("utf-8")) > ENCODED_WORD_BYTES:
            tokens, chunk = tokens + [_encoded_word(chunk)], ""
        chunk += char
    return tokens + [_encoded_word(chunk)]


def _encoded_word(text: str) -> str:
    """``=?utf-8?b?...?=``: RFC 2047, base64, so no character of ``text`` is syntax."""
    return f"=?utf-8?b?{base64.b64encode(text.encode('utf-8')).decode('ascii')}?="


def _checked(raw: bytes, headers: dict, mime: list[str]) -> EmailMessage:
    """The message of ``raw``, refused unless its headers are exactly ``headers``
    (From, To, Cc with the same addresses and names, the same text) and the
    MIME headers ``mime``: no Bcc, no other header."""
    import email
    import email.policy

    names = [*headers, *mime]
    _check_header_lines(raw, names)
    read = email.message_from_bytes(raw, policy=email.policy.default)
    if sorted(n.lower() for n in read.keys()) != sorted(n.lower() for n in names):
        _refuse(f"its headers would be {', '.join(read.keys())} instead of {', '.join(names)}")
    for name, intended in headers.items():
        if _as_read(read[name], intended) != _as_written(intended):
            _refuse(f"its {name} header would read back as {_as_read(read[name], intended)!r} "
                    f"instead of {_as_written(intended)!r}")
    draft = email.message_from_bytes(raw, policy=email.policy.default.clone(refold_source="none"))
    if eml_bytes(draft) != raw:
        _refuse("it would not be written as it was checked")
    return draft


def _check_header_lines(raw: bytes, names: list[str]) -> None:
    """Every line above the body starts a header of ``names`` or continues one."""
    allowed = {name.lower() for name in names}
    for found in re.finditer(rb"([^\r\n]*)(?:\r\n|\r|\n)", raw):  # any line end ends a line
        line = found.group(1)
        if not line:
            return
        name, colon, _ = line.partition(b":")
        if line[:1] not in (b" ", b"\t") and (not colon or name.decode("ascii", "replace").lower()
                                               not in allowed):
            _refuse(f"it would hold the header line {line[:80].decode('ascii', 'replace')!r}")


def _as_written(value):
    return [(a.display_name, a.addr_spec) for a in value] if isinstance(value, list) else value


def _as_read(header, intended):
    if not isinstance(intended, list):
        return str(header)
    return [(a.display_name, a.addr_spec) for a in getattr(header, "addresses", ())]


def _refuse(what: str):
    raise DealroomError(f"the recap was not written: {what}; check the deal title and the "
                        "people's names and e-mails, and please report this to dealroom's "
                        "maintainers")


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
        sender = environ.get("DEALROOM_SMTP_FROM", "").strip() or None
        if sender:
            _sender_address(sender)
        return cls(host=host, port=int(port), starttls=starttls == "1",
                   user=environ.get("DEALROOM_SMTP_USER") or None,
                   password=environ.get("DEALROOM_SMTP_PASSWORD") or None, sender=sender)


def _sender_address(sender: str):
    """The ``DEALROOM_SMTP_FROM`` address, or a usage error."""
    address = mail_address(sender)
    if address is None:
        raise UsageError(f"DEALROOM_SMTP_FROM={_shown(sender)}: write one address such as "
                         "deals@example.com")
    return address


def send(message: EmailMessage, environ=os.environ) -> None:
    """Send ``message`` through the SMTP server of ``environ``, without X-Unsent
    and dated now; a server that cannot be reached or refuses is a RemoteError."""
    import smtplib
    import ssl

    settings = SmtpSettings.from_environ(environ)
    outgoing = outgoing_copy(message, settings.sender)
    envelope_from = outgoing["From"].addresses[0].addr_spec
    recipients = [a.addr_spec for name in ("To", "Cc") if outgoing[name]
                  for a in outgoing[name].addresses]
    try:
        with smtplib.SMTP(settings.host, settings.port, timeout=SMTP_TIMEOUT_SECONDS) as smtp:
            if settings.starttls:
                smtp.starttls(context=ssl.create_default_context())
            if settings.user:
                smtp.login(settings.user, settings.password or "")
            smtp.send_message(outgoing, envelope_from, recipients)
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
    ``sender`` override as From (replies still go to the account executive).
    Its headers are written and read back like the draft's."""
    from email.utils import format_datetime, localtime

    drafted = {name: _addresses_in(message, name) for name in ADDRESS_FIELDS}
    changed: dict = {"Date": format_datetime(localtime())}
    if sender:
        changed["From"] = [_sender_address(sender)]
        if drafted["From"] and not drafted["Reply-To"]:
            changed["Reply-To"] = drafted["From"]
    if not (changed.get("From") or drafted["From"]) or not (drafted["To"] or drafted["Cc"]):
        raise UsageError("the recap needs a sender and a recipient: give the seller's account "
                         "executive and the buyer people an email in the plan "
                         "(or set DEALROOM_SMTP_FROM)")
    dropped = {"x-unsent", *(name.lower() for name in changed)}
    kept = [name for name in message.keys() if name.lower() not in dropped]
    mime = [name for name in kept if name.lower().startswith(("mime-", "content-"))]
    headers = {name: drafted.get(name) or str(message[name]) for name in kept if name not in mime}
    head, _, body = eml_bytes(message).partition(b"\r\n\r\n")
    fields = [field for field in re.split(rb"\r\n(?![ \t])", head)
              if field.partition(b":")[0].decode("ascii", "replace").lower() not in dropped]
    fields += [_field(name, _tokens(value)).encode("ascii") for name, value in changed.items()]
    raw = b"".join(field + b"\r\n" for field in fields) + b"\r\n" + body
    return _checked(raw, {**headers, **changed}, mime)


ADDRESS_FIELDS = ("From", "Reply-To", "To", "Cc")


def _addresses_in(message: EmailMessage, name: str) -> list:
    """The addresses of one header of ``message`` (none when it has no such header)."""
    from email.headerregistry import Address

    header = message[name]
    return [Address(display_name=a.display_name, addr_spec=a.addr_spec)
            for a in getattr(header, "addresses", ())] if header else []
