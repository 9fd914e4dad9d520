"""What dealroom takes for an e-mail address: one rule for the plan and the recap.

A practical address, not all of RFC 5322: a dot-atom local part, ``@``, and a
domain of two labels or more, in ASCII. Spaces, angle brackets, quotes,
commas, control characters and encoded-word look-alikes (``=?``) cannot
match, so an address that passes goes into a mail header as it is.
"""

from __future__ import annotations

import re

_ATOM = r"[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+"
_LABEL = r"[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?"
ADDRESS = re.compile(rf"{_ATOM}(?:\.{_ATOM})*@{_LABEL}(?:\.{_LABEL})+")
MAX_LENGTH = 254
"""The longest address SMTP carries (RFC 5321's path limit less the brackets)."""


def is_email_address(text: str) -> bool:
    """Whether ``text`` is an address dealroom writes into a mail header as it is."""
    return len(text) <= MAX_LENGTH and "=?" not in text and ADDRESS.fullmatch(text) is not None
