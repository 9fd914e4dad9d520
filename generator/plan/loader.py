"""Reading a plan file into a :class:`~generator.plan.model.Plan`.

Reading happens in three passes over the round-trip YAML tree: typed values
(:mod:`generator.plan.fields`), references between entries
(:mod:`generator.plan.references`), then relative dates in dependency order
(:mod:`generator.plan.schedule`). Every problem of every pass is collected; if any
is an error, one :class:`PlanError` carries them all, in file order.
"""

from __future__ import annotations

import re

from pathlib import Path

from generator.plan import model as m
from generator.plan.calendar_fields import days_off_by_key, read_freezes, read_holidays
from generator.plan.dates import RelativeDate
from generator.mail.addresses import is_email_address
from generator.errors import PlanError, Problem
from generator.plan.fields import FieldReader, describe
from generator.plan.plan_file import parse, parse_round_trip, read_text
from generator.record import Record
from generator.plan.references import check_references
from generator.plan.publishing import Publishing, read_publishing
from generator.plan.schedule import resolve_dates

TOP_KEYS = ("dealroom", "deal", "objectives", "cost_of_inaction", "people",
            "workstreams", "tasks", "risks", "assumptions", "branding", "holidays", "freezes",
            "publishing")
BRANDING_KEYS = ("theme", "accent", "buyer_logo", "seller_logo", "paper", "locale")
PAPERS = ("A4", "Letter")
DEAL_KEYS = ("id", "title", "buyer", "seller", "go_live", "go_live_reason",
             "signature", "accepted", "links", "internal")
OBJECTIVE_KEYS = ("title", "detail", "metrics")
METRIC_KEYS = ("name", "baseline", "target")
PERSON_KEYS = ("id", "name", "side", "role", "title", "email", "internal")
ASSESSMENT_KEYS = ("power", "engagement", "notes")
WORKSTREAM_KEYS = ("id", "name")
TASK_KEYS = ("id", "title", "workstream", "owner", "owners", "due", "date", "status",
             "done_on", "kind", "gate", "depends_on", "if_missed", "notes", "internal")
RISK_KEYS = ("id", "title", "owner", "mitigation", "status", "shared", "internal")
ASSUMPTION_KEYS = ("text", "owner", "confirm_by", "confirmed_on", "shared", "internal")


class LoadedPlan(Record):
    """A plan that loaded, with the warnings found on the way."""

    plan: m.Plan
    """The plan, dates resolved."""
    warnings: tuple[Problem, ...]
    """Unknown keys and other doubtful things that did not stop loading."""
    file: str
    """The file name as given."""
    text: str
    """The file's text as read."""
    publishing: Publishing = Publishing()
    """Where the plan is published (``publishing:``): kept out of the plan and its revisions."""

    def check_unchanged(self, doing: str) -> None:
        """Raise PlanChangedError when the file no longer holds the text read
        (another program saved it meanwhile): ``doing`` says what stopped."""
        from generator.errors import PlanChangedError

        if read_text(Path(self.file)) != self.text:
            raise PlanChangedError(f"{self.file} changed while {doing}; nothing was written: "
                                   "run the command again")

    def round_trip_document(self):
        """The file as a ruamel round-trip tree (comments, order, quoting) for write-backs."""
        return parse_round_trip(self.text)


def load_plan(path: str | Path, strict: bool = False) -> LoadedPlan:
    """Load the plan file at ``path``; raise PlanError with every problem.

    Files the plan names (its logos) are checked too, relative to its folder.
    """
    path = Path(path)
    return read_plan(read_text(path), str(path), strict, folder=path.parent)


def read_plan(text: str, filename: str = "<plan>", strict: bool = False,
              folder: Path | None = None) -> LoadedPlan:
    """Load a plan from its YAML text; ``filename`` is used in messages.

    With ``folder`` (the plan file's), the logos it names must be usable
    image files there; without, they are taken as written.
    """
    root = parse(text, filename)
    if not isinstance(root, dict):
        raise PlanError([Problem(filename, 1, 1, "", "a plan file is a YAML mapping that starts with "
                                 f"'dealroom: 1'; this file holds {describe(root)}")])
    reader = FieldReader(root, filename, strict)
    draft = _read_sections(reader, root, folder)
    check_references(reader, draft)
    plan = _resolve_and_build(reader, draft)
    publishing = read_publishing(reader, root)
    in_file_order = sorted(reader.problems, key=lambda p: (p.line, p.column))
    if reader.errors:
        raise PlanError([p for p in in_file_order if p.severity == "error"],
                        [p for p in in_file_order if p.severity == "warning"])
    warnings = tuple(p for p in in_file_order if p.severity == "warning")
    return LoadedPlan(plan, warnings, filename, text, publishing)


