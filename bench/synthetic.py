"""Synthetic portfolios for the scale benchmarks: N realistic plans with histories.

Each plan is a deal between a made-up buyer and seller, with 5 to 60 steps
across four to six workstreams, the standard buyer steps (security review,
legal review, procurement, executive approval, signature, kickoff) among
them, dependencies, steps done with their completion dates, risks, and
people on both sides with seller-only assessments. Its history holds
``revisions`` earlier versions recorded in the store, a week apart, in which
some buyer steps were due earlier (so the latest plan shows slips with
reasons), as a seller publishing week after week would leave it. The same
seed gives the same portfolio.

    .venv/bin/python bench/synthetic.py 100 /tmp/portfolio [--revisions 3] [--seed 7]
    .venv/bin/python bench/synthetic.py 100 /tmp/portfolio --store postgresql://...

writes ``/tmp/portfolio/deal-0001.yaml`` ... and their history in
``/tmp/portfolio/.dealroom/history.sqlite3`` (or the store given).
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

BUYERS = ["Northwind Health", "Corvane Logistics", "Marlowe Street Bakeries", "Halden Mutual",
          "Brightwater Utilities", "Pellam Retail", "Osric Freight", "Tallis Insurance",
          "Vesta Hotels", "Ardent Pharma", "Kestrel Airlines", "Lumen Schools"]
SELLERS = ["Quillstone", "Shiftline", "Acme Analytics", "Parcelwise", "Ledgerline"]
FIRST = ["Ana", "Ben", "Chen", "Dara", "Elif", "Femi", "Greta", "Hiro", "Ines", "Jonas", "Kemi",
         "Lars", "Maya", "Nikhil", "Olu", "Priya", "Quinn", "Rosa", "Sven", "Tomas", "Uma", "Vik"]
LAST = ["Alves", "Bell", "Cole", "Diaz", "Eze", "Fitz", "Gray", "Hale", "Ito", "Jovic", "Kaur",
        "Lund", "Marsh", "Novak", "Okafor", "Park", "Quint", "Raman", "Stone", "Tran"]
BUYER_ROLES = ["champion", "economic_buyer", "technical", "security", "legal", "procurement"]
SELLER_ROLES = ["account_executive", "solutions_engineer", "sales_manager"]
STANDARD = [("security_review", "security", "reviews the security questionnaire and issues a risk rating",
             "Security approval"),
            ("legal_review", "legal", "returns redlines on the MSA and order form", "Legal approval"),
            ("procurement", "procurement", "sets up the supplier record and confirms pricing",
             "Vendor approved"),
            ("executive_approval", "economic_buyer", "approves the spend", "Budget approved"),
            ("signature", "economic_buyer", "signs the order form", "Signature"),
            ("kickoff", "champion", "runs the implementation kickoff", None)]
WORKSTREAMS = [("validation", "Technical validation"), ("security", "Security & compliance"),
               ("commercial", "Legal & procurement"), ("approval", "Approval & signature"),
               ("rollout", "Implementation"), ("business", "Business case")]
ACTIONS = ["maps the current process", "shares integration requirements", "reviews the sandbox",
           "confirms the data export", "tests single sign-on", "runs user acceptance testing",
           "collects baseline figures", "reviews the rollout plan", "confirms the reference call",
           "trains the first team", "validates the reporting", "checks the payroll mapping"]


def make_plan(index: int, seed: int, today: dt.date, shift: int = 0) -> str:
    """Plan number ``index`` as YAML text; ``shift`` days earlier for its buyer steps'
    later dates (an earlier revision of the same plan)."""
    rng = random.Random(seed * 100_003 + index)
    buyer, seller = rng.choice(BUYERS), rng.choice(SELLERS)
    people = _people(rng)
    steps = rng.randint(5, 60)
    go_live = today + dt.timedelta(days=rng.randint(40, 160))
    lines = [f"# synthetic plan {index}", "dealroom: 1", "", "deal:", f"  id: deal-{index:04d}",
             f"  title: {buyer} × {seller} {index}", f"  buyer: {buyer}", f"  seller: {seller}",
             f"  go_live: {go_live}",
             "  go_live_reason: The new financial year starts and the old contract ends.",
             f"  internal: Forecast {rng.choice(['commit', 'best case', 'pipeline'])}; ACV ${rng.randint(20, 400)}k.",
             "", "objectives:", "  - title: Cut the time from request to decision",
             "    detail: Requests wait in e-mail today.", "    metrics:",
             f"      - {{name: Days to decision, baseline: {rng.randint(20, 60)} days, target: 10 days}}",
             "", "people:"]
    for person in people:
        lines += [f"  - id: {person['id']}", f"    name: {person['name']}", f"    side: {person['side']}",
                  f"    role: {person['role']}", f"    title: {person['role'].replace('_', ' ').title()}"]
        if person["side"] == "buyer":
            lines += ["    internal:", "      power: influencer", f"      notes: Private note {index}."]
    lines += ["", "workstreams:"] + [f"  - {{id: {w}, name: {name}}}" for w, name in WORKSTREAMS]
    lines += ["", "tasks:"] + _tasks(rng, people, steps, today, go_live, shift)
    lines += ["", "risks:", "  - id: budget-timing", "    title: The budget is released late",
              f"    owner: {people[0]['id']}", "    mitigation: The champion books time with finance early.",
              "  - id: private-risk", "    title: The champion may leave", "    shared: false"]
    return "\n".join(lines) + "\n"


def _people(rng: random.Random) -> list[dict]:
    names = rng.sample([f"{f} {l}" for f in FIRST for l in LAST], len(BUYER_ROLES) + len(SELLER_ROLES))
    roles = [("buyer", r) for r in BUYER_ROLES] + [("seller", r) for r in SELLER_ROLES]
    return [{"id": name.lower().replace(" ", "-"), "name": name, "side": side, "role": role}
            for name, (side, role) in zip(names, roles)]


def _tasks(rng, people, steps: int, today: dt.date, go_live: dt.date, shift: int) -> list[str]:
    by_role = {p["role"]: p["id"] for p in people}
    start = today - dt.timedelta(days=rng.randint(10, 40))
    span = max((go_live - start).days - 7, steps)
    lines, ids = [], []
    plain = steps - len(STANDARD)
    for number in range(steps):
        due = start + dt.timedelta(days=span * (number + 1) // (steps + 1))
        standard = STANDARD[number - plain] if number >= plain else None
        task_id = f"step-{number + 1}"
        owner = by_role[standard[1]] if standard else rng.choice(people)["id"]
        action = standard[2] if standard else rng.choice(ACTIONS)
        workstream = _workstream(standard, rng.choice(WORKSTREAMS)[0])
        done_on = due + dt.timedelta(days=rng.randint(-2, 6))
        waits, private = rng.random() < 0.6, rng.random() < 0.2  # drawn whatever the shift
        buyer_step = owner in {p["id"] for p in people if p["side"] == "buyer"}
        shown = due - dt.timedelta(days=shift) if buyer_step and due > today else due
        lines += [f"  - id: {task_id}", f"    title: {_name_of(people, owner)} {action}",
                  f"    workstream: {workstream}", f"    owner: {owner}", f"    due: {shown}"]
        if standard:
            lines += [f"    kind: {standard[0]}"] + ([f"    gate: {standard[3]}"] if standard[3] else [])
            lines += ["    if_missed: The signature date moves by the same number of days."]
        if due < today - dt.timedelta(days=2):
            lines += ["    status: done", f"    done_on: {min(done_on, today)}"]
        if ids and waits:
            lines += [f"    depends_on: [{ids[-1]}]"]
        if private:
            lines += [f"    internal: Seller note on {task_id}."]
        ids.append(task_id)
    return lines


def _workstream(standard, drawn: str) -> str:
    """The standard steps' own workstreams; any other step's drawn one."""
    if standard is None:
        return drawn
    return {"executive_approval": "approval", "signature": "approval", "kickoff": "rollout",
            "security_review": "security"}.get(standard[0], "commercial")


def _name_of(people, person_id: str) -> str:
    return next(p["name"] for p in people if p["id"] == person_id)


def write_portfolio(folder: Path, count: int, *, seed: int = 7, revisions: int = 3,
                    today: dt.date = dt.date(2026, 12, 1), store: str | None = None) -> list[Path]:
    """``count`` plans in ``folder``, each with ``revisions`` earlier versions in the store."""
    from generator.history.location import open_store, store_path
    from generator.plan.loader import read_plan
    from generator.publishing.publish import record, upcoming_revision

    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    with open_store(store_path(folder / "plan.yaml", store)) as history:
        for index in range(1, count + 1):
            path = folder / f"deal-{index:04d}.yaml"
            for version in range(revisions, 0, -1):
                loaded = read_plan(make_plan(index, seed, today, shift=3 * version), str(path))
                latest = history.latest(loaded.plan.deal.id)
                upcoming = upcoming_revision(
                    latest, loaded, author="Bench Seller", note=None,
                    reasons={t.id: "The buyer's review board met a week later" for t in loaded.plan.tasks},
                    published={"formats": ["html"], "today": today.isoformat()})
                if upcoming is not None:
                    moment = dt.datetime.combine(today - dt.timedelta(weeks=version), dt.time(9),
                                                 tzinfo=dt.timezone.utc)
                    record(history, upcoming.replace(recorded_at=moment))
            path.write_text(make_plan(index, seed, today), encoding="utf-8")
            paths.append(path)
    return paths


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("count", type=int)
    parser.add_argument("folder", type=Path)
    parser.add_argument("--revisions", type=int, default=3)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--store", help="the history store (default: FOLDER/.dealroom/history.sqlite3)")
    args = parser.parse_args()
    paths = write_portfolio(args.folder, args.count, seed=args.seed, revisions=args.revisions,
                            store=args.store)
    print(f"{len(paths)} plans in {args.folder}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
