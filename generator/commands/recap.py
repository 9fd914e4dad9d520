"""``dealroom recap PLAN``: the e-mail draft that links the current version."""

from __future__ import annotations

import os
import re
from pathlib import Path

from generator.commands.check import parse_today
from generator.errors import PlanError, Problem, UsageError
from generator.files import write_output
from generator.commands.loading import load_plan_saying_warnings
from generator.rendering.render import RenderOptions, edition


def run_recap(plan_file: str, out: str | None, since: int | None, attach: bool, send: bool,
              store: str | None, today: str | None) -> int:
    """Write the recap of the latest revision (and send it with ``--send``) to
    ``out``, by default ``out/<deal-id>.seller/recap-v<N>.eml``: the seller's
    folder beside the one ``publish`` fills for the buyer."""
    from generator.mail.recap import eml_bytes
    from generator.mail.sending import SmtpSettings

    if send:
        SmtpSettings.from_environ(os.environ)  # wrong settings: a usage error, nothing written
    loaded = load_plan_saying_warnings(plan_file)
    revisions = _published(plan_file, loaded, store)
    room = edition(loaded, RenderOptions(today=parse_today(today), version=revisions[-1].number,
                                         revisions=revisions), "buyer")
    message = _draft(loaded, room, revisions[-1].number, since, attach)
    target = Path(out) if out else default_target(loaded.plan.deal.id, revisions[-1].number)
    write_output(target, eml_bytes(message))
    print(target)
    if send:
        from generator.mail.sending import send as send_message

        send_message(message)
        print("sent")
    return 0


def _published(plan_file: str, loaded, store: str | None) -> list:
    """The plan's published revisions, oldest first; none is a usage error."""
    from generator.history.store import published_revisions, store_path

    path = store_path(Path(plan_file), store)
    if not path.exists():
        raise UsageError(f"{path}: nothing published yet; run: dealroom publish {plan_file}")
    revisions = published_revisions(Path(plan_file), loaded.plan.deal.id, store)
    if not revisions:
        raise UsageError(f"no version of {loaded.plan.deal.id} published yet; run: dealroom publish {plan_file}")
    return revisions


def _draft(loaded, room, latest: int, since: int | None, attach: bool):
    """The recap e-mail of version ``latest``; its plan errors at their lines."""
    from generator.mail.recap import recap_message

    try:
        return recap_message(room, changes=changes_since(room, since, latest), version=latest,
                             since=since,
                             versioned_link=_versioned(loaded.plan.deal.current_link, latest),
                             attach=_brief(room) if attach else None)
    except PlanError as error:
        raise _at_their_lines(error, loaded) from None


def default_target(deal_id: str, number: int) -> Path:
    """``out/<deal-id>.seller/recap-v<N>.eml``: ``out/<deal-id>/`` is the buyer's."""
    return Path("out") / f"{deal_id}.seller" / f"recap-v{number}.eml"


def _at_their_lines(error: PlanError, loaded) -> PlanError:
    """The recap's plan errors (``people[3].email``) at their line in the plan file."""
    from generator.plan.plan_file import parse, position

    root = parse(loaded.text, loaded.file)
    return PlanError([Problem(loaded.file, *position(root, _key_path(p.path)), p.path, p.message,
                              p.severity) for p in error.problems], error.warnings)


def _key_path(path: str) -> tuple:
    """``people[3].email`` as ``("people", 3, "email")``."""
    return tuple(int(part[1:-1]) if part.startswith("[") else part
                 for part in re.findall(r"\[\d+\]|[^.\[\]]+", path))


def changes_since(room, since: int | None, latest: int) -> list:
    """The buyer's changes after version ``since`` (default: the one before the latest)."""
    first = latest if since is None else since + 1
    if since is not None and not 0 <= since < latest:
        raise UsageError(f"--since {since}: choose a version from 0 to {latest - 1}")
    return [change for version in room.room.past.versions if version.number >= first
            for change in version.changes]


def _versioned(link: str | None, number: int) -> str | None:
    if not link:
        return None
    return f"{link.rstrip('/')}/v{number}/"


def _brief(room) -> dict[str, bytes]:
    from generator.writers import WRITERS

    return {"brief.pdf": WRITERS["brief"].write(room)["brief.pdf"]}
