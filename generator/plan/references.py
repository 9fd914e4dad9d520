"""Checks between entries: unique ids, references that resolve, no cycles."""

from __future__ import annotations

from generator.plan.fields import FieldReader
from generator.plan.schedule import find_cycles


def check_references(r: FieldReader, draft: dict) -> None:
    """Record every broken reference of the plan drafted by the loader."""
    people = _unique(r, draft["people"], "people", "person")
    workstreams = _unique(r, draft["workstreams"], "workstreams", "workstream")
    tasks = _unique(r, draft["tasks"], "tasks", "task")
    _unique(r, draft["risks"], "risks", "risk")
    _check_acceptance(r, draft["deal"], people)
    _check_signature_id(r, draft)
    for task in draft["tasks"]:
        _check_task(r, task["path"], task, people, workstreams, tasks)
    for section in ("risks", "assumptions"):
        for entry in draft[section]:
            _check_person(r, entry["path"] + ("owner",), entry["owner"], people)
    _check_dependency_cycles(r, draft["tasks"])


def _unique(r: FieldReader, entries: list[dict], section: str, what: str) -> dict[str, dict]:
    # an entry's "path" is its place in the file: a list item that is not a
    # mapping has no entry, so the index in ``entries`` may be smaller
    seen: dict[str, int] = {}
    for index, entry in enumerate(entries):
        entry_id = entry.get("id")
        if entry_id is None:
            continue
        if entry_id in seen:
            first = entries[seen[entry_id]]["path"][-1]
            r.error(entry["path"] + ("id",), f"duplicate {what} id '{entry_id}'; "
                                             f"{section}[{first}] already uses it")
        else:
            seen[entry_id] = index
    return {entry_id: entries[index] for entry_id, index in seen.items()}


KNOWN_SHOWN = 20
"""How many ids a message about an unknown one lists: each such message would
otherwise repeat every id of a long plan."""


def _known(ids) -> str:
    names = sorted(ids)
    if len(names) > KNOWN_SHOWN:
        return f"{', '.join(names[:KNOWN_SHOWN])} and {len(names) - KNOWN_SHOWN} more"
    return ", ".join(names) if names else "none defined"


def _check_person(r: FieldReader, path, person_id: str | None, people: dict) -> dict | None:
    if person_id is None:
        return None
    if person_id not in people:
        r.error(path, f"unknown person '{person_id}'; people are: {_known(people)}")
        return None
    return people[person_id]


def _check_acceptance(r: FieldReader, deal: dict, people: dict) -> None:
    accepted = deal.get("accepted")
    if not accepted:
        return
    person = _check_person(r, ("deal", "accepted", "by"), accepted["by"], people)
    if person and person["side"] == "seller":
        r.error(("deal", "accepted", "by"), f"'{accepted['by']}' is on the seller side; "
                                            "the plan is accepted by someone on the buyer side")


def _check_signature_id(r: FieldReader, draft: dict) -> None:
    # A relative date reads 'signature' as an anchor: with deal.signature set,
    # a task with that id would make 'signature + 1d' mean two dates.
    if draft["deal"].get("signature") is None:
        return
    for task in draft["tasks"]:
        if task["id"] == "signature":
            r.error(task["path"] + ("id",), "the id 'signature' is taken by deal.signature "
                                            "(the anchor of relative dates); give this task another id")


def _check_task(r: FieldReader, path, task: dict, people, workstreams, tasks) -> None:
    if task["workstream"] and task["workstream"] not in workstreams:
        r.error(path + ("workstream",), f"unknown workstream '{task['workstream']}'; "
                                        f"workstreams are: {_known(workstreams)}")
    key = "owners" if "owners" in _entry(r, path) else "owner"
    owner_at = _written_at(r, path, key)
    owners = [_check_person(r, owner_at(owner), owner, people) for owner in task["owners"]]
    if len(owners) > 1 and all(owners) and len({o["side"] for o in owners}) != 2:
        r.error(path + ("owners",), "a shared task has one owner on each side, "
                                    f"but both are on the {owners[0]['side']} side")
    prerequisite_at = _written_at(r, path, "depends_on")
    for prerequisite in task["depends_on"]:
        where = prerequisite_at(prerequisite)
        if prerequisite == task["id"]:
            r.error(where, f"task '{prerequisite}' cannot depend on itself")
        elif prerequisite not in tasks:
            r.error(where, f"unknown task '{prerequisite}'; tasks are: {_known(tasks)}")


def _entry(r: FieldReader, path):
    node = r.root
    for part in path:
        node = node[part]
    return node


def _written_at(r: FieldReader, path, key: str):
    """Where each id under ``key`` was written: its first item when a list was
    written (the ids read leave out invalid ones, so their indexes may differ),
    else the key. Looked up once per list, not once per id."""
    written = _entry(r, path).get(key)
    first: dict[str, int] = {}
    if isinstance(written, list):
        for index, item in enumerate(written):
            if isinstance(item, str):
                first.setdefault(item, index)
    return lambda value: path + (key, first[value]) if value in first else path + (key,)


def _check_dependency_cycles(r: FieldReader, tasks: list[dict]) -> None:
    graph = {t["id"]: tuple(d for d in t["depends_on"] if d != t["id"]) for t in tasks if t["id"]}
    paths = {t["id"]: t["path"] for t in tasks if t["id"]}
    for cycle in find_cycles(graph):
        r.error(paths[cycle[0]] + ("depends_on",), f"dependencies form a cycle: {' → '.join(cycle)}")
