"""The JSON report of ``check``: schema ``dealroom.check/1`` (docs/check-json.md)."""

from __future__ import annotations

import datetime as dt
import json

from generator.commands.check import CheckResult
from generator.errors import Problem
from generator.health.metrics import Metrics
from generator.health.projection import MilestoneProjection

SCHEMA = "dealroom.check/1"


def report_json(results: list[CheckResult], today: dt.date, strict: bool) -> str:
    """The whole report as one JSON document."""
    document = {
        "schema": SCHEMA,
        "today": today.isoformat(),
        "strict": strict,
        "exit_status": max(r.exit_status(strict) for r in results),
        "plans": [_plan(r, strict) for r in results],
    }
    return json.dumps(document, indent=2, ensure_ascii=False)


def _plan(result: CheckResult, strict: bool) -> dict:
    plan = result.loaded.plan if result.loaded else None
    health = result.health
    return {
        "file": result.file,
        "deal_id": plan.deal.id if plan else None,
        "title": plan.deal.title if plan else None,
        "valid": plan is not None,
        "exit_status": result.exit_status(strict),
        "unreadable": result.unreadable,
        "errors": [_problem(p) for p in result.errors],
        "warnings": [_problem(p) for p in result.warnings],
        "findings": [_finding(f) for f in health.findings] if health else [],
        "skipped_rules": [{"code": s.code, "title": s.title, "reason": s.reason}
                          for s in health.skipped] if health else [],
        "metrics": _metrics(health.metrics, plan) if health else None,
    }


def _problem(problem: Problem) -> dict:
    return {"file": problem.file, "line": problem.line, "column": problem.column,
            "path": problem.path, "severity": problem.severity, "message": problem.message}


def _finding(finding) -> dict:
    return {"code": finding.code, "title": finding.title, "severity": finding.severity,
            "subject": {"type": finding.subject_type, "id": finding.subject_id},
            "message": finding.message}


def _metrics(metrics: Metrics, plan) -> dict:
    accepted = plan.deal.accepted
    return {
        "buyer_completion": {"done": metrics.buyer_done, "total": metrics.buyer_total,
                             "ratio": metrics.buyer_completion},
        "unanswered_dependencies": [{"task": d.task, "prerequisite": d.prerequisite,
                                     "reason": d.reason} for d in metrics.unanswered_dependencies],
        "acceptance": {"accepted": bool(accepted), "by": accepted.by if accepted else None,
                       "on": accepted.on.isoformat() if accepted else None},
        "next_buyer_step": _step(metrics.next_buyer_step),
        "projection": {"signature": _milestone(metrics.signature),
                       "go_live": _milestone(metrics.go_live)},
        "slippage_by_gate": None if metrics.slippage_by_gate is None else [
            {"task": s.task, "gate": s.gate, "first_committed": s.first_committed,
             "current": s.current, "days": s.days} for s in metrics.slippage_by_gate],
        "total_slip_days": metrics.total_slip_days,
    }


def _step(task) -> dict | None:
    if task is None:
        return None
    return {"task": task.id, "title": task.title, "owners": list(task.owners),
            "due": task.due.isoformat() if task.due else None, "date": task.commitment}


def _milestone(projection: MilestoneProjection | None) -> dict | None:
    if projection is None:
        return None
    return {"planned": projection.planned.isoformat(), "projected": projection.projected.isoformat(),
            "days_late": projection.days_late, "driven_by": projection.driven_by,
            "summary": projection.describe()}
