"""One ``record`` into a history store, as its own process, for tests/test_store.py.

    python tests/store_worker.py STORE DEAL LABEL [--ready FILE] [--start FILE]
                                 [--hold-after-insert MARKER] [--times N]

STORE is a SQLite file or a postgresql:// URL. Records the snapshot
``{"label": LABEL, "tasks": [], ...}`` for DEAL, with a changes callable that
names the label of the revision it follows, and prints ``{"number": N}`` (or
``{"number": null}`` when nothing new was recorded). With ``--times N`` it
records N revisions labelled LABEL-1 ... LABEL-N, one transaction each, and
prints ``{"numbers": [...]}``.

``--ready`` is written once the process is up and ``--start`` is polled for,
so a test can release many workers at the same moment. ``--hold-after-insert``
writes MARKER after the INSERT but before the COMMIT and then sleeps, so a
test can kill the process in the middle of the transaction.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

from generator.history.location import is_url, open_store


class Holding:
    """Mixed into a store class: it stops, transaction open, right after inserting a revision."""

    marker: Path

    def _insert(self, row: dict) -> None:
        super()._insert(row)
        written = self.marker.with_name(self.marker.name + ".part")
        written.write_text(str(row["number"]))
        written.rename(self.marker)  # whole, so a reader never sees it empty
        time.sleep(600)


def label_change(before, after) -> list[dict]:
    """The change from the previous revision's label to this one's."""
    return [{"kind": "task_retitled", "subject": "label", "before": before and before["label"],
             "after": after["label"]}]


def wait_for(path: Path, seconds: float = 60.0) -> None:
    """Poll until ``path`` exists."""
    deadline = time.monotonic() + seconds
    while not path.exists():
        if time.monotonic() > deadline:
            sys.exit(f"gave up waiting for {path}")
        time.sleep(0.001)


def main(argv=None) -> None:
    """Parse the arguments, wait for the start signal, record once."""
    parser = argparse.ArgumentParser()
    parser.add_argument("store")
    parser.add_argument("deal")
    parser.add_argument("label")
    parser.add_argument("--ready", type=Path)
    parser.add_argument("--start", type=Path)
    parser.add_argument("--hold-after-insert", type=Path)
    parser.add_argument("--times", type=int)
    args = parser.parse_args(argv)
    if args.ready:
        args.ready.write_text("ready")
    if args.start:
        wait_for(args.start)
    if args.hold_after_insert:
        store = holding_class(args.store, args.hold_after_insert).open(args.store)
    else:
        store = open_store(args.store)
    with store:
        if args.times:
            numbers = [record(store, args.deal, f"{args.label}-{n}").number
                       for n in range(1, args.times + 1)]
            print(json.dumps({"numbers": numbers}))
            return
        revision = record(store, args.deal, args.label)
    print(json.dumps({"number": revision and revision.number}))


def record(store, deal: str, label: str):
    snapshot = {"label": label, "tasks": [], "people": [], "objectives": []}
    return store.record(deal, snapshot, snapshot, author=label, source="publish", note=None,
                        changes=label_change)


def holding_class(location: str, marker: Path) -> type:
    """The location's store class, made to stop after its insert."""
    if is_url(location):
        from generator.history.postgres_store import PostgresStore as base
    else:
        from generator.history.store import Store as base
    return type("HoldingStore", (Holding, base), {"marker": marker})


if __name__ == "__main__":
    main()