def _read_sections(r: FieldReader, root, folder: Path | None) -> dict:
    r.known_keys(root, (), TOP_KEYS)
    _read_version(r, root)
    return {
        "deal": _read_deal(r, root),
        "objectives": [_read_objective(r, node, path) for path, node in
                       r.entries(root, (), "objectives", required=True, what="objective")],
        "cost_of_inaction": r.text(root, (), "cost_of_inaction"),
        "people": [_read_person(r, node, path) for path, node in
                   r.entries(root, (), "people", required=True, what="person")],
        "workstreams": [_read_workstream(r, node, path) for path, node in
                        r.entries(root, (), "workstreams", required=True, what="workstream")],
        "tasks": [_read_task(r, node, path) for path, node in
                  r.entries(root, (), "tasks", required=True, what="task")],
        "risks": [_read_risk(r, node, path) for path, node in r.entries(root, (), "risks", what="risk")],
        "assumptions": [_read_assumption(r, node, path) for path, node in
                        r.entries(root, (), "assumptions", what="assumption")],
        "branding": _read_branding(r, root, folder),
        "holidays": read_holidays(r, root),
        "freezes": read_freezes(r, root),
    }


def _read_branding(r: FieldReader, root, folder: Path | None) -> m.Branding:
    node = r.mapping(root, (), "branding", required=False)
    if node is None:
        return m.Branding()
    path = ("branding",)
    r.known_keys(node, path, BRANDING_KEYS)
    accent = r.text(node, path, "accent")
    if accent and not re.fullmatch(r"#[0-9a-fA-F]{6}", accent):
        r.error(path + ("accent",), f"'{accent}' is not a colour; write it as #rrggbb, e.g. '#0b5cab'")
        accent = None
    return m.Branding(theme=_read_theme(r, node, path), accent=accent,
                      buyer_logo=_read_logo(r, node, path, "buyer_logo", folder),
                      seller_logo=_read_logo(r, node, path, "seller_logo", folder),
                      paper=r.choice(node, path, "paper", PAPERS), locale=_read_locale(r, node, path))


def _read_theme(r: FieldReader, node, path) -> str | None:
    theme = r.slug(node, path, "theme", required=False)
    if theme is None:
        return None
    from generator.rendering.themes import available_themes

    installed = available_themes()
    if theme not in installed:
        r.error(path + ("theme",), f"unknown theme '{theme}'; installed themes: {', '.join(installed)}")
        return None
    return theme


def _read_locale(r: FieldReader, node, path) -> str | None:
    locale = r.text(node, path, "locale")
    if locale is None:
        return None
    if not re.fullmatch(r"[a-z]{2,3}(_[A-Z]{2})?", locale):
        r.error(path + ("locale",), f"'{locale}' is not a locale; write it as en_GB, en_US, de_DE ...")
        return None
    from babel import Locale, UnknownLocaleError  # only for a plan that names a locale

    try:
        Locale.parse(locale)
    except (UnknownLocaleError, ValueError):
        r.error(path + ("locale",), f"unknown locale '{locale}'; write it as en_GB, en_US, de_DE ...")
        return None
    return locale


def _read_logo(r: FieldReader, node, path, key: str, folder: Path | None) -> str | None:
    written = r.text(node, path, key)
    if written is None or folder is None:
        return written
    from generator.plan.logo_file import LogoError, read_logo

    try:
        read_logo(folder, written)
    except LogoError as error:
        r.error(path + (key,), f"{written}: {error}")
        return None
    return written


def _read_version(r: FieldReader, root) -> None:
    version = root.get("dealroom")
    if "dealroom" not in root:
        r.error(("dealroom",), f"required key 'dealroom' is missing; start the file with "
                               f"'dealroom: {m.FORMAT_VERSION}'")
    elif type(version) is not int or version != m.FORMAT_VERSION:
        r.error(("dealroom",), f"the format version must be {m.FORMAT_VERSION}, the only one "
                               f"this dealroom reads; got {describe(version)}")


def _read_deal(r: FieldReader, root) -> dict:
    node = r.mapping(root, (), "deal")
    if node is None:
        return {}
    path = ("deal",)
    r.known_keys(node, path, DEAL_KEYS)
    links = r.mapping(node, path, "links", required=False)
    if links is not None:
        r.known_keys(links, path + ("links",), ("current",))
    return {
        "id": r.slug(node, path, "id"),
        "title": r.text(node, path, "title", required=True),
        "buyer": r.text(node, path, "buyer", required=True),
        "seller": r.text(node, path, "seller", required=True),
        "go_live": r.day(node, path, "go_live", required=True),
        "go_live_reason": r.text(node, path, "go_live_reason"),
        "signature": r.date_rule(node, path, "signature"),
        "accepted": _read_acceptance(r, node, path),
        "current_link": _read_link(r, links, path + ("links",)) if links else None,
        "internal": r.text(node, path, "internal"),
    }


