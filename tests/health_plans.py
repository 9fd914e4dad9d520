"""A healthy plan, and helpers to assess variations of it in health tests.

``HEALTHY`` is a small plan that ``assess`` finds nothing wrong with on
``TODAY``: every standard step, named people, committed gates, consequences,
acceptance and a forcing function. A test takes ``healthy()`` (the plan as
plain data), changes one thing, and the edited data goes back through YAML
text and the real loader, so each test can assert exactly the finding its
change causes.

The chain, with its dates (TODAY is Monday 16 Nov 2026):

    sec-questionnaire  seller   1 Dec 2026
    sec-review         buyer   15 Dec 2026  gate  <- sec-questionnaire
    legal-review       shared   8 Jan 2027  gate
    procurement        buyer   15 Jan 2027  gate  <- sec-review, legal-review
    exec-approval      buyer   22 Jan 2027  gate  <- procurement
    sign-contract      buyer    1 Feb 2027  gate  <- exec-approval   (signature)
    kickoff            shared   8 Feb 2027        <- sign-contract   (placeholder)
    go-live                     1 Mar 2027
"""

from __future__ import annotations

import copy
import datetime as dt
import io

from ruamel.yaml import YAML

from generator.health import Health, assess
from generator.history.revisions import History
from generator.plan.loader import read_plan
from generator.plan.model import Plan

TODAY = dt.date(2026, 11, 16)
DEAL_ID = "northwind-acme"
BUYER = "Northwind Health"
SELLER = "Acme Analytics"

HEALTHY = """\
dealroom: 1
deal:
  id: northwind-acme
  title: Northwind Health × Acme Analytics
  buyer: Northwind Health
  seller: Acme Analytics
  go_live: 2027-03-01
  go_live_reason: FY27 starts on 1 March and the board committed to a 45-day ramp.
  accepted: {by: maria-chen, on: 2026-11-10}
objectives:
  - title: Cut new-AE ramp time
people:
  - {id: maria-chen, name: Maria Chen, side: buyer, role: champion}
  - {id: raj-patel, name: Raj Patel, side: buyer, role: security}
  - {id: lena-ortiz, name: Lena Ortiz, side: buyer, role: legal}
  - {id: omar-haddad, name: Omar Haddad, side: buyer, role: procurement}
  - {id: tomas-berg, name: Tomas Berg, side: buyer, role: economic_buyer}
  - {id: dana-ross, name: Dana Ross, side: seller, role: account_executive}
  - {id: sam-lee, name: Sam Lee, side: seller, role: solutions_engineer}
workstreams:
  - {id: security, name: Security}
  - {id: commercial, name: Legal and procurement}
  - {id: decision, name: Decision}
tasks:
  - id: sec-questionnaire
    title: Acme returns the security questionnaire
    workstream: security
    owner: sam-lee
    due: 2026-12-01
    if_missed: The security review cannot start.
  - id: sec-review
    title: Northwind IT completes the security review
    workstream: security
    kind: security_review
    owner: raj-patel
    due: 2026-12-15
    date: committed
    gate: Security approval
    depends_on: [sec-questionnaire]
    if_missed: Procurement cannot open a vendor record.
  - id: legal-review
    title: Northwind counsel returns redlines and both sides agree terms
    workstream: commercial
    kind: legal_review
    owners: [lena-ortiz, dana-ross]
    due: 2027-01-08
    date: committed
    gate: Terms agreed
    if_missed: The contract is not ready to sign.
  - id: procurement
    title: Northwind procurement sets Acme up as a vendor
    workstream: commercial
    kind: procurement
    owner: omar-haddad
    due: 2027-01-15
    date: committed
    gate: Vendor approved
    depends_on: [sec-review, legal-review]
    if_missed: No purchase order can be raised.
  - id: exec-approval
    title: Tomas approves the purchase
    workstream: decision
    kind: executive_approval
    owner: tomas-berg
    due: 2027-01-22
    date: committed
    gate: Purchase approved
    depends_on: [procurement]
    if_missed: Signature waits for the next approval meeting.
  - id: sign-contract
    title: Tomas signs the order form
    workstream: decision
    kind: signature
    owner: tomas-berg
    due: 2027-02-01
    date: committed
    gate: Contract signed
    depends_on: [exec-approval]
    if_missed: Go-live on 1 March is no longer possible.
  - id: kickoff
    title: Both teams hold the implementation kickoff
    workstream: decision
    kind: kickoff
    owners: [maria-chen, dana-ross]
    due: 2027-02-08
    depends_on: [sign-contract]
    if_missed: Every week of delay comes off the time to go live.
"""


def _yaml() -> YAML:
    yaml = YAML(typ="safe", pure=True)
    yaml.default_flow_style = False
    yaml.allow_unicode = True
    yaml.width = 4096
    yaml.sort_base_mapping_type_on_output = False
    return yaml


def healthy() -> dict:
    """The healthy plan as plain data, a fresh copy to edit."""
    return copy.deepcopy(_yaml().load(HEALTHY))


def to_text(data: dict) -> str:
    """Plan data as YAML text."""
    out = io.StringIO()
    _yaml().dump(data, out)
    return out.getvalue()


def load(data: dict | str) -> Plan:
    """Plan data (or YAML text) through the real loader; it must load."""
    text = data if isinstance(data, str) else to_text(data)
    return read_plan(text, "plan.yaml").plan


def health(data: dict | str, today: dt.date = TODAY, history: History | None = None,
           ignore: frozenset[str] = frozenset()) -> Health:
    """The health of the plan in ``data`` as seen ``today``."""
    return assess(load(data), today, history, ignore)


def task(data: dict, task_id: str) -> dict:
    """The task with ``task_id`` in ``data``, to edit in place."""
    return next(t for t in data["tasks"] if t["id"] == task_id)


def add_task(data: dict, task_id: str, owner: str = "sam-lee", **keys) -> dict:
    """Append a task (seller-owned unless told) and return it."""
    entry = {"id": task_id, "title": f"Step {task_id}", "workstream": "decision"}
    entry["owners" if isinstance(owner, list) else "owner"] = owner
    entry.update(keys)
    data["tasks"].append(entry)
    return entry


def codes(found: Health) -> list[str]:
    """Codes of every finding, in report order."""
    return [f.code for f in found.findings]


def rows(found: Health) -> list[tuple[str, str, str, str]]:
    """Every finding as ``(code, severity, subject, message)``."""
    return [(f.code, f.severity, f.subject, f.message) for f in found.findings]
