"""``dealroom remind PLAN``: one e-mail draft per buyer person with steps due soon or late.

The drafts go to the seller's folder, ``out/<deal-id>.seller/reminders-v<N>/``
(one ``<person-id>.eml`` each, nothing else left there), never to the buyer's
published folder; ``--send`` sends them as ``recap --send`` does.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

from generator.commands.check import parse_today
from generator.commands.recap import at_their_lines, published
from generator.errors import RemoteError, UsageError
from generator.files import write_output
from generator.commands.loading import load_plan_saying_warnings
from generator.rendering.render import RenderOptions, edition

MOST_DAYS = 365
"""The furthest ``--days`` looks ahead."""


def run_remind(plan_file: str, *, days: int = 7, cc: list[str] = (), out: str = "out",
               send: bool = False, store: str | None = None, today: str | None = None) -> int:
    """Write (and with ``send``, send) the reminders of the latest published version."""
    from generator.mail.recipients import named
    from generator.mail.sending import SmtpSettings

    if not 0 <= days <= MOST_DAYS:
        raise UsageError(f"--days {days}: choose a number of days from 0 to {MOST_DAYS}")
    if send:
        SmtpSettings.from_environ(os.environ, "the reminders")  # nothing written if wrong
    loaded = load_plan_saying_warnings(plan_file)
    revisions = published(plan_file, loaded, store)
    latest = revisions[-1].number
    room = edition(loaded, RenderOptions(today=parse_today(today), version=latest,
                                         revisions=revisions), "buyer")
    copied = named(room.room.plan, list(cc), "--cc")
    drafts = at_their_lines(loaded, lambda: _drafts(room, days, latest, copied))
    folder = Path(out) / f"{loaded.plan.deal.id}.seller" / f"reminders-v{latest}"
    written = _write(folder, drafts)
    if not drafts:
        print(f"no reminder: nothing of {room.room.plan.deal.buyer} is due in the next {days} "
              "days or late")
    if send:
        _send_all(written)
    return 0


def _drafts(room, days: int, version: int, copied: list) -> list[tuple]:
    """``[(person, message, recipients)]`` for every buyer person with steps due."""
    from generator.mail.reminders import due_steps, reminder_message

    return [(person, *reminder_message(room, person, steps, version=version, cc=copied))
            for person, steps in due_steps(room.room, days)]


def _write(folder: Path, drafts: list[tuple]) -> list[tuple]:
    """Write each draft as ``<person-id>.eml``, remove the drafts of an earlier run,
    print each path and warn of each person without an address; ``[(path, message,
    recipients)]``."""
    from generator.commands.recap import warn_unaddressed
    from generator.mail.headers import eml_bytes

    written = []
    for person, message, recipients in drafts:
        path = folder / f"{person.id}.eml"
        write_output(path, eml_bytes(message))
        warn_unaddressed(recipients, "the reminder")
        print(path)
        written.append((path, message, recipients))
    kept = {path.name for path, _, _ in written}
    for stale in folder.glob("*.eml") if folder.is_dir() else ():
        if stale.name not in kept:
            stale.unlink()
    return written


def _send_all(written: list[tuple]) -> None:
    """Send every draft addressed to its person, each through its own connection; one
    whose person has no address is not sent (not even to the people copied)."""
    from generator.mail.sending import send

    sent = 0
    for path, message, recipients in written:
        if not recipients.to:
            print(f"dealroom: warning: {path} was not sent: the person it reminds has no e-mail "
                  "address", file=sys.stderr)
            continue
        try:
            send(message, os.environ, "the reminder")
        except RemoteError as error:
            raise RemoteError(f"{error} ({path}; {sent} of {len(written)} reminders sent "
                              "before it)") from None
        sent += 1
        print(f"sent {path}")
