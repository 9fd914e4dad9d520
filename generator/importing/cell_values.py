"""What a buyer typed in a Due, Status or Owner cell of the Word deal room, as plan values.

``dealroom import`` reads each workstream table of the buyer's document (Code,
Step, Owner, Due, Status, If it is missed). This module turns the text of one
cell into plan values, and never guesses: text that could mean two things, or
nothing the plan knows, becomes a *question*, a sentence the seller can act on,
and then no value is read from that cell.

- Due: what ``DealRoom.due_text`` prints (``5 Dec 2026``, ``5 Dec 2026 (to
  confirm)``, ``Done 3 Dec 2026``, ``Date to agree``) in every locale, and what
  people type (see :mod:`generator.importing.dates_typed`).
- Status: the four statuses in the words people use, ignoring case,
  punctuation and the ``, late`` that ``DealRoom.status_text`` adds.
- Owner: names, e-mail addresses or initials, joined by ``and``, ``&``, ``+``,
  commas, semicolons, slashes or new lines.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata

from generator.importing.dates_typed import quoted, read_date
from generator.record import Record

# -- Due ------------------------------------------------------------------------------

DONE = re.compile(r"^done\b[\s:,.\-–—]*(?:on\b\s*)?", re.IGNORECASE)
TO_CONFIRM = re.compile(r"\(\s*(?:to\s+(?:be\s+)?confirm(?:ed)?|tbc)\s*\)"
                        r"|\bto\s+(?:be\s+)?confirm(?:ed)?\b|\btbc\b", re.IGNORECASE)
UNDATED = re.compile(r"(?:date\s+to\s+agree|to\s+agree|to\s+be\s+agreed|tbd|tba|no\s+date"
                     r"|[-–—]+)?", re.IGNORECASE)
EDGES = " \t\n,;:"


class DueReading(Record):
    """What a Due cell says."""

    due: dt.date | None = None
    """The due date read."""
    done: bool = False
    """The cell says the task is done (``Done 3 Dec 2026``, ``Done``)."""
    done_on: dt.date | None = None
    """The day it was done, when the cell gives one."""
    to_confirm: bool = False
    """``(to confirm)``, ``to confirm`` or ``tbc`` is written: the date is a placeholder."""
    undated: bool = False
    """``Date to agree``, ``TBD``, ``TBC`` alone or an empty cell: the task has no date."""
    question: str | None = None
    """Set when the text cannot be read without guessing; then nothing else is set."""


def read_due(text: str, locale: str, near: dt.date | None = None) -> DueReading:
    """The Due cell ``text`` in the document's ``locale``; ``near`` is the old date."""
    said = " ".join(text.split())
    done = DONE.match(said)
    rest = said[done.end():] if done else said
    to_confirm = bool(TO_CONFIRM.search(rest))
    rest = TO_CONFIRM.sub(" ", rest).strip(EDGES)
    if done and to_confirm:
        return DueReading(question=f"{quoted(said)} is both done and to confirm: write Done and "
                                   "the day it was done, or the due date alone")
    if UNDATED.fullmatch(rest):
        return DueReading(done=True) if done else DueReading(undated=True)
    reading = read_date(rest, locale, near)
    if reading.question:
        return DueReading(question=reading.question)
    if done:
        return DueReading(done=True, done_on=reading.date)
    return DueReading(due=reading.date, to_confirm=to_confirm)


# -- Status ---------------------------------------------------------------------------

STATUS_WORDS = {
    "done": ("Done", "Complete", "Completed", "Finished", "Signed", "✓", "✔", "Yes"),
    "in_progress": ("In progress", "Started", "Ongoing", "Underway", "WIP"),
    "blocked": ("Blocked", "On hold", "Stuck", "Waiting"),
    "not_started": ("Not started", "To do", "Todo", "Open", "Planned", "Not yet"),
}
"""The words read as each status, as a question lists them."""
LATE = re.compile(r"[\s,;:(\-–—]*\blate\b[\s)]*$", re.IGNORECASE)


def _status_key(text: str) -> str:
    """Text compared as a status: no case, accents, punctuation or spaces."""
    bare = unicodedata.normalize("NFKD", text.casefold())
    return "".join(c for c in bare if c.isalnum() or c in "✓✔")


STATUS_OF = {_status_key(word): status for status, words in STATUS_WORDS.items() for word in words}


