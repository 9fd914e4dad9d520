"""Sending a draft (the recap, a reminder) through SMTP, with the ``DEALROOM_SMTP_*`` settings."""

from __future__ import annotations

import os
import re
from email.message import EmailMessage

from generator.errors import RemoteError, UsageError
from generator.mail.headers import checked, eml_bytes, header_field, mail_address, shown
from generator.record import Record

SMTP_TIMEOUT_SECONDS = 30


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
    def from_environ(cls, environ, what: str = "the recap") -> SmtpSettings:
        """The settings, or a usage error naming the variable that is wrong."""
        host = environ.get("DEALROOM_SMTP_HOST", "").strip()
        if not host:
            raise UsageError("set DEALROOM_SMTP_HOST (and _PORT, _USER, _PASSWORD, _STARTTLS=1/0) "
                             f"to send {what}")
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
        raise UsageError(f"DEALROOM_SMTP_FROM={shown(sender)}: write one address such as "
                         "deals@example.com")
    return address


def send(message: EmailMessage, environ=os.environ, what: str = "the recap") -> None:
    """Send ``message`` through the SMTP server of ``environ``, without X-Unsent
    and dated now; a server that cannot be reached or refuses is a RemoteError.
    ``what`` (``the recap``) names the message in errors."""
    import smtplib
    import ssl

    settings = SmtpSettings.from_environ(environ, what)
    outgoing = outgoing_copy(message, settings.sender, what)
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
        raise RemoteError(f"{what} was not sent through {settings.host}:{settings.port}: "
                          f"{_smtp_reason(error)}") from None


def _smtp_reason(error: OSError) -> str:
    """``535 Authentication credentials invalid``, ``Connection refused`` ..."""
    import smtplib

    if isinstance(error, smtplib.SMTPResponseException):
        return f"{error.smtp_code} {error.smtp_error.decode('utf-8', 'replace')}"
    return error.strerror or str(error) or type(error).__name__


def outgoing_copy(message: EmailMessage, sender: str | None = None,
                  what: str = "the recap") -> EmailMessage:
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
        raise UsageError(f"{what} needs a sender and a recipient: give the seller's account "
                         "executive and the buyer people an email in the plan "
                         "(or set DEALROOM_SMTP_FROM)")
    dropped = {"x-unsent", *(name.lower() for name in changed)}
    kept = [name for name in message.keys() if name.lower() not in dropped]
    mime = [name for name in kept if name.lower().startswith(("mime-", "content-"))]
    headers = {name: drafted.get(name) or str(message[name]) for name in kept if name not in mime}
    head, _, body = eml_bytes(message).partition(b"\r\n\r\n")
    fields = [field for field in re.split(rb"\r\n(?![ \t])", head)
              if field.partition(b":")[0].decode("ascii", "replace").lower() not in dropped]
    fields += [header_field(name, value).encode("ascii") for name, value in changed.items()]
    raw = b"".join(field + b"\r\n" for field in fields) + b"\r\n" + body
    return checked(raw, {**headers, **changed}, mime, what)


ADDRESS_FIELDS = ("From", "Reply-To", "To", "Cc")


def _addresses_in(message: EmailMessage, name: str) -> list:
    """The addresses of one header of ``message`` (none when it has no such header)."""
    from email.headerregistry import Address

    header = message[name]
    return [Address(display_name=a.display_name, addr_spec=a.addr_spec)
            for a in getattr(header, "addresses", ())] if header else []
