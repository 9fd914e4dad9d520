"""The swimlane timeline: every dated step of the plan as one inline SVG.

One band per workstream, x from the date, a marker per step labelled with its
short code, arrows for dependencies, and vertical lines for today, signature
and go-live. The owner's side is told by shape and fill, never by colour
alone: a buyer step is a filled circle, a seller step a hollow square, a
shared step a half-filled triangle; a decision gate is a diamond with the
side's symbol inside. A done step is paler with a check mark over it; a date
still to confirm is hollow, with a dashed outline and a question mark inside,
so that it can never be taken for a done step. The legend under the chart says
all of this in words. A freeze the buyer may see is a hatched band across the
lanes (:mod:`generator.timeline.freezes`), named in the legend and in its tooltip.

The SVG uses presentation attributes only (no stylesheet, no script, no
external reference) so that Chromium and WeasyPrint draw it the same way, and
sizes text by a fixed estimate of character width so the layout never needs a
font: markers close in date are stacked in sub-rows of their lane, and tick
labels are thinned until they cannot overlap.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import date, timedelta
from functools import cache
from html import escape

from generator.plan.dates import readable
from generator.plan.model import BuyerPlan, TaskForBuyer
from generator.timeline.freezes import (freeze_bands, freeze_description, freeze_legend,
                                        freeze_page_legend, freeze_pattern)
from generator.timeline.layout import (
    short_date,
    text_width,
    Axis,
    Mark,
    date_span,
    id_prefix,
    wrap_label,
    layout_lanes,
    milestone_dates,
    label_rows,
    tick_dates,
    every,
    LINE_H,
    ROW_H,
    MARK_R,
    GATE_R,
    CODE_GAP,
    RIGHT_PAD,
)

FONT = "system-ui, -apple-system, 'Segoe UI', Roboto, 'DejaVu Sans', sans-serif"

DEFAULT_PALETTE = {
    "buyer": "#1d5fa7", "seller": "#a6420f", "shared": "#6a3d9a", "gate": "#1f2933",
    "done": "#17703a", "today": "#c0262d", "milestone": "#3e4c59", "grid": "#d8dee6",
    "text": "#1f2933", "muted": "#52606d", "band": "#f2f5f8", "band_alt": "#ffffff",
    "freeze": "#52606d", "freeze_bg": "#e8ecf1",
}
"""Colours that pass 4.5:1 for text on white and on the shaded band."""

def timeline_svg(plan: BuyerPlan, today: date, codes: Mapping[str, str], *,
                 palette: Mapping[str, str] | None = None, width: int = 960,
                 date_label: Callable[[date], str] = short_date, legend: bool = True) -> str:
    """The plan's swimlane timeline as an inline ``<svg>`` element for HTML.

    ``legend=False`` leaves the legend out, for a page that shows
    :func:`legend_symbols` beside the chart instead (where it can wrap)."""
    colours = {**DEFAULT_PALETTE, **(palette or {})}
    ids = id_prefix(plan)
    label_w = min(max(round(width * 0.18), 120), 200)
    first, last = date_span(plan, today)
    margin = timedelta(days=max(2, round((last - first).days * 0.03)))
    axis = Axis(first - margin, last + margin, label_w + 18, width - RIGHT_PAD)
    milestones = milestone_dates(plan, today, date_label)
    header = 10 + label_rows(milestones, axis, width)[1] * LINE_H + 8
    lanes = layout_lanes(plan, codes, axis, label_w, header)
    bottom = lanes[-1].top + lanes[-1].height if lanes else header + ROW_H
    freezes = freeze_legend(plan, axis, colours, ids, date_label)
    legend, legend_h = _legend(plan, colours, width, bottom + 46, freezes) if legend else ("", -8)
    undated = [t for t in plan.tasks if t.due is None]
    caption = _caption(undated, codes, colours, bottom + 46 + legend_h + 6)
    height = bottom + 46 + legend_h + (22 if undated else 0) + 8
    body = [
        _defs(ids, colours, bool(freezes)), _bands(lanes, width, label_w, colours, header, bottom),
        freeze_bands(plan, axis, header, bottom, colours, ids),
        _ticks(axis, header, bottom, width, date_label, colours),
        _milestone_lines(milestones, axis, width, header, bottom, colours),
        _arrows(lanes, ids, colours), *(_mark(m, plan, colours) for lane in lanes for m in lane.marks),
        legend, caption,
    ]
    notes = freeze_description(plan, axis)
    return _svg_open(plan, today, ids, width, height, colours, first, last, notes) + "".join(body) + "</svg>"


# --- drawing ----------------------------------------------------------------

def _attrs(**values) -> str:
    """``name="value"`` pairs: ``stroke_width`` is written ``stroke-width``, ``class_`` ``class``."""
    return "".join(f' {_name(k)}="{_value(v)}"' for k, v in values.items() if v is not None)


@cache
def _name(keyword: str) -> str:
    return keyword.rstrip("_").replace("_", "-")


def _value(value) -> str:
    if isinstance(value, float):
        return f"{value:.1f}".removesuffix(".0")
    return str(value) if isinstance(value, int) else escape(value)


def _text(x, y, content: str, **values) -> str:
    return f"<text{_attrs(x=x, y=y, **values)}>{escape(content)}</text>"


def _svg_open(plan, today, ids, width, height, colours, first, last, notes) -> str:
    dated = [t for t in plan.tasks if t.due]
    deal = plan.deal
    title = (f"Timeline of {len(dated)} steps in {len(plan.workstreams)} workstreams "
             f"from {readable(first)} to {readable(last)}")
    desc = [f"Today is {readable(today)}."]
    if deal.signature:
        desc.append(f"Target signature {readable(deal.signature)}.")
    desc.append(f"Go-live {readable(deal.go_live)}.")
    desc.append(f"{sum(t.is_done for t in plan.tasks)} of {len(plan.tasks)} steps done; "
                f"{sum(bool(t.gate) for t in dated)} decision gates.")
    undated = len(plan.tasks) - len(dated)
    if undated:
        desc.append(f"{_steps(undated)} no date yet.")
    desc += notes
    return (f'<svg xmlns="http://www.w3.org/2000/svg" class="tl-timeline" width="100%"'
            f' viewBox="0 0 {width} {_value(float(height))}" role="img" aria-labelledby="{ids}title {ids}desc"'
            f'{_attrs(font_family=FONT, font_size=12, fill=colours["text"])}>'
            f'<title id="{ids}title">{escape(title)}</title>'
            f'<desc id="{ids}desc">{escape(" ".join(desc))}</desc>')


def _steps(count: int) -> str:
    return f"{count} step has" if count == 1 else f"{count} steps have"


def _defs(ids: str, colours, freezes: bool) -> str:
    pattern = freeze_pattern(ids, colours) if freezes else ""
    return (f'<defs>{pattern}<marker id="{ids}arrow" viewBox="0 0 10 10" refX="9" refY="5"'
            f' markerWidth="7" markerHeight="7" markerUnits="userSpaceOnUse" orient="auto">'
            f'<path d="M0,1 L10,5 L0,9 z" fill="{colours["muted"]}"/></marker></defs>')


def _bands(lanes, width, label_w, colours, top, bottom) -> str:
    parts = []
    for n, lane in enumerate(lanes):
        fill = colours["band"] if n % 2 == 0 else colours["band_alt"]
        parts.append(f'<rect{_attrs(x=0, y=lane.top, width=width, height=lane.height, fill=fill)}/>')
        lines = wrap_label(lane.name, label_w - 20)
        y = lane.top + (lane.height - len(lines) * LINE_H) / 2 + 11
        spans = "".join(f'<tspan x="12" y="{y + i * LINE_H:g}">{escape(line)}</tspan>'
                        for i, line in enumerate(lines))
        parts.append(f'<text class="tl-lane-label" font-weight="600">{spans}</text>')
    parts.append(f'<line{_attrs(x1=label_w, y1=top, x2=label_w, y2=bottom, stroke=colours["grid"])}/>')
    parts.append(f'<line{_attrs(x1=0, y1=bottom, x2=width, y2=bottom, stroke=colours["grid"])}/>')
    return '<g class="tl-lanes">' + "".join(parts) + "</g>"


def _ticks(axis: Axis, top, bottom, width, date_label, colours) -> str:
    days = tick_dates(axis.first, axis.last, axis, date_label)
    parts = [f'<line{_attrs(x1=x, y1=top, x2=x, y2=bottom, stroke=colours["grid"], stroke_opacity=0.5)}/>'
             for x in _minor_lines(axis, days)]
    year = None
    for day in days:
        x = axis.x(day)
        parts.append(f'<line{_attrs(x1=x, y1=top, x2=x, y2=bottom + 5, stroke=colours["grid"])}/>')
        parts.append(_text(x, bottom + 18, date_label(day), class_="tl-tick", text_anchor="middle",
                           font_size=11, fill=colours["muted"]))
        if day.year != year:
            year = day.year
            parts.append(_text(x, bottom + 32, str(year), class_="tl-year", text_anchor="middle",
                               font_size=11, fill=colours["muted"]))
    return '<g class="tl-axis">' + "".join(parts) + "</g>"


def _minor_lines(axis: Axis, ticks: list[date]) -> list[float]:
    """Faint weekly lines between labelled ticks, when weeks are at least 24px apart."""
    mondays = every("week", 1, axis.first, axis.last)
    if len(mondays) < 2 or axis.x(mondays[1]) - axis.x(mondays[0]) < 24:
        return []
    labelled = {round(axis.x(d)) for d in ticks}
    return [axis.x(d) for d in mondays if all(abs(axis.x(d) - x) > 6 for x in labelled)]


def _milestone_lines(milestones, axis, width, top, bottom, colours) -> str:
    placed, _ = label_rows(milestones, axis, width)
    parts = []
    for (kind, label, day), (left, row) in zip(milestones, placed):
        x = axis.x(day)
        colour = colours["today"] if kind == "today" else colours["milestone"]
        dash = "5 3" if kind == "signature" else None
        y_text = 10 + (row + 1) * LINE_H - 3
        parts.append(f'<g class="tl-milestone tl-{kind}">'
                     f'<line{_attrs(x1=x, y1=y_text + 4, x2=x, y2=bottom, stroke=colour, stroke_width=1.5, stroke_dasharray=dash)}/>'
                     + _text(left, y_text, label, font_size=11, font_weight=600, fill=colour)
                     + "</g>")
    return "".join(parts)


def _arrows(lanes, ids, colours) -> str:
    marks = {m.task.id: m for lane in lanes for m in lane.marks}
    parts = []
    for lane in lanes:
        for mark in lane.marks:
            for before in (marks.get(d) for d in mark.task.depends_on):
                if before:
                    parts.append(f'<path class="tl-dependency" d="{_arrow_path(before, mark, lane.marks)}"'
                                 f'{_attrs(stroke=colours["muted"], stroke_width=1, stroke_opacity=0.6)}'
                                 f' marker-end="url(#{ids}arrow)"/>')
    return '<g class="tl-dependencies" fill="none">' + "".join(parts) + "</g>"


def _arrow_path(before: Mark, after: Mark, lane_marks) -> str:
    """From the prerequisite's code to the dependent's marker, around what is in the way.

    In one sub-row: straight, or arched over the marks in between. Across
    sub-rows: an S-curve into the left of the dependent, or into its top or
    bottom when another code sits just left of it; steps close in date leave
    the prerequisite from below (or above).
    """
    (bx, by, br), (ax, ay, ar) = (before.x, before.y, before.radius), (after.x, after.y, after.radius)
    gap, end = after.left - before.right, after.left - 2
    left_of_after = [m for m in lane_marks if m.y == ay and m.x < ax]
    if by == ay:
        if gap >= 10 and not any(m.x > bx for m in left_of_after):
            return f"M{before.right + 3:g},{by:g} L{end:g},{ay:g}"
        return f"M{bx:g},{by - br - 1:g} C{bx:g},{by - br - 14:g} {ax:g},{ay - ar - 14:g} {ax:g},{ay - ar - 2:g}"
    down = 1 if ay > by else -1
    crowded = any(m.right > after.left - 30 for m in left_of_after)
    x1, y1 = (before.right + 3, by) if gap >= 12 else (bx, by + down * (br + 1))
    if crowded:
        ye = ay - down * (ar + 2)
        first = f"{(x1 + ax) / 2:g},{y1:g}" if gap >= 12 else f"{x1:g},{(y1 + ye) / 2:g}"
        return f"M{x1:g},{y1:g} C{first} {ax:g},{(y1 + ye) / 2:g} {ax:g},{ye:g}"
    if gap < 12:
        return f"M{x1:g},{y1:g} C{x1:g},{ay:g} {end - 10:g},{ay:g} {end:g},{ay:g}"
    middle = (x1 + ax) / 2
    return f"M{x1:g},{y1:g} C{middle:g},{y1:g} {middle:g},{ay:g} {end:g},{ay:g}"


def _mark(mark: Mark, plan: BuyerPlan, colours) -> str:
    task = mark.task
    classes = ["tl-task", f"tl-{task.side}"] + ["tl-gate"] * bool(task.gate)
    classes += ["tl-done"] * task.is_done + ["tl-placeholder"] * (not task.is_committed and not task.is_done)
    dashed = "2.5 2" if "tl-placeholder" in classes else None
    shape = _shape(task, mark.x, mark.y, colours, dashed)
    if task.is_done:
        shape = f'<g opacity="0.45">{shape}</g>' + _check(mark.x, mark.y, colours["done"])
    elif dashed and not task.gate:
        shape += _question(mark.x, mark.y, colours[task.side], task.side == "shared")
    code = _text(mark.x + mark.radius + CODE_GAP, mark.y + 4, mark.code, class_="tl-code", font_size=11,
                 font_weight=600, fill=colours["muted" if task.is_done else "text"]) if mark.code else ""
    return (f'<g class="{" ".join(classes)}"><title>{escape(_tooltip(mark, plan))}</title>'
            f"{shape}{code}</g>")


def _shape(task: TaskForBuyer, x, y, colours, dashed) -> str:
    if not task.gate:
        return _side_symbol(task.side, x, y, MARK_R, colours[task.side], dashed, 2)
    r = GATE_R
    diamond = (f'<polygon class="tl-diamond"{_attrs(points=f"{x:g},{y - r:g} {x + r:g},{y:g} {x:g},{y + r:g} {x - r:g},{y:g}", fill="#ffffff", stroke=colours["gate"], stroke_width=2, stroke_dasharray=dashed)}/>')
    return diamond + _side_symbol(task.side, x, y, 4.5, colours[task.side], None, 1.5)


def _side_symbol(side: str, x, y, r, colour, dashed, stroke) -> str:
    """Filled circle (buyer), hollow square (seller) or half-filled triangle (shared);
    a dashed one (a date to confirm) is hollow whatever the side."""
    tentative = dashed is not None
    line = _attrs(stroke=colour, stroke_width=stroke, stroke_dasharray=dashed)
    if side == "buyer":
        fill = _attrs(fill="#ffffff" if tentative else colour)
        return f'<circle class="tl-shape"{_attrs(cx=x, cy=y, r=r - stroke / 2)}{fill}{line}/>'
    if side == "seller":
        s = r - stroke / 2
        return f'<rect class="tl-shape"{_attrs(x=x - s, y=y - s, width=2 * s, height=2 * s, fill="#ffffff")}{line}/>'
    top, base, half = y - r, y + r * 0.8, r * 1.1
    outline = _attrs(points=f"{x:g},{top:g} {x + half:g},{base:g} {x - half:g},{base:g}", fill="#ffffff")
    shape = f'<polygon class="tl-shape"{outline}{line} stroke-linejoin="round"/>'
    if tentative:
        return shape
    half_fill = _attrs(points=f"{x:g},{top:g} {x:g},{base:g} {x - half:g},{base:g}", fill=colour)
    return shape + f"<polygon{half_fill}/>"


def _check(x, y, colour) -> str:
    d = f"M{x - 4.5:g},{y:g} L{x - 1.5:g},{y + 3.5:g} L{x + 5:g},{y - 4:g}"
    return f'<path class="tl-check"{_attrs(d=d, fill="none", stroke=colour, stroke_width=2.4, stroke_linecap="round", stroke_linejoin="round")}/>'


def _question(x, y, colour, in_triangle: bool = False) -> str:
    """The question mark inside the hollow mark of a date still to confirm, drawn
    as lines (no font, and no stray "?" in the text of a PDF): smaller and lower
    in a triangle, where the room is at the base."""
    k, y = (0.75, y + 1.5) if in_triangle else (1.0, y)
    hook = (f"M{x - 2.2 * k:g},{y - 1.9 * k:g} C{x - 2.2 * k:g},{y - 4.6 * k:g} {x + 2.5 * k:g},{y - 4.6 * k:g}"
            f" {x + 2.5 * k:g},{y - 2 * k:g} C{x + 2.5 * k:g},{y - 0.4 * k:g} {x:g},{y - 0.4 * k:g} {x:g},{y + 1.4 * k:g}")
    return (f'<g class="tl-question"><path{_attrs(d=hook, fill="none", stroke=colour, stroke_width=1.6 * k, stroke_linecap="round")}/>'
            f'<circle{_attrs(cx=x, cy=y + 3.6 * k, r=k, fill=colour)}/></g>')


def _tooltip(mark: Mark, plan: BuyerPlan) -> str:
    task, deal = mark.task, plan.deal
    names = {p.id: p.name for p in plan.people}
    side = {"buyer": f"{deal.buyer} step", "seller": f"{deal.seller} step"}.get(task.side, "Shared step")
    owners = ", ".join(names.get(o, o) for o in task.owners)
    when = f"Due {readable(task.due)}"
    if task.is_done:
        when += f", done{f' on {readable(task.done_on)}' if task.done_on else ''}"
    elif not task.is_committed:
        when += " (date to confirm)"
    gate = [f"Decision gate: {task.gate}"] if task.gate else []
    return "\n".join([f"{mark.code} · {task.title}".lstrip(" ·"), f"{side} · owner: {owners}", when, *gate])


def legend_symbols(plan: BuyerPlan, palette: Mapping[str, str] | None = None,
                   date_label: Callable[[date], str] = short_date) -> list[tuple[str, str]]:
    """(a small ``<svg>`` of the mark, its meaning in words) for each entry of the
    legend, for a page to lay out as text: the owners' marks, then the others,
    then the plan's freezes."""
    colours = {**DEFAULT_PALETTE, **(palette or {})}
    box = 'viewBox="-12 -12 24 24" width="24" height="24"'
    freezes = freeze_page_legend(plan, colours, date_label)
    return [(f'<svg xmlns="http://www.w3.org/2000/svg" class="tl-symbol" {box} aria-hidden="true"'
             f' focusable="false">{symbol}</svg>', label)
            for group in _legend_groups(plan, colours, freezes) for symbol, label in group]