def _read_link(r: FieldReader, links, path) -> str | None:
    link = r.text(links, path, "current")
    if link and not re.fullmatch(r"https?://[^\s<>\"']+", link):
        r.error(path + ("current",), f"'{link}' is not a web address; write it as https://...")
        return None
    return link


def _read_acceptance(r: FieldReader, deal, path) -> dict | None:
    node = r.mapping(deal, path, "accepted", required=False)
    if node is None:
        return None
    path += ("accepted",)
    r.known_keys(node, path, ("by", "on"))
    return {"by": r.slug(node, path, "by"), "on": r.day(node, path, "on", required=True)}


def _read_objective(r: FieldReader, node, path) -> m.Objective:
    r.known_keys(node, path, OBJECTIVE_KEYS)
    metrics = []
    for metric_path, metric in r.entries(node, path, "metrics", what="metric"):
        r.known_keys(metric, metric_path, METRIC_KEYS)
        metrics.append(m.Metric(name=r.text(metric, metric_path, "name", required=True) or "",
                                baseline=r.text(metric, metric_path, "baseline"),
                                target=r.text(metric, metric_path, "target")))
    return m.Objective(title=r.text(node, path, "title", required=True) or "",
                       detail=r.text(node, path, "detail"), metrics=tuple(metrics))


def _read_person(r: FieldReader, node, path) -> dict:
    r.known_keys(node, path, PERSON_KEYS)
    side = r.choice(node, path, "side", m.SIDES, required=True)
    roles = m.ROLES.get(side, m.BUYER_ROLES + m.SELLER_ROLES)
    return {
        "path": path,
        "id": r.slug(node, path),
        "name": r.text(node, path, "name", required=True),
        "side": side,
        "role": r.choice(node, path, "role", roles, required=True,
                         what=f"{side} role" if side else "role"),
        "title": r.text(node, path, "title"),
        "email": _read_email(r, node, path),
        "internal": _read_assessment(r, node, path),
    }


def _read_email(r: FieldReader, node, path) -> str | None:
    email = r.text(node, path, "email")
    if email is not None and not is_email_address(email):
        shown = email if len(email) <= 60 else email[:59] + "…"
        r.error(path + ("email",), f"'{shown}' is not an e-mail address; write it as "
                                   "name@company.example")
        return None
    return email


def _read_assessment(r: FieldReader, person, path) -> m.Assessment | None:
    value = person.get("internal")
    if value is None:
        return None
    if isinstance(value, str):
        return m.Assessment(notes=value)
    node = r.mapping(person, path, "internal", required=False)
    if node is None:
        return None
    path += ("internal",)
    r.known_keys(node, path, ASSESSMENT_KEYS)
    return m.Assessment(**{key: r.text(node, path, key) for key in ASSESSMENT_KEYS})


def _read_workstream(r: FieldReader, node, path) -> dict:
    r.known_keys(node, path, WORKSTREAM_KEYS)
    return {"path": path, "id": r.slug(node, path), "name": r.text(node, path, "name", required=True)}


def _read_task(r: FieldReader, node, path) -> dict:
    r.known_keys(node, path, TASK_KEYS)
    return {
        "path": path,
        "id": r.slug(node, path),
        "title": r.text(node, path, "title", required=True),
        "workstream": r.slug(node, path, "workstream"),
        "owners": _read_owners(r, node, path),
        "due": r.date_rule(node, path, "due"),
        "commitment": r.choice(node, path, "date", m.COMMITMENTS, default="placeholder"),
        "status": r.choice(node, path, "status", m.STATUSES, default="not_started"),
        "done_on": r.day(node, path, "done_on"),
        "kind": r.choice(node, path, "kind", m.KINDS),
        "gate": r.text(node, path, "gate"),
        "depends_on": r.ids(node, path, "depends_on"),
        "if_missed": r.text(node, path, "if_missed"),
        "notes": r.text(node, path, "notes"),
        "internal": r.text(node, path, "internal"),
    }


def _read_owners(r: FieldReader, node, path) -> tuple[str, ...]:
    if "owner" in node and "owners" in node:
        r.error(path + ("owners",), "give either 'owner' or 'owners', not both", at_key=True)
        return ()
    if "owners" in node:
        owners = r.ids(node, path, "owners")
        written = node["owners"]
        count = 1 if isinstance(written, str) else len(written) if isinstance(written, list) else 0
        if len(owners) != 2 and len(owners) == count:
            r.error(path + ("owners",), "a shared task has exactly two owners, "
                                        "one buyer and one seller: owners: [buyer-id, seller-id]")
        return owners
    if "owner" not in node:
        r.error(path + ("owner",), "required key 'owner' is missing; name a person id "
                                   "(or owners: [buyer-id, seller-id] for a shared task)")
        return ()
    owner = r.slug(node, path, "owner")
    return (owner,) if owner else ()


