"""``dealroom recap PLAN``: the e-mail draft that links the current version."""

from __future__ import annotations

from pathlib import Path

from generator.commands.check import parse_today
from generator.errors import UsageError
from generator.files import write_atomically
from generator.loader import load_plan
from generator.render import RenderOptions, edition


def run_recap(plan_file: str, out: str | None, since: int | None, attach: bool, send: bool,
              store: str | None, today: str | None) -> int:
    """Write the recap of the latest revision (and send it with ``--send``)."""
    from generator.recap import eml_bytes, recap_message
    from generator.store import published_revisions, store_path

    loaded = load_plan(plan_file)
    path = store_path(Path(plan_file), store)
    if not path.exists():
        raise UsageError(f"{path}: nothing published yet; run: dealroom publish {plan_file}")
    revisions = published_revisions(Path(plan_file), loaded.plan.deal.id, store)
    if not revisions:
        raise UsageError(f"no version of {loaded.plan.deal.id} published yet; run: dealroom publish {plan_file}")
    latest = revisions[-1]
    room = edition(loaded, RenderOptions(today=parse_today(today), version=latest.number,
                                         revisions=revisions), "buyer")
    message = recap_message(room, changes=changes_since(room, since, latest.number),
                            version=latest.number, since=since,
                            versioned_link=_versioned(loaded.plan.deal.current_link, latest.number),
                            attach=_brief(room) if attach else None)
    target = Path(out) if out else Path("out") / loaded.plan.deal.id / f"recap-v{latest.number}.eml"
    write_atomically(target, eml_bytes(message))
    print(target)
    if send:
        from generator.recap import send as send_message

        send_message(message)
        print("sent")
    return 0


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
