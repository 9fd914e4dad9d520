"""What every e-mail draft dealroom writes is made of (the recap and the reminders).

The addresses of the plan's people (an e-mail that is not an address is a plan
error naming the person), the text and HTML bodies from ``templates/recap/``,
the MIME body with steady boundaries (the same draft is the same bytes), and
the draft itself: headers written and read back by
:mod:`generator.mail.headers`, marked ``X-Unsent: 1``.
"""

from __future__ import annotations

import datetime as dt
from email.message import EmailMessage
from functools import lru_cache

from generator.errors import PlanError, Problem
from generator.mail.headers import (header_text, mail_address, shown, too_long_for_a_header,
                                    write_headers)
from generator.mail.recipients import Recipients
from generator.resources import shipped
from generator.rendering.rich_text import to_plain


def draft(addresses: dict, subject: str, message_id: str, body: EmailMessage, day: dt.date,
          what: str) -> EmailMessage:
    """From, To and Cc (``addresses``), the subject, the date ``day`` and the
    Message-ID above ``body``, marked unsent (``X-Unsent: 1``); ``what``
    (``the recap``) names the e-mail if it is refused."""
    from email.utils import format_datetime

    moment = dt.datetime.combine(day, dt.time(), dt.timezone.utc)
    headers = {**addresses, "Subject": subject, "Date": format_datetime(moment),
               "Message-ID": message_id, "X-Unsent": "1"}
    return write_headers(headers, body, what=what)


def address_headers(recipients: Recipients, plan) -> dict[str, list]:
    """From, To and Cc as Address lists, the empty ones left out; every e-mail in
    the plan that is not an address is a plan error."""
    built, problems = {}, []
    for index, person in enumerate(plan.people):
        if person.email:
            address, problem = _person_address(person, index, f"plan {plan.deal.id}")
            built[person.id] = address
            problems += [problem] if problem else []
    if problems:
        raise PlanError(problems)
    fields = {"From": [recipients.sender] if recipients.sender else [], "To": recipients.to,
              "Cc": recipients.cc}
    return {name: [built[p.id] for p in people] for name, people in fields.items() if people}


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


def bodies(template: str, values: dict) -> tuple[str, str]:
    """``template.txt.j2`` and ``template.html.j2`` of ``templates/recap/`` with ``values``."""
    env = _environment()
    return (env.get_template(f"{template}.txt.j2").render(**values),
            env.get_template(f"{template}.html.j2").render(**values))


def mime_body(text: str, html: str, attach: dict[str, bytes] | None = None) -> EmailMessage:
    """Text and HTML alternatives, then the attachments (file name → bytes)."""
    body = EmailMessage()
    body.set_content(text)
    body.add_alternative(html, subtype="html")
    for name, data in (attach or {}).items():
        _attach(body, name, data)
    _steady_boundaries(body, [text, html, *(attach or {}).values()])
    return body


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
    """MIME boundaries from the content, so the same draft is the same bytes."""
    import hashlib

    digest = hashlib.sha256()
    for content in contents:
        digest.update(content.encode("utf-8") if isinstance(content, str) else content)
    multiparts = [part for part in message.walk() if part.is_multipart()]
    for number, part in enumerate(multiparts):
        part.set_boundary(f"=_dealroom_{digest.hexdigest()[:32]}_{number}")


def message_domain(recipients: Recipients) -> str:
    """The sender's domain, for Message-IDs (``dealroom`` without a sender)."""
    return recipients.sender.email.rpartition("@")[2] if recipients.sender else "dealroom"


def web_link(link: str | None) -> str | None:
    """``link`` when it is a web address, else None."""
    return link if link and link.strip().lower().startswith(("https://", "http://")) else None


def greeting(people) -> str:
    """``Hi Priya,``, ``Hi Priya and team,`` or ``Hello,`` for the people in To."""
    names = header_text(people[0].name).split() if people else []
    if not names:
        return "Hello,"
    return f"Hi {names[0]}," if len(people) == 1 else f"Hi {names[0]} and team,"


def shortened(words: str, limit: int) -> str:
    """``words`` on one line, cut at a word boundary to at most ``limit`` characters."""
    words = " ".join(words.split())
    if len(words) <= limit:
        return words
    return words[:limit].rsplit(" ", 1)[0].rstrip(" .:;,—–-(") + "…"
