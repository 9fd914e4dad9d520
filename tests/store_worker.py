"""One ``record`` into a history store, as its own process, for tests/test_store.py.

    python tests/store_worker.py STORE DEAL LABEL [--ready FILE] [--start FILE]
                                 [--hold-after-insert MARKER]

Records the snapshot ``{"label": LABEL, "tasks": [], ...}`` for DEAL, with a
changes callable that names the label of the revision it follows, and prints
``{"number": N}`` (or ``{"number": null}`` when nothing new was recorded).

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

from generator.history.store import Store


class HoldingStore(Store):
    """A store that stops, transaction open, right after inserting a revision."""

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
    parser.add_argument("store", type=Path)
    parser.add_argument("deal")
    parser.add_argument("label")
    parser.add_argument("--ready", type=Path)
    parser.add_argument("--start", type=Path)
    parser.add_argument("--hold-after-insert", type=Path)
    args = parser.parse_args(argv)
    if args.ready:
        args.ready.write_text("ready")
    if args.start:
        wait_for(args.start)
    store_class = Store
    if args.hold_after_insert:
        store_class = type("Holding", (HoldingStore,), {"marker": args.hold_after_insert})
    snapshot = {"label": args.label, "tasks": [], "people": [], "objectives": []}
    with store_class.open(args.store) as store:
        revision = store.record(args.deal, snapshot, snapshot, author=args.label,
                                source="publish", note=None, changes=label_change)
    print(json.dumps({"number": revision and revision.number}))


if __name__ == "__main__":
    main()
