"""``dealroom import PLAN FILE``: the buyer's edits as a change set, merged with ``--apply``."""

from __future__ import annotations

import json
from pathlib import Path

from generator.commands.check import parse_today
from generator.errors import ConflictError, DocumentError, UsageError
from generator.importing.edits import FIELD_NAMES
from generator.importing.merge import SIDES
from generator.importing.google_doc import SOURCE as GDOC_SOURCE
from generator.importing.report import as_data, report_lines
from generator.commands.loading import load_plan_saying_warnings



def run_import(plan_file: str, document: str | None, *, apply: bool, prefer: str | None,
               take: list[str], author: str | None, as_json: bool, store: str | None,
               today: str | None, gdoc: bool = False, service_account: str | None = None) -> int:
    """Import, print the change set, and say what was written."""
    from generator.commands.publish import default_author
    from generator.importing.apply import SOURCE, import_document

    decisions = parse_decisions(take)
    loaded = load_plan_saying_warnings(plan_file)
    with _open_store(Path(plan_file), store, apply, gdoc) as history:
        fetched = _fetch_google_doc(history, loaded, service_account) if gdoc else None
        done = import_document(loaded, fetched.document if gdoc else Path(document), history,
                               apply=apply, prefer=prefer, decisions=decisions,
                               today=parse_today(today), author=author,
                               fallback_author=default_author(Path(plan_file)),
                               source=GDOC_SOURCE if gdoc else SOURCE)
        if fetched is not None and apply and not done.merge.undecided:
            _settle(history, loaded, fetched)
    print(json.dumps(as_data(done), indent=2, ensure_ascii=False) if as_json
          else "\n".join(report_lines(done, loaded.plan)))
    undecided = done.merge.undecided
    if undecided:
        raise ConflictError(f"{len(undecided)} change{'s' * (len(undecided) != 1)} made on both "
                            f"sides; nothing was written: {_how_to_decide(undecided)}")
    return 0


def _how_to_decide(undecided) -> str:
    """What to run: a change to a step the seller removed can only keep the seller's side."""
    gone = [c for c in undecided if c.seller is None and c.edit.task_id]
    if gone:
        return (f"{gone[0].edit.code} is a step you removed, so the buyer's {gone[0].key} cannot "
                f"be taken: --take {gone[0].key}=seller (or put the step back in the plan)")
    return f"decide with --prefer buyer|seller or per change, e.g. --take {undecided[0].key}=buyer"


def parse_decisions(take: list[str]) -> dict[str, str]:
    """``--take S3.due=buyer`` as {"s3.due": "buyer"}."""
    decisions = {}
    for given in take:
        key, _, side = given.partition("=")
        if "." not in key or side.strip() not in SIDES:
            raise UsageError(f"--take {given!r}: write it as CODE.FIELD=buyer or CODE.FIELD=seller, "
                             "e.g. --take S3.due=buyer")
        field = key.partition(".")[2].strip()
        if field not in FIELD_NAMES:
            raise UsageError(f"--take {given!r}: {field} is not a field of a step; write "
                             "CODE.FIELD=buyer or CODE.FIELD=seller, FIELD being one of "
                             f"{', '.join(FIELD_NAMES)}")
        decisions[key.strip().casefold()] = side.strip()
    return decisions


def _open_store(plan_file: Path, store: str | None, apply: bool, gdoc: bool = False):
    from generator.history.location import open_store, shown, store_exists, store_path

    path = store_path(plan_file, store)
    if not store_exists(path):
        what = "The deal's Google Doc" if gdoc else "A Word deal room"
        raise DocumentError(f"no history store at {shown(path)}: {what[0].lower()}{what[1:]} is compared "
                            "with the published version it was made from; import where it was "
                            "published (--store PATH)")
    return open_store(path, create=apply)


def _fetch_google_doc(history, loaded, service_account: str | None):
    """The deal's Google Doc as recorded in the store, read from Google."""
    from generator.importing.google_doc import fetch_document, recorded_document
    from generator.publishing.google_doc import GoogleTarget, client_for

    recorded = recorded_document(history, loaded.plan.deal.id)
    client = client_for(GoogleTarget(service_account=service_account))
    return fetch_document(client, recorded)


def _settle(history, loaded, fetched) -> None:
    """Record that the document's edits are merged, so that the next publish may replace it."""
    from generator.publishing.lock import store_lock

    with store_lock(history, loaded.plan.deal.id):
        history.record_google_doc(fetched.state)
