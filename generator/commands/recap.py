"""``dealroom recap PLAN``: the e-mail draft that links the current version.

The draft goes to the people ``--to`` and ``--cc`` name, else to the default
(:func:`generator.mail.recap.default_recipients`); its changes are counted from
the version the last recorded recap was of, else from the version before;
and each recap written is recorded in the history store, drafted or sent.
"""

from __future__ import annotations

import os
import re
import sys
from pathlib import Path

from generator.commands.check import parse_today
from generator.errors import PlanError, Problem, StoreError, UsageError
from generator.files import write_output
from generator.commands.loading import load_plan_saying_warnings
from generator.rendering.render import RenderOptions, edition


def run_recap(plan_file: str, out: str | None, since: int | None, attach: bool, send: bool,
              store: str | None, today: str | None, to: list[str] = (),
              cc: list[str] = ()) -> int:
    """Write the recap of the latest revision (and send it with ``--send``) to
    ``out``, by default ``out/<deal-id>.seller/recap-v<N>.eml``: the seller's
    folder beside the one ``publish`` fills for the buyer; then record it."""
    from generator.history.store import recorded_recaps
    from generator.mail.recap import chosen_recipients, eml_bytes
    from generator.mail.sending import SmtpSettings

    if send:
        SmtpSettings.from_environ(os.environ)  # wrong settings: a usage error, nothing written
    loaded = load_plan_saying_warnings(plan_file)
    deal_id = loaded.plan.deal.id
    revisions = published(plan_file, loaded, store)
    latest = revisions[-1].number
    since, last = baseline(since, latest, recorded_recaps(Path(plan_file), deal_id, store))
    room = edition(loaded, RenderOptions(today=parse_today(today), version=latest,
                                         revisions=revisions), "buyer")
    recipients = at_their_lines(loaded, lambda: chosen_recipients(room.room, list(to), list(cc)))
    warn_unaddressed(recipients, "the recap")
    if not recipients.to:
        print("dealroom: warning: the recap is addressed to nobody; name its readers with --to",
              file=sys.stderr)
    message = at_their_lines(loaded, lambda: _draft(loaded, room, latest, since, attach,
                                                    recipients, last))
    target = Path(out) if out else default_target(deal_id, latest)
    write_output(target, eml_bytes(message))
    print(target)
    print(_counted(since, last))
    if send:
        from generator.mail.sending import send as send_message

        send_message(message)
        print("sent")
    record(plan_file, store, deal_id, latest, since, recipients, "sent" if send else "drafted")
    return 0


def published(plan_file: str, loaded, store: str | None) -> list:
    """The plan's published revisions, oldest first; none is a usage error."""
    from generator.history.location import shown, store_exists
    from generator.history.store import published_revisions, store_path

    path = store_path(Path(plan_file), store)
    if not store_exists(path):
        raise UsageError(f"{shown(path)}: nothing published yet; run: dealroom publish {plan_file}")
    revisions = published_revisions(Path(plan_file), loaded.plan.deal.id, store)
    if not revisions:
        raise UsageError(f"no version of {loaded.plan.deal.id} published yet; run: dealroom publish {plan_file}")
    return revisions


def baseline(since: int | None, latest: int, recaps) -> tuple[int | None, object]:
    """The version to count changes from, and the recorded recap it is the version
    of when that recap is the last one written (then the draft says "since the
    last recap"). By default: the version the last recap of an earlier version
    was of, else the one before the latest (None for the first version)."""
    if since is not None and not 0 <= since < latest:
        raise UsageError(f"--since {since}: choose a version from 0 to {latest - 1}")
    earlier = [recap for recap in recaps if recap.version < latest]
    if since is None:
        since = earlier[-1].version if earlier else (latest - 1 or None)
    last = recaps[-1] if recaps and recaps[-1].version == since else None
    return since, last


def _counted(since: int | None, last) -> str:
    """What the changes of the draft are counted from, for the seller."""
    if since is None:
        return "the first version: no changes to list"
    if last is not None:
        return (f"changes since version {since}, the last recap ({last.delivery} "
                f"{last.recorded_at:%Y-%m-%d %H:%M} UTC); --since N counts from another")
    return f"changes since version {since}; --since N counts from another"


def _draft(loaded, room, latest: int, since: int | None, attach: bool, recipients, last):
    """The recap e-mail of version ``latest``."""
    from generator.mail.recap import recap_message

    return recap_message(room, changes=changes_since(room, since, latest), version=latest,
                         since=since, versioned_link=versioned(loaded.plan.deal.current_link, latest),
                         attach=_brief(room) if attach else None, recipients=recipients,
                         last_recap=last)


def default_target(deal_id: str, number: int) -> Path:
    """``out/<deal-id>.seller/recap-v<N>.eml``: ``out/<deal-id>/`` is the buyer's."""
    return Path("out") / f"{deal_id}.seller" / f"recap-v{number}.eml"


def warn_unaddressed(recipients, what: str) -> None:
    """Say on stderr who was chosen but has no e-mail address in the plan."""
    for person in recipients.unaddressed:
        print(f"dealroom: warning: {person.name} ({person.id}) has no e-mail address in the "
              f"plan, so {what} is not addressed to them", file=sys.stderr)


def record(plan_file: str, store: str | None, deal_id: str, version: int, since: int | None,
           recipients, delivery: str) -> None:
    """Record the recap in the history store; a store that cannot be written is
    said on stderr (the draft is there all the same)."""
    import datetime as dt

    from generator.history.recap_rows import RecordedRecap
    from generator.history.location import open_store, store_path

    recap = RecordedRecap(deal_id=deal_id, version=version, since=since,
                          to=tuple(p.id for p in recipients.to),
                          cc=tuple(p.id for p in recipients.cc), delivery=delivery,
                          recorded_at=dt.datetime.now(dt.timezone.utc).replace(microsecond=0))
    try:
        with open_store(store_path(Path(plan_file), store)) as history:
            history.record_recap(recap)
    except StoreError as error:
        print(f"dealroom: warning: the recap was not recorded, so the next one will not count "
              f"its changes from it: {error}", file=sys.stderr)


def at_their_lines(loaded, make):
    """``make()``, its plan errors (``people[3].email``) at their line in the plan file."""
    from generator.plan.plan_file import parse, position

    try:
        return make()
    except PlanError as error:
        root = parse(loaded.text, loaded.file)
        raise PlanError([Problem(loaded.file, *position(root, _key_path(p.path)), p.path,
                                 p.message, p.severity) for p in error.problems],
                        error.warnings) from None


def _key_path(path: str) -> tuple:
    """``people[3].email`` as ``("people", 3, "email")``."""
    return tuple(int(part[1:-1]) if part.startswith("[") else part
                 for part in re.findall(r"\[\d+\]|[^.\[\]]+", path))


def changes_since(room, since: int | None, latest: int) -> list:
    """The buyer's changes after version ``since`` (None: the latest version's own)."""
    first = latest if since is None else since + 1
    return [change for version in room.room.past.versions if version.number >= first
            for change in version.changes]


def versioned(link: str | None, number: int) -> str | None:
    """The address of version ``number`` of the deal room (``…/v2/``), if it has one."""
    if not link:
        return None
    return f"{link.rstrip('/')}/v{number}/"


def _brief(room) -> dict[str, bytes]:
    from generator.writers import WRITERS

    return {"brief.pdf": WRITERS["brief"].write(room)["brief.pdf"]}