def _legend_groups(plan, colours, freezes=()) -> tuple[list[tuple[str, str]], list[tuple[str, str]]]:
    """(symbol centred on 0,0, words): who owns a step, then what the other marks
    mean and the freezes on the chart."""
    deal, c = plan.deal, colours
    owners = [
        (_side_symbol("buyer", 0, 0, MARK_R, c["buyer"], None, 2), f"{deal.buyer} step"),
        (_side_symbol("seller", 0, 0, MARK_R, c["seller"], None, 2), f"{deal.seller} step"),
        (_side_symbol("shared", 0, 0, MARK_R, c["shared"], None, 2), "Shared step"),
    ]
    done = f'<g opacity="0.45">{_side_symbol("buyer", 0, 0, MARK_R, c["buyer"], None, 2)}</g>'
    marks = [
        (_shape(TaskForBuyer("gate", "", "", (), "buyer", gate="gate"), 0, 0, c, None), "Decision gate"),
        (done + _check(0, 0, c["done"]), "Done"),
        (_side_symbol("buyer", 0, 0, MARK_R, c["muted"], "2.5 2", 2) + _question(0, 0, c["muted"]),
         "Date to confirm"),
        (f'<path d="M-9,0 L3,0"{_attrs(stroke=c["muted"], stroke_width=1.2)}/>'
         f'<path d="M2,-3.5 L9,0 L2,3.5 z"{_attrs(fill=c["muted"])}/>', "Depends on"),
    ] + list(freezes)
    return owners, marks


def _legend(plan, colours, width, top, freezes=()) -> tuple[str, float]:
    """Who owns a step on the first line, what the other marks mean on the second,
    then the freezes on the chart."""
    parts, y, c = [], top, colours
    for group in _legend_groups(plan, colours, freezes):
        x = 12.0
        for symbol, label in group:
            item_w = 22 + text_width(label) + 20
            if x + item_w > width - 8 and x > 12:
                x, y = 12.0, y + 22
            parts.append(f'<g class="tl-legend-item"><g transform="translate({x + 8:g},{y:g})">{symbol}</g>'
                         + _text(x + 22, y + 4, label, fill=c["text"]) + "</g>")
            x += item_w
        y += 22
    return '<g class="tl-legend">' + "".join(parts) + "</g>", y - 22 - top + 14


def _caption(undated, codes, colours, y) -> str:
    if not undated:
        return ""
    listed = ", ".join(c for c in (codes.get(t.id, "") for t in undated) if c)
    text = f"{_steps(len(undated))} no date yet{f' ({listed})' if listed else ''} and are not shown."
    if len(undated) == 1:
        text = text.replace("and are", "and is")
    return _text(12, y + 12, text, class_="tl-caption", fill=colours["muted"])
