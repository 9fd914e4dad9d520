"""The change set as the seller reads it: a table per kind of edit, and the documented JSON.

:func:`report_lines` is what ``dealroom import`` prints; :func:`as_data` is
``--json`` (schema ``dealroom.import/1``, docs/import.md and
docs/import.schema.json).
"""

from __future__ import annotations

from pathlib import Path

from generator.plan.dates import readable
from generator.rendering.room import STATUS_TEXT

SCHEMA = "dealroom.import/1"
SECTIONS = (
    ("take", "change", "Changes by the buyer"),
    ("take", "new_step", "New steps the buyer added"),
    ("left", "removal", "Steps the buyer deleted (not removed: delete them from the plan yourself "
                        "if you agree)"),
    ("left", "note", "Comments"),
    ("left", "question", "Questions (not applied)"),
    ("left", "new_step", "New steps that need a decision (not added)"),
)


# -- the report ---------------------------------------------------------------------

def report_lines(done, plan) -> list[str]:
    """The change set as a reader scans it, section by section."""
    changes = done.changes
    lines = [f"{changes.file}: document {changes.document_id}, made from version "
             f"{changes.version} of {changes.deal_id}"]
    names = {p.id: p.name for p in plan.people}
    for bucket, kind, title in SECTIONS:
        edits = [e for e in getattr(done.merge, bucket) if e.kind == kind]
        if kind == "new_step" and bucket == "left":
            edits = [e for e in edits if e.question]
        if edits:
            lines += ["", f"{title} ({len(edits)}):"]
            lines += [f"  {_line(e, names)}" for e in edits]
    lines += _conflict_lines(done.merge.conflicts, names)
    if done.merge.already:
        lines += ["", f"Already in the plan ({len(done.merge.already)}): "
                  + ", ".join(_short(e) for e in done.merge.already)]
    lines += _listed("What else moves", done.consequences)
    lines += _listed("Relative dates replaced", done.merged.rules_replaced if done.merged else ())
    lines += _listed("Not read", changes.notices)
    return lines + ["", _outcome(done)]


def _line(edit, names: dict) -> str:
    parts = [edit.code or "new", _field(edit)]
    if edit.kind == "change":
        parts.append(f"{_shown(edit.old, names)} → {_shown(edit.new, names)}")
    elif edit.kind == "new_step":
        parts.append(_proposal(edit, names))
    elif edit.kind in ("removal",):
        parts.append(str(edit.old or ""))
    elif edit.kind == "note":
        parts.append(str(edit.new))
    if edit.question:
        parts.append(edit.question)
    parts.append(_by(edit))
    if edit.reason:
        parts.append(f"why: {edit.reason}")
    return "  ".join(p for p in parts if p)


def _field(edit) -> str:
    from generator.importing.edits import FIELD_NAMES

    return FIELD_NAMES.get(edit.field, "") if edit.field else ""


def _shown(value, names: dict) -> str:
    import datetime as dt

    if value is None:
        return "(none)"
    if isinstance(value, list):
        return " and ".join(_shown(v, names) for v in value)
    text = str(value)
    if text in STATUS_TEXT:
        return STATUS_TEXT[text]
    if text.startswith("new:"):
        return f"{text[4:]} (new person)"
    try:
        return readable(dt.date.fromisoformat(text))
    except ValueError:
        return names.get(text, text)


def _proposal(edit, names: dict) -> str:
    proposal = edit.proposal or {}
    said = [f"{proposal.get('title') or 'untitled'!r} in {edit.workstream}"]
    if proposal.get("owners"):
        said.append(f"owner {_shown(proposal['owners'], names)}")
    if proposal.get("due"):
        said.append(f"due {_shown(proposal['due'], names)}")
    return ", ".join(said)


def _by(edit) -> str:
    who = ", ".join(edit.who) or "not tracked"
    when = f", {edit.when:%d %b %Y %H:%M}" if edit.when else ""
    return f"({who}{when})"


def _short(edit) -> str:
    if edit.kind == "new_step":
        return f"new step {edit.new!r}"
    return f"{edit.code} {_field(edit) or edit.kind}"


def _conflict_lines(conflicts, names: dict) -> list[str]:
    if not conflicts:
        return []
    lines = ["", f"Changed on both sides ({len(conflicts)}):"]
    for c in conflicts:
        seller = "removed the step" if c.seller is None and c.edit.task_id else _shown(c.seller, names)
        decided = f"  → {c.decided}'s value" if c.decided else "  → undecided"
        lines.append(f"  {c.key}  was {_shown(c.edit.old, names)}; buyer {_shown(c.edit.new, names)} "
                     f"{_by(c.edit)}; seller {seller}{decided}")
    return lines


def _listed(title: str, items) -> list[str]:
    return ["", f"{title}:", *(f"  {item}" for item in items)] if items else []


def _outcome(done) -> str:
    taken = len(done.merge.take)
    if not done.changes.edits:
        return f"no edits: the document reads as version {done.changes.version} was published"
    if done.applied:
        recorded = (f"recorded version {done.recorded} (import:docx)" if done.recorded
                    else "the plan already held them; nothing recorded")
        return f"wrote the plan (the old one is in {done.backup}); {recorded}"
    if done.merge.undecided:
        return "nothing written: decide the changes made on both sides first"
    if not taken:
        return "nothing to merge: the plan already holds every edit it can take"
    return f"nothing written: run again with --apply to merge {taken} edit{'s' * (taken != 1)}"


# -- JSON ---------------------------------------------------------------------------

def as_data(done) -> dict:
    """The change set as documented in docs/import.md (schema ``dealroom.import/1``)."""
    changes = done.changes
    conflicts = {id(c.edit): c for c in done.merge.conflicts}
    return {
        "schema": SCHEMA, "deal": changes.deal_id,
        "document": {"file": changes.file, "id": changes.document_id, "version": changes.version},
        "edits": [_edit_data(e, state, conflicts) for state, e in _states(done.merge)],
        "consequences": list(done.consequences),
        "rules_replaced": list(done.merged.rules_replaced) if done.merged else [],
        "notices": list(changes.notices),
        "undecided": len(done.merge.undecided),
        "applied": done.applied, "recorded_version": done.recorded,
        "backup": str(done.backup) if done.backup else None,
    }


def _states(merge):
    decided_for_seller = {id(c.edit) for c in merge.conflicts if c.decided != "buyer"}
    for edit in merge.take:
        yield "take", edit
    for edit in merge.already:
        yield "already", edit
    for conflict in merge.conflicts:
        if id(conflict.edit) in decided_for_seller:
            yield "conflict", conflict.edit
    for edit in merge.left:
        yield "left", edit


def _edit_data(edit, state: str, conflicts: dict) -> dict:
    data = {"kind": edit.kind, "merge": state, "code": edit.code, "task_id": edit.task_id,
            "field": edit.field, "old": edit.old, "new": edit.new, "old_text": edit.old_text,
            "new_text": edit.new_text, "who": list(edit.who),
            "when": edit.when.isoformat() if edit.when else None, "reason": edit.reason,
            "question": edit.question, "workstream": edit.workstream, "proposal": edit.proposal}
    conflict = conflicts.get(id(edit))
    if conflict is not None:
        data["conflict"] = {"seller": conflict.seller, "decided": conflict.decided}
    return data
