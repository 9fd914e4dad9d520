"""The portfolio report on a terminal: rich tables there, plain aligned text elsewhere.

Both forms show the same cells (:func:`deal_cells`, :func:`sections`); rich is
imported only when standard output is a terminal.
"""

from __future__ import annotations

from generator.plan.dates import readable

DEAL_COLUMNS = ("deal", "buyer steps", "accepted", "next buyer step", "slip", "projected",
                "findings", "last change")


def deal_cells(row) -> list[str]:
    """One deal's cells, in :data:`DEAL_COLUMNS` order."""
    step, change = row.next_step, row.last_change
    return [
        row.deal_id,
        f"{row.buyer_done}/{row.buyer_total}",
        readable(row.accepted_on) if row.accepted_on else "no",
        f"{step.title}, {readable(step.due)}" if step else "none open",
        "no history" if row.total_slip_days is None else f"{row.total_slip_days:+d} days",
        projection_words(row),
        _count(row.findings.get("warning", 0), "warning") + ", "
        + _count(row.findings.get("info", 0), "info"),
        (f"v{change.version} {change.text}" + (f" ({change.reason})" if change.reason else ""))
        if change else "not published",
    ]


def projection_words(row) -> str:
    """``signature 18 Dec 2026, 4 days late (target 14 Dec 2026), driven by Security review``."""
    projection = row.projection
    if projection is None:
        return "no target"
    name = "signature" if projection.milestone == "signature" else "go-live"
    if not projection.days_late:
        return f"{name} on target, {readable(projection.planned)}"
    return (f"{name} {readable(projection.projected)}, {projection.days_late} days late "
            f"(target {readable(projection.planned)}), driven by {row.driving_task}")


def sections(portfolio) -> list[tuple[str, tuple[str, ...], list[list[str]]]]:
    """The tables after the deals: ``(title, columns, rows)``."""
    since = readable(portfolio.since) if portfolio.since else None
    return [
        ("Slippage by kind of step", ("kind", "steps", "days slipped", "mean per step"),
         [[kind_words(s.kind), str(s.tasks), f"{s.total_days:+d}", f"{s.mean_days:+.1f}"]
          for s in portfolio.slippage]),
        ("Planned against actual business days", ("kind", "planned (mean)", "actual (mean)",
                                                  "finished"),
         [[kind_words(d.kind), _mean(d.planned_mean), _mean(d.actual_mean), str(len(d.actual))]
          for d in portfolio.durations]),
        (f"Projections moved since {since}" if since else "Projections moved (give --since)",
         ("deal", "then", "now", "moved"),
         [[m.deal_id, readable(m.then), readable(m.now), f"{m.days:+d} days"]
          for m in portfolio.movers]),
        ("Dates improved while their dependencies did not (MAP016)", ("deal", "step", "what"),
         [[i.deal_id, i.task_title, i.message] for i in portfolio.improved_alone]),
    ]


def _count(number: int, what: str) -> str:
    return f"{number} {what}{'s' * (number != 1 and what != 'info')}"


def kind_words(kind: str) -> str:
    """``security_review`` → ``security review``."""
    return kind.replace("_", " ")


def _mean(value) -> str:
    return "–" if value is None else f"{value:g}"


def report_text(portfolio) -> str:
    """Plain aligned text, for a pipe or a file."""
    lines = [f"dealroom report, {readable(portfolio.today)} (internal: never share with a buyer)", ""]
    lines += _aligned(DEAL_COLUMNS, [deal_cells(row) for row in portfolio.deals])
    lines += [f"error: {e.file}:{e.line}: {e.message}" if e.line else f"error: {e.message}"
              for e in portfolio.errors]
    for title, columns, rows in sections(portfolio):
        lines += ["", title]
        lines += _aligned(columns, rows) if rows else ["  none"]
    return "\n".join(lines) + "\n"


def _aligned(columns, rows) -> list[str]:
    widths = [max(len(str(c)) for c in column) for column in zip(columns, *rows)]
    return ["  ".join(cell.ljust(width) for cell, width in zip(row, widths)).rstrip()
            for row in [list(columns), *rows]]


def print_rich(portfolio) -> None:
    """The report as rich tables on the terminal."""
    from rich.console import Console
    from rich.markup import escape
    from rich.table import Table

    console = Console()
    deals = Table(title=f"Deals on {readable(portfolio.today)} (internal)", show_lines=True)
    for column in DEAL_COLUMNS:
        deals.add_column(column, overflow="fold")
    for row in portfolio.deals:
        deals.add_row(*map(escape, deal_cells(row)))
    for error in portfolio.errors:
        where = f"{error.file}:{error.line}" if error.line else error.file
        deals.add_row(escape(where), *[""] * 6, f"[red]error:[/red] {escape(error.message)}")
    console.print(deals)
    for title, columns, rows in sections(portfolio):
        table = Table(title=title)
        for column in columns:
            table.add_column(column, overflow="fold")
        for cells in rows:
            table.add_row(*map(escape, cells))
        console.print(table if rows else f"{escape(title)}: none")
