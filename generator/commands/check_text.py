"""The human report of ``check``: errors, findings by severity, metrics."""

from __future__ import annotations

from generator.commands.check import CheckResult
from generator.plan.dates import readable
from generator.health.metrics import Metrics

STYLES = {"bold": "1", "error": "1;31", "warning": "33", "info": "36", "dim": "2"}


class _Out:
    def __init__(self, color: bool):
        self.color = color
        self.lines: list[str] = []

    def style(self, text: str, name: str) -> str:
        return f"\033[{STYLES[name]}m{text}\033[0m" if self.color else text

    def add(self, text: str = "") -> None:
        self.lines.append(text)


def report_text(results: list[CheckResult], color: bool = False) -> str:
    """The whole report for every file that could be read (the command says on
    stderr why the others could not)."""
    out = _Out(color)
    for index, result in enumerate(r for r in results if not r.unreadable):
        if index:
            out.add()
        _report_one(out, result)
    return "".join(line + "\n" for line in out.lines)


def _report_one(out: _Out, result: CheckResult) -> None:
    if result.errors:
        count = len(result.errors)
        out.add(out.style(f"{result.file}: {count} error{'s' * (count != 1)}; "
                          "the plan cannot be used until they are fixed", "error"))
        for problem in sorted(result.errors + result.warnings, key=lambda p: (p.line, p.column)):
            out.add(f"  {problem}")
        return
    plan = result.loaded.plan
    out.add(out.style(f"{result.file} · {plan.deal.title} ({plan.deal.id})", "bold"))
    for problem in result.warnings:
        out.add(f"  {out.style(str(problem), 'warning')}")
    _findings(out, result)
    _metrics(out, result.health.metrics, plan)


def _findings(out: _Out, result: CheckResult) -> None:
    health = result.health
    if not health.findings:
        out.add("  no findings")
    for severity in ("warning", "info"):
        found = [f for f in health.findings if f.severity == severity]
        if found:
            out.add(out.style(f"  {len(found)} {severity}{'s' * (len(found) != 1)}", severity))
        for finding in found:
            out.add(f"    {out.style(finding.code, severity)} {finding.title} · {finding.subject}")
            out.add(f"      {finding.message}")
    for skipped in health.skipped:
        out.add(out.style(f"  skipped {skipped.code} {skipped.title}: {skipped.reason}", "dim"))


def _metrics(out: _Out, metrics: Metrics, plan) -> None:
    out.add(out.style("  metrics", "bold"))
    rows = [
        ("buyer completion", _completion(metrics)),
        ("unanswered dependencies", _unanswered(metrics)),
        ("acceptance", _acceptance(plan)),
        ("next buyer step", _next_step(metrics, plan)),
        ("projected signature", metrics.signature.describe(named=False) if metrics.signature
         else "no signature date or task"),
        ("projected go-live", metrics.go_live.describe(named=False) if metrics.go_live else "no go-live date"),
    ]
    if metrics.total_slip_days is not None:
        rows.append(("total slip", f"{metrics.total_slip_days} days"))
    for name, value in rows:
        out.add(f"    {name:<24} {value}")


def _completion(metrics: Metrics) -> str:
    if not metrics.buyer_total:
        return "no buyer-owned tasks"
    return (f"{metrics.buyer_done} of {metrics.buyer_total} buyer-owned tasks done "
            f"({metrics.buyer_completion:.0%})")


def _unanswered(metrics: Metrics) -> str:
    if not metrics.unanswered_dependencies:
        return "none"
    return "; ".join(f"{d.task} waits on {d.prerequisite} ({d.reason})"
                     for d in metrics.unanswered_dependencies)


def _acceptance(plan) -> str:
    accepted = plan.deal.accepted
    if not accepted:
        return "not accepted"
    person = plan.person(accepted.by)
    return f"accepted by {person.name if person else accepted.by} on {readable(accepted.on)}"


def _next_step(metrics: Metrics, plan) -> str:
    task = metrics.next_buyer_step
    if not task:
        return "none open"
    owners = " and ".join(p.name for o in task.owners if (p := plan.person(o)))
    when = f"{readable(task.due)} ({task.commitment})" if task.due else "no date"
    return f"{task.id}: {task.title} · {owners} · {when}"
