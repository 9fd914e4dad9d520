"""The Word deal room: writing it, and importing a buyer's edits back.

1. Whole-process median of ``dealroom render examples/enterprise.yaml --to
   docx`` against python-docx alone writing a comparable table document in a
   fresh process (bench/python_docx_alone.py: a title, a heading and a
   six-column table per workstream, people and risks, a footer), the two
   interleaved in the same run. dealroom does more (theme styles, the
   timeline picture, objectives, history, custom properties); the ratio says
   what that costs.
2. Whole-process median of ``dealroom import`` of an edited 100-task
   document (tests/long_plan.py, published once; ten cells changed with
   tracked changes and a comment, as Word writes them), against
   ``python -c pass``. Target (issue 8): under 1 s.

    .venv/bin/python bench/word.py [--runs 9]
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import sys
import tempfile
from pathlib import Path

from timing import ROOT, interleaved_medians, time_once

sys.path[:0] = [str(ROOT), str(ROOT / "tests")]
BIN = Path(sys.executable).parent
PLAN = ROOT / "examples" / "enterprise.yaml"
TODAY = "2026-11-21"
IMPORT_TARGET_SECONDS = 1.0
TASKS = 100


def comparable_rows(path: Path) -> None:
    """What dealroom prints in its tables, saved for the python-docx baseline."""
    from generator.plan.loader import load_plan
    from generator.rendering.editable import STEP_COLUMNS
    from generator.rendering.room import DealRoom

    plan = load_plan(PLAN).plan.for_buyer()
    room = DealRoom(plan, dt.date.fromisoformat(TODAY))
    rows = {w.id: [] for w in plan.workstreams}
    for task in plan.tasks:
        rows[task.workstream].append([room.code(task), task.title, room.owner_names(task),
                                      room.due_text(task), room.status_text(task),
                                      task.if_missed or ""])
    path.write_text(json.dumps({
        "title": plan.deal.title, "header": [header for _, header in STEP_COLUMNS],
        "workstreams": [{"name": w.name, "rows": rows[w.id]} for w in plan.workstreams],
        "people": [[p.name, p.title or "", p.role] for p in plan.people],
        "risks": [[r.title, r.owner or "", r.mitigation or ""] for r in plan.risks],
        "footer": f"Deal {plan.deal.id} · version 1"}), encoding="utf-8")


def render_medians(folder: Path, runs: int) -> dict[str, float]:
    rows = folder / "rows.json"
    comparable_rows(rows)
    return interleaved_medians({
        "python-docx alone, comparable tables": [
            sys.executable, str(ROOT / "bench" / "python_docx_alone.py"), str(rows),
            str(folder / "alone.docx")],
        "dealroom render examples/enterprise.yaml --to docx": [
            str(BIN / "dealroom"), "render", str(PLAN), "--to", "docx", "-o", str(folder / "out"),
            "--today", TODAY],
    }, runs)


def edited_long_plan(folder: Path) -> Path:
    """A published 100-task deal and its Word document with ten buyer edits."""
    from docx_edits import WordEdits
    from long_plan import long_plan_text

    (folder / "plan.yaml").write_text(long_plan_text(TASKS, 5), encoding="utf-8")
    time_once([str(BIN / "dealroom"), "publish", "plan.yaml", "--to", "docx", "--today", TODAY],
              folder)
    (docx,) = (folder / "out").glob("*/*.docx")
    word = WordEdits(docx)
    codes = _codes(docx)[:10]
    for number, code in enumerate(codes):
        if number % 2:
            word.set_cell(code, "Status", "Done", "Bench Buyer")
        else:
            word.set_cell(code, "Step", f"Step reworded by the buyer ({number})", "Bench Buyer")
    word.comment(codes[0], "Step", "We need this earlier", "Bench Buyer")
    return word.save(folder / "edited.docx")


def _codes(docx: Path) -> list[str]:
    from generator.readers.word import read_deal_document

    return [row.code for table in read_deal_document(docx).tables for row in table.rows]


def import_medians(folder: Path, runs: int) -> dict[str, float]:
    edited = edited_long_plan(folder)
    return interleaved_medians({
        "python -c pass": [sys.executable, "-c", "pass"],
        f"dealroom import (a {TASKS}-task document, 10 edits)": [
            str(BIN / "dealroom"), "import", "plan.yaml", str(edited), "--today", TODAY],
    }, runs, cwd=folder)


def report(render: dict[str, float], imported: dict[str, float], runs: int) -> str:
    lines = [f"Word deal room, {dt.date.today()}, {platform.python_version()}, "
             f"{os.cpu_count()} cores, median of {runs} whole-process runs:", "",
             "| command | median | ratio |", "|---|---:|---:|"]
    for medians in (render, imported):
        base = next(iter(medians.values()))
        lines += [f"| {name} | {seconds * 1000:.0f} ms | {seconds / base:.2f}× |"
                  for name, seconds in medians.items()]
    seconds = list(imported.values())[-1]
    verdict = "meets" if seconds < IMPORT_TARGET_SECONDS else "MISSES"
    return "\n".join(lines + ["", f"import {verdict} its target of {IMPORT_TARGET_SECONDS:g} s"])


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=9)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as render_folder, tempfile.TemporaryDirectory() as deal:
        render = render_medians(Path(render_folder), args.runs)
        imported = import_medians(Path(deal), args.runs)
    print(report(render, imported, args.runs))
    return 0


if __name__ == "__main__":
    sys.exit(main())
