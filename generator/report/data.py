"""The portfolio report as JSON: the documented format of ``dealroom report --json``.

docs/report.md describes every key; docs/report.schema.json is the JSON
Schema the output is tested against. Dates are ISO ``YYYY-MM-DD``.
"""

from __future__ import annotations

import json

SCHEMA = "dealroom.report/1"
"""The shape's name: within it keys are only added, never renamed or given a new meaning."""


def report_json(portfolio) -> str:
    """The whole report as indented JSON text."""
    return json.dumps(report_data(portfolio), indent=2, ensure_ascii=False)


def report_data(portfolio) -> dict:
    """The whole report as plain data."""
    return {
        "schema": SCHEMA, "internal": True,
        "today": portfolio.today.isoformat(), "since": _iso(portfolio.since),
        "deals": [_deal(d) for d in portfolio.deals],
        "errors": [{"file": e.file, "line": e.line, "message": e.message}
                   for e in portfolio.errors],
        "slippage_by_kind": [{"kind": s.kind, "tasks": s.tasks, "total_days": s.total_days,
                              "mean_days": s.mean_days} for s in portfolio.slippage],
        "durations_by_kind": [{"kind": d.kind, "planned": list(d.planned),
                               "actual": list(d.actual), "planned_mean": d.planned_mean,
                               "actual_mean": d.actual_mean} for d in portfolio.durations],
        "moved_since": [{"deal_id": m.deal_id, "title": m.title, "then": m.then.isoformat(),
                         "now": m.now.isoformat(), "days": m.days} for m in portfolio.movers],
        "improved_alone": [_improved(i) for i in portfolio.improved_alone],
    }


def _deal(row) -> dict:
    step, change, projection = row.next_step, row.last_change, row.projection
    return {
        "file": row.file, "deal_id": row.deal_id, "title": row.title,
        "buyer_steps": {"done": row.buyer_done, "total": row.buyer_total},
        "accepted": {"by": row.accepted_by, "on": row.accepted_on.isoformat()}
        if row.accepted_on else None,
        "next_buyer_step": {"task": step.task, "title": step.title, "due": _iso(step.due)}
        if step else None,
        "revisions": row.revisions, "total_slip_days": row.total_slip_days,
        "projection": {"milestone": projection.milestone, "planned": projection.planned.isoformat(),
                       "projected": projection.projected.isoformat(),
                       "days_late": projection.days_late, "driven_by": projection.driven_by,
                       "driving_task": row.driving_task} if projection else None,
        "findings": dict(row.findings),
        "last_change": {"version": change.version, "on": change.on.isoformat(),
                        "text": change.text, "reason": change.reason} if change else None,
        "moved_since_days": row.moved_since,
    }


def _improved(found) -> dict:
    return {"deal_id": found.deal_id, "task": found.task, "task_title": found.task_title,
            "message": found.message}


def _iso(day) -> str | None:
    return day.isoformat() if day else None
