"""A hand-made portfolio of two deals whose slips and durations are known.

``alder-acme``: the questionnaire (nda) was done on Mon 2 Nov; the security
review, planned 2 → 16 Nov (10 business days), slipped 7 days to 23 Nov and
was done on Fri 27 Nov (19 business days); legal slipped 7 days with it.
``birch-acme``: legal moved 7 days earlier while the security review it
waits for stayed put (MAP016), and signature slipped 7 days.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TODAY = "2026-12-01"

_HEAD = """\
dealroom: 1
deal:
  id: {deal_id}
  title: {title}
  buyer: {buyer}
  seller: Acme
  go_live: 2027-02-01
objectives:
  - title: Close the books faster
people:
  - {{id: bea, name: Bea Buyer, side: buyer, role: champion}}
  - {{id: sam, name: Sam Seller, side: seller, role: account_executive}}
workstreams:
  - {{id: legal, name: Legal}}
tasks:
"""

_TASK = """\
  - id: {id}
    title: {title}
    workstream: legal
    {owner}
    due: {due}
    date: committed
{extra}"""


def plan_text(deal_id: str, buyer: str, tasks: list[dict]) -> str:
    """A plan of ``tasks``: dicts of id, title, due and optional kind, depends_on, done_on, shared."""
    body = _HEAD.format(deal_id=deal_id, title=f"{buyer} × Acme", buyer=buyer)
    for task in tasks:
        extra = "".join(f"    {key}: {task[key]}\n" for key in ("kind", "depends_on", "done_on")
                        if key in task)
        if "done_on" in task:
            extra += "    status: done\n"
        owner = "owners: [bea, sam]" if task.get("shared") else "owner: bea"
        body += _TASK.format(id=task["id"], title=task["title"], due=task["due"], owner=owner,
                             extra=extra)
    return body


def alder(sec_due="2026-11-16", legal_due="2026-11-30", sec_done=None) -> str:
    sec = {"id": "sec", "title": "Alder security review", "due": sec_due,
           "kind": "security_review", "depends_on": "[nda]"}
    if sec_done:
        sec["done_on"] = sec_done
    return plan_text("alder-acme", "Alder", [
        {"id": "nda", "title": "Alder sends the questionnaire", "due": "2026-11-02",
         "done_on": "2026-11-02"},
        sec,
        {"id": "legal", "title": "Alder legal review", "due": legal_due, "kind": "legal_review",
         "depends_on": "[sec]"},
        {"id": "sign", "title": "Contract signed", "due": "2026-12-14", "kind": "signature",
         "depends_on": "[legal]", "shared": True},
    ])


def birch(legal_due="2026-12-04", sign_due="2026-12-11") -> str:
    return plan_text("birch-acme", "Birch", [
        {"id": "q", "title": "Birch sends the questionnaire", "due": "2026-10-30",
         "done_on": "2026-10-30"},
        {"id": "sec", "title": "Birch security review", "due": "2026-11-20",
         "kind": "security_review", "depends_on": "[q]"},
        {"id": "legal", "title": "Birch legal review", "due": legal_due, "kind": "legal_review",
         "depends_on": "[sec]"},
        {"id": "sign", "title": "Contract signed", "due": sign_due, "kind": "signature",
         "depends_on": "[legal]", "shared": True},
    ])


def dealroom(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "generator", *args], cwd=cwd, capture_output=True,
                          text=True, env={**os.environ, "DEALROOM_AUTHOR": "Sam Seller",
                                          "PYTHONPATH": str(ROOT)})


def publish(folder: Path, name: str, text: str, day: str, *extra: str) -> None:
    (folder / name).write_text(text, encoding="utf-8")
    done = dealroom("publish", name, "--to", "html", "-o", "out", "--today", day, *extra,
                    cwd=folder)
    assert done.returncode == 0, done.stderr


def make_portfolio(folder: Path) -> Path:
    """``folder/deals/`` with alder.yaml (3 versions) and birch.yaml (2), one store beside them."""
    deals = folder / "deals"
    deals.mkdir()
    publish(deals, "alder.yaml", alder(), "2026-11-02")
    publish(deals, "alder.yaml", alder("2026-11-23", "2026-12-07"), "2026-11-16",
            "--reason", "sec=CISO out until the 20th", "--reason", "legal=follows security")
    publish(deals, "alder.yaml", alder("2026-11-23", "2026-12-07", sec_done="2026-11-27"),
            "2026-11-27", "--note", "Security signed off")
    publish(deals, "birch.yaml", birch(), "2026-11-02")
    publish(deals, "birch.yaml", birch("2026-11-27", "2026-12-18"), "2026-11-18",
            "--note", "Legal fast-tracked", "--reason", "sign=Board meets on the 17th")
    return deals
