"""Freezes on the timeline: a light hatched band across the swimlanes.

Each freeze in the buyer's plan is a band from the start of its first day to
the end of its last, cut to the chart, drawn over the lanes and under the
steps, with dashed edges, a ``<title>`` naming its reason and days for a
pointer, and an entry in the legend for paper (a PDF shows no tooltip).
"""

from __future__ import annotations

from datetime import date, timedelta
from html import escape

from generator.plan.dates import readable
from generator.plan.model import BuyerPlan, FreezeForBuyer
from generator.timeline.layout import Axis

LEGEND_REASON = 60
"""Characters of a freeze's reason the legend shows; the tooltip has it all."""


def freeze_pattern(ids: str, colours) -> str:
    """The hatching of a freeze band, for ``<defs>``."""
    return (f'<pattern id="{ids}freeze" width="8" height="8" patternUnits="userSpaceOnUse"'
            f' patternTransform="rotate(45)"><rect width="8" height="8" fill="{colours["freeze_bg"]}"/>'
            f'<line x1="0" y1="0" x2="0" y2="8" stroke="{colours["freeze"]}" stroke-width="2"'
            f' stroke-opacity="0.35"/></pattern>')


def visible_freezes(plan: BuyerPlan, axis: Axis) -> list[tuple[FreezeForBuyer, date, date]]:
    """``(freeze, start, end)`` of each freeze on the chart: ``end`` is the day after
    its last, and both are cut to the axis; a freeze wholly outside it is left out."""
    found = []
    for freeze in plan.freezes:
        start = max(freeze.first_day, axis.first)
        end = min(freeze.last_day + timedelta(days=1), axis.last)
        if start < end:
            found.append((freeze, start, end))
    return found


def freeze_bands(plan: BuyerPlan, axis: Axis, top: float, bottom: float, colours, ids: str) -> str:
    """One band per freeze on the chart, with its tooltip."""
    parts = []
    for freeze, start, end in visible_freezes(plan, axis):
        x1, x2 = axis.x(start), axis.x(end)
        edges = "".join(f'<line x1="{x:g}" y1="{top:g}" x2="{x:g}" y2="{bottom:g}" stroke="{colours["freeze"]}"'
                        f' stroke-width="1" stroke-dasharray="4 3"/>' for x in (x1, x2))
        parts.append(f'<g class="tl-freeze"><title>{escape(freeze_title(freeze, plan))}</title>'
                     f'<rect x="{x1:g}" y="{top:g}" width="{max(x2 - x1, 1):g}" height="{bottom - top:g}"'
                     f' fill="url(#{ids}freeze)" fill-opacity="0.85"/>{edges}</g>')
    return '<g class="tl-freezes">' + "".join(parts) + "</g>" if parts else ""


def freeze_title(freeze: FreezeForBuyer, plan: BuyerPlan) -> str:
    """``Freeze: Corvane's year-end change freeze, 21 Dec 2026 to 4 Jan 2027 (Corvane Logistics)``."""
    deal = plan.deal
    whose = {"buyer": deal.buyer, "seller": deal.seller}.get(freeze.side, f"{deal.buyer} and {deal.seller}")
    return (f"Freeze: {freeze.reason}, {readable(freeze.first_day)} to {readable(freeze.last_day)} "
            f"({whose})")


def freeze_legend(plan: BuyerPlan, axis: Axis, colours, ids: str, date_label) -> list[tuple[str, str]]:
    """``(symbol, label)`` of each freeze on the chart, for the legend."""
    items = []
    for freeze, _, _ in visible_freezes(plan, axis):
        symbol = (f'<rect x="-7" y="-6" width="14" height="12" fill="url(#{ids}freeze)"'
                  f' stroke="{colours["freeze"]}" stroke-dasharray="3 2"/>')
        items.append((symbol, _legend_label(freeze, date_label)))
    return items


def freeze_page_legend(plan: BuyerPlan, colours, date_label) -> list[tuple[str, str]]:
    """``(symbol, label)`` of each freeze the buyer may see, for a legend drawn
    apart from the chart (its symbol needs no pattern of the chart's)."""
    symbol = (f'<rect x="-7" y="-6" width="14" height="12" fill="{colours["freeze_bg"]}"'
              f' stroke="{colours["freeze"]}" stroke-dasharray="3 2"/>')
    return [(symbol, _legend_label(freeze, date_label)) for freeze in plan.freezes]


def _legend_label(freeze, date_label) -> str:
    reason = freeze.reason if len(freeze.reason) <= LEGEND_REASON else freeze.reason[:LEGEND_REASON - 1] + "…"
    return f"Freeze: {reason}, {date_label(freeze.first_day)} – {date_label(freeze.last_day)}"


def freeze_description(plan: BuyerPlan, axis: Axis) -> list[str]:
    """A sentence per freeze on the chart, for the timeline's ``<desc>``."""
    return [freeze_title(freeze, plan) + "." for freeze, _, _ in visible_freezes(plan, axis)]
