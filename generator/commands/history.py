"""``dealroom history PLAN``: every revision, its changes, the slips and the recaps written."""

from __future__ import annotations

import json
from pathlib import Path

from generator.errors import UsageError
from generator.publishing.folders import missing_versions


def run_history(plan_file: str, store: str | None, as_json: bool) -> int:
    """Print the plan's revisions (text or JSON)."""
    from generator.commands.loading import load_plan_saying_warnings
    from generator.history.location import shown, store_exists
    from generator.history.store import (published_revisions, recorded_google_docs,
                                         recorded_recaps, store_path)

    loaded = load_plan_saying_warnings(plan_file)
    path = store_path(Path(plan_file), store)
    if not store_exists(path):
        raise UsageError(f"{shown(path)}: no history yet; record one with: dealroom publish {plan_file}")
    revisions = published_revisions(Path(plan_file), loaded.plan.deal.id, store)
    recaps = recorded_recaps(Path(plan_file), loaded.plan.deal.id, store)
    documents = recorded_google_docs(Path(plan_file), loaded.plan.deal.id, store)
    if as_json:
        print(_as_json(revisions, recaps, documents))
    else:
        print("\n".join([_as_text(revisions, loaded.plan), *_recaps_text(recaps, loaded.plan),
                         *_google_docs_text(documents)]))
    return 0


def _google_docs_text(documents) -> list[str]:
    """``google doc`` and one line per time dealroom wrote or read the deal's Google Doc."""
    if not documents:
        return []
    lines = ["", "google doc"]
    for state in documents:
        lines.append(f"    v{state.version}  {state.recorded_at}  {state.event}  "
                     f"Drive version {state.drive_version}  {state.link}")
    return lines


def _as_text(revisions, plan) -> str:
    from generator.history.changes import from_data, slips
    from generator.plan.codes import task_codes

    codes = task_codes(plan)
    if not revisions:
        return f"{plan.deal.id}: no revision recorded yet"
    lines = []
    missing = missing_versions(revisions)
    for revision in reversed(revisions):
        head = f"v{revision.number}  {revision.recorded_at}  {revision.author or '?'}  {revision.source}"
        lines.append(head + (f"  “{revision.note}”" if revision.note else ""))
        if revision.seller_note:
            lines.append(f"    seller note (never shown to the buyer): {revision.seller_note}")
        if revision.number in missing:
            lines.append(f"    files missing: {missing[revision.number]} (the next dealroom "
                         "publish writes them again)")
        lines.extend(f"    {c.describe(codes=codes)}" for c in from_data(revision.changes or []))
    moves = slips([(r.number, from_data(r.changes or [])) for r in revisions])
    if moves:
        lines += ["", "slips"]
        for task_id, changes in moves.items():
            total = sum(c.days or 0 for c in changes)
            gate = next((t.gate for t in plan.tasks if t.id == task_id and t.gate), None)
            label = f"{codes.get(task_id, task_id)} {task_id}" + (f" (gate: {gate})" if gate else "")
            lines.append(f"    {label}: {len(changes)} move(s), {total:+d} days")
            lines.extend(f"      {c.describe(codes=codes)}" for c in changes)
    return "\n".join(lines)


def _recaps_text(recaps, plan) -> list[str]:
    """``recaps`` and one line per recap written: version, when, how, to whom."""
    if not recaps:
        return []
    names = {p.id: p.name for p in plan.people}
    lines = ["", "recaps"]
    for recap in recaps:
        since = f"  since v{recap.since}" if recap.since is not None else ""
        to = ", ".join(names.get(i, i) for i in recap.to) or "nobody"
        cc = f"; cc {', '.join(names.get(i, i) for i in recap.cc)}" if recap.cc else ""
        lines.append(f"    v{recap.version}  {recap.recorded_at}  {recap.delivery}{since}  "
                     f"to {to}{cc}")
    return lines


def _as_json(revisions, recaps=(), documents=()) -> str:
    from generator.history.changes import from_data, slips, to_data

    moves = slips([(r.number, from_data(r.changes or [])) for r in revisions])
    missing = missing_versions(revisions)
    return json.dumps({
        "schema": "dealroom.history/1",
        "revisions": [{"number": r.number, "recorded_at": str(r.recorded_at), "author": r.author,
                       "source": r.source, "note": r.note, "seller_note": r.seller_note,
                       "content_hash": r.content_hash,
                       "changes": r.changes or [], "reasons": r.reasons or {},
                       "folder": (r.published or {}).get("folder"),
                       "files_missing": r.number in missing} for r in revisions],
        "slips": {task: {"moves": to_data(changes), "days": sum(c.days or 0 for c in changes),
                         "gate": _gate(revisions[-1], task)}
                  for task, changes in moves.items()},
        "recaps": [{"version": r.version, "since": r.since, "recorded_at": str(r.recorded_at),
                    "delivery": r.delivery, "to": list(r.to), "cc": list(r.cc)} for r in recaps],
        "google_doc": [{"version": d.version, "event": d.event, "recorded_at": str(d.recorded_at),
                        "file_id": d.file_id, "link": d.link, "drive_version": d.drive_version}
                       for d in documents],
    }, indent=2, ensure_ascii=False)


def _gate(revision, task_id: str) -> str | None:
    """The gate a task closes in the latest revision, if any."""
    return next((t.get("gate") for t in revision.seller["tasks"] if t["id"] == task_id), None)