def _read_risk(r: FieldReader, node, path) -> dict:
    r.known_keys(node, path, RISK_KEYS)
    return {
        "path": path,
        "id": r.slug(node, path),
        "title": r.text(node, path, "title", required=True),
        "owner": r.slug(node, path, "owner", required=False),
        "mitigation": r.text(node, path, "mitigation"),
        "status": r.choice(node, path, "status", m.RISK_STATUSES, default="open"),
        "shared": r.flag(node, path, "shared", True),
        "internal": r.text(node, path, "internal"),
    }


def _read_assumption(r: FieldReader, node, path) -> dict:
    r.known_keys(node, path, ASSUMPTION_KEYS)
    return {
        "path": path,
        "text": r.text(node, path, "text", required=True),
        "owner": r.slug(node, path, "owner", required=False),
        "confirm_by": r.day(node, path, "confirm_by"),
        "confirmed_on": r.day(node, path, "confirmed_on"),
        "shared": r.flag(node, path, "shared", True),
        "internal": r.text(node, path, "internal"),
    }


def _resolve_and_build(r: FieldReader, draft: dict) -> m.Plan | None:
    rules = _date_rules(draft)
    resolved, problems = resolve_dates(rules, days_off_by_key(draft, draft["holidays"]))
    first_tasks = {}
    for task in draft["tasks"]:
        first_tasks.setdefault(task["id"], task)
    for key, message in problems:
        r.error(_rule_path(draft, key, first_tasks), message)
    if r.errors:
        return None
    return _build(draft, resolved)


def _date_rules(draft: dict) -> dict:
    deal, tasks = draft["deal"], draft["tasks"]
    rules = {"go_live": deal.get("go_live")}
    signature_tasks = [t for t in tasks if t["kind"] == "signature" and t["id"]]
    if deal.get("signature") is not None:
        rules["signature"] = deal["signature"]
    for task in tasks:  # a duplicate id is reported elsewhere; the first one counts
        if task["id"] and task["id"] not in rules:
            rules[task["id"]] = task["due"]
    if "signature" not in rules and len(signature_tasks) == 1:
        # after the tasks, so that a problem is reported on the task, not on
        # a deal.signature the file does not have; an undated signature task
        # leaves the anchor without a date (an error only where it is used)
        signature_task = signature_tasks[0]
        rules["signature"] = RelativeDate(signature_task["id"], 0, "d") \
            if signature_task["due"] is not None else None
    return rules


def _rule_path(draft: dict, key: str, first_tasks: dict) -> tuple:
    task = first_tasks.get(key)  # the first with this id
    if task is None or key == "go_live" or (key == "signature" and draft["deal"].get("signature") is not None):
        return ("deal", key)
    return task["path"] + ("due",)


def _build(draft: dict, resolved: dict) -> m.Plan:
    deal = draft["deal"]
    people = [m.Person(**_without_path(p)) for p in draft["people"]]
    sides = {p.id: p.side for p in people}
    return m.Plan(
        deal=m.Deal(**{**deal, "signature": resolved.get("signature"),
                       "signature_written": _written(deal["signature"]),
                       "accepted": m.Acceptance(**deal["accepted"]) if deal["accepted"] else None}),
        objectives=tuple(draft["objectives"]),
        cost_of_inaction=draft["cost_of_inaction"],
        people=tuple(people),
        workstreams=tuple(m.Workstream(**_without_path(w)) for w in draft["workstreams"]),
        tasks=tuple(_build_task(t, resolved, sides) for t in draft["tasks"]),
        risks=tuple(m.Risk(**_without_path(x)) for x in draft["risks"]),
        assumptions=tuple(m.Assumption(**_without_path(x)) for x in draft["assumptions"]),
        branding=draft["branding"],
        holidays=draft["holidays"],
        freezes=draft["freezes"],
    )


def _build_task(task: dict, resolved: dict, sides: dict) -> m.Task:
    owner_sides = {sides[o] for o in task["owners"]}
    side = "shared" if len(owner_sides) > 1 else owner_sides.pop()
    return m.Task(**{**_without_path(task), "due": resolved.get(task["id"]),
                     "due_written": _written(task["due"]), "side": side})


def _written(rule) -> str | None:
    return str(rule) if isinstance(rule, RelativeDate) else None


def _without_path(entry: dict) -> dict:
    return {k: v for k, v in entry.items() if k != "path"}