class StatusReading(Record):
    """What a Status cell says."""

    status: str | None = None
    """One of :data:`generator.plan.model.STATUSES`."""
    question: str | None = None
    """Set when the text is not a status this reader knows."""


def read_status(text: str) -> StatusReading:
    """The status ``text`` names: ``Done``, ``In progress, late``, ``WIP``, ``✓`` ..."""
    said = " ".join(text.split())
    status = STATUS_OF.get(_status_key(LATE.sub("", said)))
    if status:
        return StatusReading(status=status)
    understood = "; ".join(f"{', '.join(words)} ({status.replace('_', ' ')})"
                           for status, words in STATUS_WORDS.items())
    what = f"{quoted(said)} is not a status" if said else "The status is empty"
    return StatusReading(question=f"{what}: write one of {understood}")


# -- Owner ----------------------------------------------------------------------------

OWNER_SEPARATORS = re.compile(r"\s+and\s+|[&,;/\n]|\+(?![^\s&,;/+]*@)", re.IGNORECASE)
NOBODY = re.compile(r"tb[dca]|n/?a|none|nobody|no\s?one|unknown|unassigned"
                    r"|to\s+be\s+(?:decided|confirmed|agreed|assigned)|[\W_]*", re.IGNORECASE)
"""What people write in an Owner cell for "nobody yet": a question, never a person."""
EMAIL = re.compile(r"[^\s<>()\[\]]+@[^\s<>()\[\]]+")


class OwnerReading(Record):
    """Who an Owner cell names."""

    ids: tuple[str, ...] = ()
    """Ids of the people named, in the order written."""
    unknown: tuple[str, ...] = ()
    """Names that match nobody in the plan, as written: people to add."""
    question: str | None = None
    """Set when a name could be two people; then nothing else is set."""


def read_owners(text: str, people) -> OwnerReading:
    """The people ``text`` names; ``people`` have ``id``, ``name``, ``email`` and ``side``."""
    said = " ".join(text.split())
    if said and NOBODY.fullmatch(said):
        return OwnerReading(question=f"{quoted(said)} names nobody: ask the buyer who owns it")
    ids: list[str] = []
    unknown: list[str] = []
    for part in _owner_parts(text):
        found = _matches(part, people)
        if len(found) > 1:
            return OwnerReading(question=f"{quoted(part)} could be {_either(found)}: "
                                         "write the full name")
        if found and found[0].id not in ids:
            ids.append(found[0].id)
        elif not found and _name_key(part) not in map(_name_key, unknown):
            unknown.append(part)
    return OwnerReading(ids=tuple(ids), unknown=tuple(unknown))


def _owner_parts(text: str) -> list[str]:
    """The names in an Owner cell, trimmed, in order."""
    parts = (" ".join(part.split()) for part in OWNER_SEPARATORS.split(text))
    return [part for part in parts if any(c.isalnum() for c in part)]


def _matches(part: str, people) -> list:
    """The people a written name can mean: by e-mail, full name, then shorter forms."""
    email = EMAIL.search(part)
    if email:
        return [p for p in people if p.email and p.email.casefold() == email.group().casefold()]
    words = _words(part)
    full = [p for p in people if _words(p.name) == words]
    return full or [p for p in people if _shortened(words, _words(p.name))]


def _shortened(written: list[str], name: list[str]) -> bool:
    """Whether ``written`` is a short form of ``name``: ``Maria``, ``Chen``, ``M. Chen``, ``MC``."""
    if not written or not name:
        return False
    if len(written) == 1 and written[0] in (name[0], name[-1]):
        return True
    if len(written) == 1 and len(name) > 1 and written[0] == "".join(w[0] for w in name):
        return True
    return len(written) == len(name) > 1 and all(
        w == n or w == n[0] for w, n in zip(written, name))


def _words(name: str) -> list[str]:
    """A name's words, casefolded, without accents: ``Zoë O'Neil`` → ``zoe``, ``o``, ``neil``."""
    return re.findall(r"[^\W_]+", _name_key(name))


def _name_key(name: str) -> str:
    bare = unicodedata.normalize("NFKD", name.casefold())
    return "".join(c for c in bare if not unicodedata.combining(c))


def _either(found) -> str:
    """``Maria Chen or Maria Lopez``; people of the same name told apart by e-mail or side."""
    names = [p.name for p in found]
    shown = [f"{p.name} ({p.email or p.side})" if names.count(p.name) > 1 else p.name
             for p in found]
    return ", ".join(shown[:-1]) + " or " + shown[-1]
