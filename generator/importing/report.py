"""The change set as the seller reads it: a table per kind of edit, and the documented JSON.

:func:`report_lines` is what ``dealroom import`` prints; :func:`as_data` is
``--json`` (schema ``dealroom.import/1``, docs/import.md and
docs/import.schema.json).
"""

from __future__ import annotations

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
    """The change set as a reader scans it, section by section, each a table."""
    changes = done.changes
    lines = [f"{changes.file}: document {changes.document_id}, made from version "
             f"{changes.version} of {changes.deal_id}"]
    words = _Words(plan)
    for bucket, kind, title in SECTIONS:
        edits = [e for e in getattr(done.merge, bucket) if e.kind == kind]
        if kind == "new_step" and bucket == "left":
            edits = [e for e in edits if e.question]
        if edits:
            lines += ["", f"{title} ({len(edits)}):", *_table([words.row(e) for e in edits])]
    lines += _conflict_lines(done.merge.conflicts, words)
    if done.merge.already:
        lines += ["", f"Already in the plan ({len(done.merge.already)}): "
                  + ", ".join(_short(e) for e in done.merge.already)]
    lines += _listed("What else moves", done.consequences)
    lines += _listed("Relative dates replaced", done.merged.rules_replaced if done.merged else ())
    lines += _listed("Not read", changes.notices)
    return lines + ["", _outcome(done)]


STEP_WIDTH = 40
"""How much of a step's text the table shows."""


def _table(rows: list[tuple[str, ...]]) -> list[str]:
    """Rows of (code, step, field, what, who, why) with the first three columns aligned."""
    widths = [max(len(row[i]) for row in rows) for i in range(3)]
    lines = []
    for code, step, field, what, who, why in rows:
        line = "  ".join([code.ljust(widths[0]), step.ljust(widths[1]), field.ljust(widths[2]),
                          what, f"({who})"])
        lines.append(f"  {line}" + (f"  why: {why}" if why else ""))
    return lines


class _Words:
    """Plan values in the seller's words: names for ids, readable dates, status words."""

    def __init__(self, plan):
        self.names = {p.id: p.name for p in plan.people}
        self.titles = {t.id: t.title for t in plan.tasks}

    def row(self, edit) -> tuple[str, ...]:
        step = self.titles.get(edit.task_id or "") or (edit.proposal or {}).get("title") or ""
        return (edit.code or "new", _cut(step), _field(edit), self._what(edit), _by(edit),
                edit.reason or "")

    def _what(self, edit) -> str:
        if edit.kind == "change":
            return f"{self.shown(edit.old)} → {self.shown(edit.new)}"
        if edit.kind == "new_step":
            return _question_of(edit) or self._proposal(edit)
        if edit.kind == "note":
            return f"“{edit.new}”"
        if edit.kind == "removal":
            return "row deleted"
        return _question_of(edit)

    def shown(self, value) -> str:
        import datetime as dt

        if value is None:
            return "(none)"
        if isinstance(value, list):
            return " and ".join(self.shown(v) for v in value)
        text = str(value)
        if text in STATUS_TEXT:
            return STATUS_TEXT[text]
        if text.startswith("new:"):
            return f"{text[4:]} (new person)"
        try:
            return readable(dt.date.fromisoformat(text))
        except ValueError:
            return self.names.get(text, text)

    def _proposal(self, edit) -> str:
        proposal = edit.proposal or {}
        said = [f"in {edit.workstream}"]
        if proposal.get("owners"):
            said.append(f"owner {self.shown(proposal['owners'])}")
        if proposal.get("due"):
            said.append(f"due {self.shown(proposal['due'])}")
        return ", ".join(said)


def _question_of(edit) -> str:
    """The question without the code and field it starts with (the table shows them)."""
    question = edit.question or ""
    for lead in (f"{edit.code} {_field(edit)}: ", f"{edit.code}: "):
        if edit.code and question.startswith(lead):
            return question[len(lead):]
    return question


def _cut(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= STEP_WIDTH else text[:STEP_WIDTH - 1].rstrip() + "…"


def _field(edit) -> str:
    from generator.importing.edits import FIELD_NAMES

    return FIELD_NAMES.get(edit.field, "") if edit.field else ""


def _by(edit) -> str:
    who = ", ".join(edit.who) or "not tracked"
    if edit.suggested:
        who = f"suggested by {', '.join(edit.who)}" if edit.who else \
            "suggested; Google does not say by whom"
    if not edit.when:
        return who
    zone = " UTC" if edit.when.utcoffset() is not None and not edit.when.utcoffset() else ""
    return f"{who}, {readable(edit.when.date())} {edit.when:%H:%M}{zone}"


def _short(edit) -> str:
    if edit.kind == "new_step":
        return f"new step {edit.new!r}"
    return f"{edit.code} {_field(edit) or edit.kind}"


def _conflict_lines(conflicts, words: _Words) -> list[str]:
    if not conflicts:
        return []
    lines = ["", f"Changed on both sides ({len(conflicts)}):"]
    for c in conflicts:
        seller = "removed the step" if c.seller is None and c.edit.task_id else words.shown(c.seller)
        decided = f"  → {c.decided}'s value" if c.decided else "  → undecided"
        lines.append(f"  {c.key}  was {words.shown(c.edit.old)}; buyer {words.shown(c.edit.new)} "
                     f"({_by(c.edit)}); seller {seller}{decided}")
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
            "new_text": edit.new_text, "who": list(edit.who), "suggested": edit.suggested,
            "when": edit.when.isoformat() if edit.when else None, "reason": edit.reason,
            "question": edit.question, "workstream": edit.workstream, "proposal": edit.proposal}
    conflict = conflicts.get(id(edit))
    if conflict is not None:
        data["conflict"] = {"seller": conflict.seller, "decided": conflict.decided}
    return data
