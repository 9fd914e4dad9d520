"""Mail headers that hold text from the plan, written here and read back.

Text from the plan reaches the headers (the deal title in the Subject, names
in From, To and Cc), so they are written here rather than through the
``email`` package's folding, which on Python 3.11.7 decodes an encoded word it
was given as text and drops the quotes of a long display name. Plan text is
shown as written, never interpreted: control characters become spaces, and
anything a reader could take for syntax is an RFC 2047 encoded word. The
message is then read back and refused unless it holds exactly the intended
headers (:func:`write_headers`).
"""

from __future__ import annotations

import base64
import re
import unicodedata
from email.message import EmailMessage

from generator.errors import DealroomError
from generator.mail.addresses import is_email_address

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


def shown(text: str) -> str:
    """``text`` for a message: anything unprintable as its escape (``\\n``)."""
    return "".join(c if c.isprintable() else c.encode("unicode_escape").decode("ascii")
                   for c in text)


def write_headers(headers: dict, body: EmailMessage, what: str = "the recap") -> EmailMessage:
    """``headers`` (Address lists or text) above ``body``, read back and checked;
    ``what`` names the e-mail in a refusal."""
    fields = [_field(name, _tokens(value)) for name, value in headers.items()]
    raw = "".join(f"{field}\r\n" for field in fields).encode("ascii") + eml_bytes(body)
    return checked(raw, headers, body.keys(), what)


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


def checked(raw: bytes, headers: dict, mime: list[str], what: str = "the recap") -> EmailMessage:
    """The message of ``raw``, refused unless its headers are exactly ``headers``
    (From, To, Cc with the same addresses and names, the same text) and the
    MIME headers ``mime``: no Bcc, no other header."""
    import email
    import email.policy

    names = [*headers, *mime]
    _check_header_lines(raw, names, what)
    read = email.message_from_bytes(raw, policy=email.policy.default)
    if sorted(n.lower() for n in read.keys()) != sorted(n.lower() for n in names):
        _refuse(what, f"its headers would be {', '.join(read.keys())} instead of "
                      f"{', '.join(names)}")
    for name, intended in headers.items():
        if _as_read(read[name], intended) != _as_written(intended):
            _refuse(what, f"its {name} header would read back as "
                          f"{_as_read(read[name], intended)!r} instead of {_as_written(intended)!r}")
    draft = email.message_from_bytes(raw, policy=email.policy.default.clone(refold_source="none"))
    if eml_bytes(draft) != raw:
        _refuse(what, "it would not be written as it was checked")
    return draft


def _check_header_lines(raw: bytes, names: list[str], what: str) -> None:
    """Every line above the body starts a header of ``names`` or continues one."""
    allowed = {name.lower() for name in names}
    for found in re.finditer(rb"([^\r\n]*)(?:\r\n|\r|\n)", raw):  # any line end ends a line
        line = found.group(1)
        if not line:
            return
        name, colon, _ = line.partition(b":")
        if line[:1] not in (b" ", b"\t") and (not colon or name.decode("ascii", "replace").lower()
                                               not in allowed):
            _refuse(what, f"it would hold the header line "
                          f"{line[:80].decode('ascii', 'replace')!r}")


def _as_written(value):
    return [(a.display_name, a.addr_spec) for a in value] if isinstance(value, list) else value


def _as_read(header, intended):
    if not isinstance(intended, list):
        return str(header)
    return [(a.display_name, a.addr_spec) for a in getattr(header, "addresses", ())]


def _refuse(what: str, why: str):
    raise DealroomError(f"{what} was not written: {why}; check the deal title and the "
                        "people's names and e-mails, and please report this to dealroom's "
                        "maintainers")


def header_field(name: str, value) -> str:
    """One header, ``Name: value``, folded: ``value`` is text or a list of addresses."""
    return _field(name, _tokens(value))


def too_long_for_a_header(name: str) -> bool:
    """Whether a display name cannot be written on a header line at all."""
    return any(len(word) > LONGEST_HEADER_TOKEN for word in _phrase(name))
