"""What changed from one revision to the next, in the buyer's and seller's words.

``changes_between(before, after)`` compares two snapshots (see
:mod:`generator.history.snapshot`; both seller data or both buyer data) and lists
every :class:`Change`: tasks added, removed or retitled, dates moved, set,
cleared, committed or back to be confirmed, status, owner, gate and dependency
changes, people, objectives and risks. ``Change.describe()`` says each one in
one sentence: "Security review (S3) moved 5 Dec → 15 Dec 2026, 10 days later:
CISO out until the 14th".

A change only ever holds titles, names, dates, statuses and the reasons the
caller gives: no ``internal`` field is read. Risks and assumptions with
``shared: false`` are in the seller's data, so what a buyer is shown is
computed afresh between two buyer views (:func:`buyer_changes`), never
filtered from the seller's list.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping

from generator.plan.dates import readable
from generator.record import Record, fields

RISK_ASPECTS = ("title", "owner", "status", "mitigation")

class Change(Record):
    """One difference between two consecutive revisions."""

    kind: str
    """One of :data:`KINDS` (``task_added``, ``date_moved`` ...)."""
    subject: str
    """Task, person or risk id, objective title, or ``deal``."""
    before: str | None = None
    """The old value as shown: ISO date, title, names, status, target; dependency ids."""
    after: str | None = None
    """The new value, same form."""
    days: int | None = None
    """For a moved date: positive when later, negative when earlier."""
    reason: str | None = None
    """Why a date moved, when someone said."""
    label: str | None = None
    """The subject as readers know it: task or risk title (the new one), person's name."""
    aspect: str | None = None
    """Which part changed: a risk's ``title``/``status``/``owner``/``mitigation``,
    an objective's measure name (None: its description)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.kind not in KINDS:
            raise ValueError(f"unknown change kind {self.kind!r}")

    def describe(self, codes: Mapping[str, str] | None = None, date=readable) -> str:
        """One sentence; task codes from ``codes``, dates through ``date``."""
        words = _Words(codes or {}, date)
        if self.kind in _TEXTS:
            return _TEXTS[self.kind](self, words)
        template = _TEMPLATES[self.kind]
        template = template if isinstance(template, str) else template(self)
        return template.format(**words.values(self))


# -- comparing two snapshots ------------------------------------------------------


def changes_between(before: dict | None, after: dict,
                    reasons: Mapping[str, str] | None = None) -> list[Change]:
    """Every change from ``before`` to ``after``; none for a first revision.

    ``reasons`` maps a task id, ``go_live`` or ``signature`` to why its date moved.
    """
    if before is None:
        return []
    reasons = reasons or {}
    names = {p["id"]: p["name"] for p in [*before["people"], *after["people"]]}
    return [
        *_deal_changes(before["deal"], after["deal"], reasons),
        *_acceptance_changes(before["deal"].get("accepted"), after["deal"].get("accepted"), names),
        *_compare(before["tasks"], after["tasks"], "task", "id",
                  lambda old, new: _task_changes(old, new, names, reasons)),
        *_compare(before["people"], after["people"], "person", "id", lambda old, new: []),
        *_compare(before["objectives"], after["objectives"], "objective", "title",
                  _objective_changes),
        *_compare(before.get("risks", []), after.get("risks", []), "risk", "id",
                  lambda old, new: _risk_changes(old, new, names)),
    ]


def _compare(old_items, new_items, family: str, key: str, changed) -> list[Change]:
    """Added or changed items in the new order, then removed ones in the old order."""
    old = {item[key]: item for item in old_items}
    new_keys = {item[key] for item in new_items}
    out: list[Change] = []
    for item in new_items:
        if item[key] in old:
            out += changed(old[item[key]], item)
        else:
            out.append(_whole(family, "added", item, key))
    return out + [_whole(family, "removed", i, key) for i in old_items if i[key] not in new_keys]


def _whole(family: str, how: str, item: dict, key: str) -> Change:
    """An item added or removed: its title (a person's name and job title)."""
    if family == "person":
        return Change(f"person_{how}", item["id"], label=item["name"],
                      **{"after" if how == "added" else "before": item.get("title")})
    return Change(f"{family}_{how}", item[key], label=item["title"])


def _deal_changes(old: dict, new: dict, reasons) -> list[Change]:
    return [Change(f"{name}_moved", "deal", old.get(name), new.get(name),
                   _days(old.get(name), new.get(name)), reasons.get(name))
            for name in ("go_live", "signature") if old.get(name) != new.get(name)]


def _acceptance_changes(old: dict | None, new: dict | None, names) -> list[Change]:
    """The buyer accepting the plan (or again, by someone else or on another day), or
    the acceptance withdrawn. ``before``/``after`` hold the ISO day, ``label`` who."""
    if old == new:
        return []
    if new is None:
        return [Change("acceptance_withdrawn", "deal", before=old["on"],
                       label=names.get(old["by"], old["by"]))]
    return [Change("plan_accepted", "deal", before=old["on"] if old else None, after=new["on"],
                   label=names.get(new["by"], new["by"]))]


def _task_changes(old: dict, new: dict, names: Mapping[str, str], reasons) -> list[Change]:
    """Retitle, date, commitment, status, owner, gate and dependency changes, in that order."""
    a, b = old["due"], new["due"]
    rows = (
        (old["title"] != new["title"], "task_retitled", old["title"], new["title"]),
        (a != b, "date_moved" if a and b else "date_set" if b else "date_cleared", a, b),
        (old["commitment"] != new["commitment"],
         "date_committed" if new["commitment"] == "committed" else "date_uncommitted", a, b),
        (old["status"] != new["status"], "status_changed", old["status"], new["status"]),
        (old["owners"] != new["owners"], "owner_changed",
         _people(old["owners"], names), _people(new["owners"], names)),
        (old["gate"] != new["gate"], "gate_changed", old["gate"], new["gate"]),
        (set(old["depends_on"]) != set(new["depends_on"]), "dependencies_changed",
         ", ".join(old["depends_on"]) or None, ", ".join(new["depends_on"]) or None),
    )
    moved = {"days": _days(a, b), "reason": reasons.get(new["id"])}
    return [Change(kind, new["id"], x, y, label=new["title"],
                   **(moved if kind == "date_moved" else {}))
            for changed, kind, x, y in rows if changed]


def _objective_changes(old: dict, new: dict) -> list[Change]:
    """The description, then each measure whose target (or baseline) changed."""
    title = new["title"]
    out = []
    if old.get("detail") != new.get("detail"):
        out.append(Change("objective_changed", title, label=title))
    old_metrics = {m["name"]: _measure(m) for m in old.get("metrics") or []}
    new_metrics = {m["name"]: _measure(m) for m in new.get("metrics") or []}
    for name in [*new_metrics, *(n for n in old_metrics if n not in new_metrics)]:
        if old_metrics.get(name) != new_metrics.get(name):
            out.append(Change("objective_changed", title, old_metrics.get(name),
                              new_metrics.get(name), label=title, aspect=name))
    return out


def _measure(metric: dict) -> str:
    return f"{metric.get('baseline')} → {metric.get('target')}"


def _risk_changes(old: dict, new: dict, names: Mapping[str, str]) -> list[Change]:
    out = []
    for aspect in RISK_ASPECTS:
        a, b = old.get(aspect), new.get(aspect)
        if a != b:
            if aspect == "owner":
                a, b = names.get(a, a), names.get(b, b)
            out.append(Change("risk_changed", new["id"], a, b, label=new["title"], aspect=aspect))
    return out


def _people(ids, names: Mapping[str, str]) -> str | None:
    shown = [names.get(i, i) for i in ids]
    return " and ".join([", ".join(shown[:-1]), shown[-1]] if len(shown) > 1 else shown) or None


def _days(a: str | None, b: str | None) -> int | None:
    if not (a and b):
        return None
    return (dt.date.fromisoformat(b) - dt.date.fromisoformat(a)).days


# -- what a buyer may see, storing, slips -----------------------------------------


def buyer_changes(seller_changes, buyer_before: dict | None, buyer_after: dict) -> list[Change]:
    """The changes as the buyer sees them: computed between the two buyer views.

    Never filtered from the seller's list: an item the buyer could not see
    before (a risk made shared, say) is "added" for the buyer, never "renamed"
    from a title that was private. The reasons given for moved dates are
    taken from ``seller_changes`` (the revision's stored changes).
    """
    reasons = {_reason_key(c): c.reason for c in seller_changes if c.kind in MOVES and c.reason}
    return changes_between(buyer_before, buyer_after, reasons)


MOVES = ("date_moved", "go_live_moved", "signature_moved")
"""The changes that carry a reason."""


def _reason_key(change: Change) -> str:
    """The key of ``changes_between``'s reasons: a task id, ``go_live`` or ``signature``."""
    return change.kind.removesuffix("_moved") if change.subject == "deal" else change.subject


def to_data(changes) -> list[dict]:
    """Plain dicts for JSON (the store's ``changes_json``)."""
    return [{name: getattr(c, name) for name in fields(c)} for c in changes]


def from_data(items) -> list[Change]:
    """Changes back from :func:`to_data`; keys this version does not know are ignored."""
    return [Change(**{k: v for k, v in item.items() if k in Change._fields}) for item in items]


def slips(revisions_changes) -> dict[str, list[Change]]:
    """Every date move per task id, oldest first, from ``[(number, changes), ...]``."""
    out: dict[str, list[Change]] = {}
    for _number, changes in sorted(revisions_changes, key=lambda pair: pair[0]):
        for change in changes:
            if change.kind == "date_moved":
                out.setdefault(change.subject, []).append(change)
    return out


def moved_from(changes, task_id: str) -> str | None:
    """The ISO due date ``task_id`` had before it moved in ``changes``, if it did."""
    moves = (c for c in changes if c.kind == "date_moved" and c.subject == task_id)
    return next((c.before for c in moves), None)


# -- sentences ---------------------------------------------------------------------


class _Words:
    """What a sentence needs: task codes and the date format."""

    def __init__(self, codes: Mapping[str, str], date):
        self.codes, self.date = codes, date

    def name(self, c: Change) -> str:
        code = self.codes.get(c.subject)
        return f"{c.label} ({code})" if code else str(c.label)

    def day(self, iso: str | None) -> str:
        return self.date(dt.date.fromisoformat(iso) if iso else None)

    def span(self, a: str, b: str) -> str:
        """``5 Dec → 15 Dec 2026``: the year once when both dates share it."""
        first, year = self.day(a), f" {a[:4]}"
        if a[:4] == b[:4] and first.endswith(year):
            first = first[: -len(year)]
        return f"{first} → {self.day(b)}"

    def refs(self, ids: list[str]) -> str:
        return ", ".join(self.codes.get(i, i) for i in ids)

    def values(self, c: Change) -> dict[str, str]:
        """The words a sentence template may use."""
        before, after = c.before or "no one", c.after or "no one"
        return {"name": self.name(c), "label": str(c.label), "aspect": str(c.aspect),
                "before": before, "after": after,
                "day": self.day(c.after) if c.kind.startswith("date_") else "",
                "old_status": before.replace("_", " "), "new_status": after.replace("_", " ")}


def _moved(c: Change, w: _Words, name: str) -> str:
    if c.before and c.after:
        days = abs(c.days or 0)
        text = f"{name} moved {w.span(c.before, c.after)}, {days} day{'s' * (days != 1)} "
        text += "later" if (c.days or 0) >= 0 else "earlier"
    elif c.after:
        text = f"{name} date set for {w.day(c.after)}"
    else:
        text = f"{name} date removed (was {w.day(c.before)})"
    return f"{text}: {c.reason}" if c.reason else text


def _dependencies(c: Change, w: _Words) -> str:
    old, new = (c.before or "").split(", "), (c.after or "").split(", ")
    gained, lost = [i for i in new if i and i not in old], [i for i in old if i and i not in new]
    parts = [f"now waits for {w.refs(gained)}"] if gained else []
    parts += [f"no longer waits for {w.refs(lost)}"] if lost else []
    return f"{w.name(c)} {'; '.join(parts)}"


def _pick(c: Change, both: str, only_after: str, only_before: str) -> str:
    """The template for a change with both values, only a new one, or only an old one."""
    return both if c.before and c.after else only_after if c.after else only_before


def _accepted(c: Change, w: _Words) -> str:
    text = f"Plan accepted by {c.label} on {w.day(c.after)}"
    return f"{text} (accepted before on {w.day(c.before)})" if c.before else text


_TEXTS = {  # sentences built in code
    "plan_accepted": _accepted,
    "acceptance_withdrawn": lambda c, w: f"Acceptance withdrawn (was {c.label}, {w.day(c.before)})",
    "date_moved": lambda c, w: _moved(c, w, w.name(c)),
    "date_set": lambda c, w: _moved(c, w, w.name(c)),
    "date_cleared": lambda c, w: _moved(c, w, w.name(c)),
    "dependencies_changed": _dependencies,
    "go_live_moved": lambda c, w: _moved(c, w, "Go-live"),
    "signature_moved": lambda c, w: _moved(c, w, "Signature"),
}
_RISK_TEMPLATES = {
    "title": "Risk renamed: {before} → {after}",
    "owner": "Owner of risk “{label}”: {before} → {after}",
    "status": "Risk “{label}”: {old_status} → {new_status}",
    "mitigation": "Risk “{label}”, new mitigation: {after}",
}
_TEMPLATES = {  # str.format templates, or how to choose one
    "task_added": "Added: {name}",
    "task_removed": "Removed: {name}",
    "task_retitled": "Renamed: {before} → {name}",
    "date_committed": lambda c: "{name} date confirmed" + (" for {day}" if c.after else ""),
    "date_uncommitted": lambda c: "{name} date " + ("{day} " if c.after else "")
    + "is now to be confirmed",
    "status_changed": "Status of {name}: {old_status} → {new_status}",
    "owner_changed": "Owner of {name}: {before} → {after}",
    "gate_changed": lambda c: _pick(c, "Gate of {name} renamed: {before} → {after}",
                                    "{name} is now a gate: {after}",
                                    "{name} is no longer a gate (was {before})"),
    "person_added": lambda c: "Joined the team: {label}" + (", {after}" if c.after else ""),
    "person_removed": lambda c: "Left the team: {label}" + (", {before}" if c.before else ""),
    "objective_added": "New objective: {label}",
    "objective_removed": "Objective dropped: {label}",
    "objective_changed": lambda c: "Objective reworded: {label}" if c.aspect is None else _pick(
        c, "Objective “{label}”: {aspect} now {after} (was {before})",
        "Objective “{label}”: new measure, {aspect}: {after}",
        "Objective “{label}”: measure dropped, {aspect}"),
    "risk_added": "New risk: {label}",
    "risk_removed": "Risk removed: {label}",
    "risk_changed": lambda c: "Risk “{label}”: mitigation removed" if c.aspect == "mitigation"
    and not c.after else _RISK_TEMPLATES.get(str(c.aspect), "Risk “{label}” updated"),
}
KINDS = (*_TEMPLATES, *_TEXTS)
"""Every kind of change."""
