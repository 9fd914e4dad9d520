"""A long plan for layout tests: 30 tasks with long titles, long names, many
gates, many executives, long texts everywhere.

Every task's consequence ends with ``end of step N.`` so that a test can find
where a table row ends on the printed page.
"""

from __future__ import annotations

import json

from generator.plan.loader import LoadedPlan, read_plan

FILENAME = "long-plan.yaml"
TAIL = ("so that every regional team, the shared-services centre and the audit committee can "
        "rely on one agreed process with named owners, dates both sides committed to, and a "
        "clear record of who decided what")

PEOPLE = [
    {"id": "cfo", "name": "Alexandra Montgomery-Fitzwilliam", "side": "buyer",
     "title": "Group Chief Financial Officer and Company Secretary", "role": "economic_buyer"},
    {"id": "coo", "name": "Bartholomew Okonkwo-Svensson", "side": "buyer",
     "title": "Chief Operating Officer, Europe, Middle East and Africa", "role": "executive"},
    {"id": "fpa", "name": "Christabel Vandersteen", "side": "buyer",
     "title": "Vice President, Financial Planning and Analysis", "role": "finance"},
    {"id": "champion", "name": "Dominic Achterberg", "side": "buyer",
     "title": "Director of Operations Excellence", "role": "champion"},
    {"id": "seller-lead", "name": "Evangeline Rutherford", "side": "seller",
     "title": "Enterprise Account Executive", "role": "account_executive"},
]
OWNERS = ["cfo", "coo", "fpa", "champion", "seller-lead", "cfo", "coo"]


def _task(n: int, workstreams: int) -> dict:
    task = {
        "id": f"t{n:02d}", "workstream": f"ws{(n - 1) % workstreams + 1}",
        "owner": OWNERS[n % len(OWNERS)],
        "title": f"Step {n}: the owner reviews, approves and circulates the detailed deliverable {TAIL}",
        "due": f"2027-{1 + (n - 1) // 10:02d}-{1 + (n - 1) % 10 * 2:02d}", "date": "committed",
        "if_missed": f"If step {n} slips, everything that waits for it slips too, {TAIL}, end of step {n}.",
    }
    if n > 1:
        task["depends_on"] = [f"t{n - 1:02d}"]
    if n % 3 == 0:
        task["gate"] = f"Gate {n}: a decision gate with a long and descriptive name"
    return task


def long_plan_text(task_count: int = 30, workstreams: int = 5, **deal) -> str:
    """The plan's YAML text (JSON is YAML), with ``deal`` keys added or replaced."""
    tasks = [_task(n, workstreams) for n in range(1, task_count + 1)]
    tasks[-3].update(kind="executive_approval", owner="cfo")
    tasks[-2].update(kind="signature", owner="cfo", gate="Signature")
    tasks[5].update(status="done", done_on="2027-01-11")
    plan = {
        "dealroom": 1,
        "deal": {"id": "long-plan",
                 "title": "Very Long Buyer Name Holdings International × "
                          "Seller With A Long Name Incorporated",
                 "buyer": "Very Long Buyer Name Holdings International",
                 "seller": "Seller With A Long Name Incorporated",
                 "go_live": "2027-05-03",
                 "go_live_reason": f"The fiscal year starts on 1 May {TAIL}. " * 3,
                 **deal},
        "objectives": [
            {"title": f"Objective {n}: reduce the cost and the delay of the process {TAIL}",
             "metrics": [{"name": f"Measure {n}.{m}, counted the same way every month {TAIL}",
                          "baseline": "34 days on average last year", "target": "12 days at most"}
                         for m in range(1, 5)]}
            for n in range(1, 5)],
        "cost_of_inaction": f"Every month of delay costs about **$260k** {TAIL}. " * 4,
        "people": PEOPLE,
        "workstreams": [{"id": f"ws{n}", "name": f"Workstream {n} with a long name"}
                        for n in range(1, workstreams + 1)],
        "tasks": tasks,
        "risks": [{"id": f"r{n}", "title": f"Risk {n}: something could go wrong {TAIL}",
                   "owner": "champion", "mitigation": f"Mitigation {n}: what both sides do {TAIL}",
                   "status": ["open", "mitigated", "closed"][n % 3]} for n in range(1, 8)],
    }
    return json.dumps(plan, indent=1, ensure_ascii=False)


def long_plan(task_count: int = 30, workstreams: int = 5, **deal) -> LoadedPlan:
    """The long plan, loaded."""
    return read_plan(long_plan_text(task_count, workstreams, **deal), FILENAME)
