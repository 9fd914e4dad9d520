"""The portfolio report as one self-contained HTML page, for the seller's team.

Rendered through the deal room's Jinja environment from
``templates/report/report.html.j2``, with the charts of
:mod:`generator.report.charts` inline: no script, no external file. The page
says it is internal; :func:`check_not_for_buyer` refuses to write it into a
published buyer folder.
"""

from __future__ import annotations

from pathlib import Path

from generator.errors import UsageError
from generator.plan.dates import readable
from generator.report.charts import Bar, bar_chart
from generator.report.terminal import DEAL_COLUMNS, deal_cells, kind_words, sections


def report_html(portfolio) -> str:
    """The page's HTML text."""
    from markupsafe import Markup

    from generator.rendering.templating import report_environment

    template = report_environment().get_template("report.html.j2")
    return template.render(portfolio=portfolio, readable=readable, columns=DEAL_COLUMNS,
                           rows=[deal_cells(row) for row in portfolio.deals],
                           sections=sections(portfolio),
                           charts=[Markup(chart) for chart in _charts(portfolio)])


def _charts(portfolio) -> list[str]:
    """One chart per section of :func:`sections`, or "" when it has nothing to draw."""
    slips = [(kind_words(s.kind), [Bar(s.total_days, text=f"{s.total_days:+d} days")])
             for s in portfolio.slippage]
    durations = [(kind_words(d.kind), [Bar(d.planned_mean or 0, 0), Bar(d.actual_mean or 0, 1,
                                       "not finished yet" if d.actual_mean is None else "")])
                 for d in portfolio.durations]
    movers = [(m.deal_id, [Bar(m.days, text=f"{m.days:+d} days")]) for m in portfolio.movers]
    return [
        bar_chart("slips", "Days slipped by kind of step", "Total days each kind of step "
                  "moved across the deals; the table below lists the numbers.", slips, "days")
        if slips else "",
        bar_chart("durations", "Planned against actual business days", "Mean planned and mean "
                  "actual business days of each kind of step; the table below lists the numbers.",
                  durations, "days", legend=("planned", "actual")) if durations else "",
        bar_chart("movers", "Projections moved", "Days each deal's projected signature moved; "
                  "the table below lists the dates.", movers, "days") if movers else "",
        "",
    ]


def check_not_for_buyer(out: Path) -> None:
    """Refuse an ``-o`` inside a published deal room's folder: the report is internal."""
    from generator.publishing.folders import published_folder

    for folder in Path(out).resolve().parents:
        if published_folder(folder):
            raise UsageError(f"{out}: inside {folder}, a deal room published for a buyer; the "
                             "report is internal: write it outside the buyers' folders, "
                             "e.g. -o report.html")
