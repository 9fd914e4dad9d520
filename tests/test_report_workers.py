"""``report --jobs``: many plans are read in worker processes, and the report is the same
as read one after another (synthetic plans from bench/synthetic.py)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))

from synthetic import write_portfolio  # noqa: E402


def report(folder: Path, jobs: int) -> str:
    done = subprocess.run([sys.executable, "-m", "generator", "report", str(folder), "--json",
                           "--today", "2026-12-01", "--jobs", str(jobs)], cwd=folder,
                          capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr
    return done.stdout


def test_reading_in_two_workers_gives_the_report_read_in_one(tmp_path):
    folder = tmp_path / "deals"
    write_portfolio(folder, 90, revisions=1)
    one, two = report(folder, 1), report(folder, 2)
    assert '"deal-0090"' in one
    assert one == two


def test_each_synthetic_deals_slip_is_the_sum_of_its_historys_moves(tmp_path):
    """On a synthetic portfolio, a deal's total slip in the report is what `history`
    says its steps moved, deal by deal (three weekly revisions, buyer steps 3 days later
    each time)."""
    import json

    folder = tmp_path / "deals"
    write_portfolio(folder, 6, revisions=3)
    deals = {d["deal_id"]: d for d in json.loads(report(folder, 1))["deals"]}
    assert len(deals) == 6
    for number in range(1, 7):
        plan = folder / f"deal-{number:04d}.yaml"
        done = subprocess.run([sys.executable, "-m", "generator", "history", str(plan), "--json"],
                              cwd=folder, capture_output=True, text=True, timeout=300)
        slips = json.loads(done.stdout)["slips"]
        moved = sum(s["days"] for s in slips.values())
        assert moved > 0 and moved % 3 == 0
        assert deals[f"deal-{number:04d}"]["total_slip_days"] == moved


def test_the_thousand_deal_synthetic_report_has_each_deals_known_slip(tmp_path):
    """The scale benchmark's portfolio, reported: 1,000 deals, none failing, and every
    deal's total slip what the generator made it (three weekly revisions in which each
    buyer step still ahead moved 3 days later each time: 6 days a step)."""
    import datetime as dt
    import json

    from generator.plan.loader import read_plan
    from synthetic import make_plan

    today = dt.date(2026, 12, 1)
    folder = tmp_path / "deals"
    write_portfolio(folder, 1000, revisions=3, today=today)
    report_data = json.loads(report(folder, 2))
    assert (len(report_data["deals"]), report_data["errors"]) == (1000, [])
    for deal in report_data["deals"]:
        number = int(deal["deal_id"].split("-")[1])
        plan = read_plan(make_plan(number, 7, today)).plan
        buyers = {p.id for p in plan.people if p.side == "buyer"}
        ahead = [t for t in plan.tasks if t.owners[0] in buyers and t.due > today]
        assert deal["total_slip_days"] == 6 * len(ahead), deal["deal_id"]
