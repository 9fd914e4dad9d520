"""``dealroom import PLAN FILE``: the buyer's edits as a change set, merged with ``--apply``."""

from __future__ import annotations

import json
from pathlib import Path

from generator.commands.check import parse_today
from generator.errors import ConflictError, DocumentError, UsageError
from generator.importing.edits import FIELD_NAMES
from generator.importing.merge import SIDES
from generator.importing.report import as_data, report_lines
from generator.commands.loading import load_plan_saying_warnings



def run_import(plan_file: str, document: str, *, apply: bool, prefer: str | None, take: list[str],
               author: str | None, as_json: bool, store: str | None, today: str | None) -> int:
    """Import, print the change set, and say what was written."""
    from generator.commands.publish import default_author
    from generator.importing.apply import import_document

    decisions = parse_decisions(take)
    loaded = load_plan_saying_warnings(plan_file)
    document_path = Path(document)
    with _open_store(Path(plan_file), store, apply) as history:
        done = import_document(loaded, document_path, history, apply=apply, prefer=prefer,
                               decisions=decisions, today=parse_today(today), author=author,
                               fallback_author=default_author(Path(plan_file)))
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


def _open_store(plan_file: Path, store: str | None, apply: bool):
    from generator.history.store import Store, store_path

    path = store_path(plan_file, store)
    if not path.exists():
        raise DocumentError(f"no history store at {path}: a Word deal room is compared with the "
                            "published version it was made from; import where it was published "
                            "(--store PATH)")
    return Store.open(path, create=apply)
