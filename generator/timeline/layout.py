"""Where everything goes on the timeline: the date axis, lanes, stacked
markers, tick dates and milestone labels. No SVG is written here; sizes come
from a fixed estimate of character width, so the layout never needs a font.
"""

from __future__ import annotations

import re
from datetime import date, timedelta
from itertools import product

from generator.plan.model import BuyerPlan, TaskForBuyer
from generator.record import Record

CHAR_W = 7.0      # generous advance of one character at 11-12px, for layout
LINE_H = 15       # one line of a lane label
ROW_H = 26        # one sub-row of markers in a lane
LANE_PAD = 6      # space above and below the sub-rows of a lane
MARK_R = 7        # half the size of a step marker
GATE_R = 10       # half the size of a gate diamond
CODE_GAP = 4      # between a marker and its code
MIN_GAP = 6       # between the code of one marker and the next marker in a row
RIGHT_PAD = 44    # room right of the last date for its code and the go-live label
TICK_STEPS = ("week", 1), ("week", 2), ("month", 1), ("month", 2), ("month", 3), ("month", 6), ("month", 12)


def short_date(day: date) -> str:
    """A tick or milestone date as ``5 Dec``."""
    return f"{day.day} {day:%b}"


def text_width(text: str) -> float:
    """The width ``text`` may take, by the fixed per-character estimate."""
    return len(text) * CHAR_W


class Axis(Record):
    """Where a date falls across the chart."""

    first: date
    last: date
    left: float
    right: float

    def x(self, day: date) -> float:
        """The x coordinate of ``day``."""
        days = max((self.last - self.first).days, 1)
        return round(self.left + (day - self.first).days * (self.right - self.left) / days, 1)


class Mark(Record):
    """A step placed on the chart: its lane, sub-row and centre."""

    task: TaskForBuyer
    code: str
    x: float
    row: int = 0
    y: float = 0.0

    @property
    def radius(self) -> float:
        return GATE_R if self.task.gate else MARK_R

    @property
    def left(self) -> float:
        return self.x - self.radius

    @property
    def right(self) -> float:
        label = CODE_GAP + text_width(self.code) if self.code else 0
        return self.x + self.radius + label


class Lane(Record):
    """One workstream band and the marks in it."""

    name: str
    top: float
    height: float
    marks: tuple[Mark, ...]


# --- dates and layout -------------------------------------------------------

def date_span(plan: BuyerPlan, today: date) -> tuple[date, date]:
    days = [t.due for t in plan.tasks if t.due] + [today, plan.deal.go_live]
    days += [plan.deal.signature] if plan.deal.signature else []
    first, last = min(days), max(days)
    return (first, last) if (last - first).days >= 7 else (first, first + timedelta(days=7))


def id_prefix(plan: BuyerPlan) -> str:
    return "tl-" + (re.sub(r"[^a-z0-9-]+", "-", plan.deal.id.lower()).strip("-") or "plan") + "-"


def lane_ids(plan: BuyerPlan) -> list[tuple[str, str]]:
    """(workstream id, name) per lane: the plan's order, then any unknown id."""
    lanes = [(w.id, w.name) for w in plan.workstreams]
    known = {w.id for w in plan.workstreams}
    for task in plan.tasks:
        if task.workstream not in known:
            known.add(task.workstream)
            lanes.append((task.workstream, task.workstream))
    return lanes


def wrap_label(text: str, width: float) -> list[str]:
    """``text`` in lines no wider than ``width``; a word too long is cut."""
    per_line = max(int(width // CHAR_W), 4)
    lines: list[str] = []
    for word in text.split():
        while len(word) > per_line:
            lines.append(word[:per_line])
            word = word[per_line:]
        if lines and len(lines[-1]) + 1 + len(word) <= per_line:
            lines[-1] += " " + word
        else:
            lines.append(word)
    return lines or [""]


def pack_marks(marks: list[Mark]) -> list[Mark]:
    """Each mark in the first sub-row where it clears the previous one."""
    ends: list[float] = []
    placed = []
    for mark in marks:
        row = next((r for r, end in enumerate(ends) if mark.left >= end + MIN_GAP), len(ends))
        ends[row:row + 1] = [mark.right]
        placed.append(mark.replace(row=row))
    return placed


def layout_lanes(plan, codes, axis: Axis, label_w: float, top: float) -> list[Lane]:
    lanes = []
    for workstream, name in lane_ids(plan):
        tasks = [t for t in plan.tasks if t.workstream == workstream and t.due]
        marks = [Mark(t, codes.get(t.id, ""), axis.x(t.due)) for t in tasks]
        marks = pack_marks(sorted(marks, key=lambda m: m.x))  # stable: plan order on a tie
        rows = max((m.row for m in marks), default=0) + 1
        lines = len(wrap_label(name, label_w - 20))
        height = max(rows * ROW_H + 2 * LANE_PAD, lines * LINE_H + 2 * LANE_PAD + 8)
        first_row = top + (height - rows * ROW_H) / 2 + ROW_H / 2
        marks = [m.replace(y=round(first_row + m.row * ROW_H, 1)) for m in marks]
        lanes.append(Lane(name, top, height, tuple(marks)))
        top += height
    return lanes


def milestone_dates(plan: BuyerPlan, today: date, date_label) -> list[tuple[str, str, date]]:
    """(kind, label, day) of each vertical line: today, signature, go-live."""
    deal = plan.deal
    lines = [("today", f"Today {date_label(today)}", today)]
    if deal.signature:
        lines.append(("signature", f"Signature {date_label(deal.signature)}", deal.signature))
    return lines + [("go-live", f"Go-live {date_label(deal.go_live)}", deal.go_live)]


def label_rows(milestones, axis: Axis, width: float) -> tuple[list[tuple[float, int]], int]:
    """(left x, row) of each milestone label, and the number of rows.

    A label is centred on its line, or set just left or right of it; when no
    choice keeps all of them apart on one line, they are stacked in rows.
    """
    widths = [text_width(label) for _, label, _ in milestones]
    options = []
    for (_, _, day), w in zip(milestones, widths):
        x = axis.x(day)
        options.append([min(max(left, 2), width - w - 2) for left in (x - w / 2, x - w - 4, x + 4)])
    for choice in sorted(product(range(3), repeat=len(options)), key=lambda c: sum(map(bool, c))):
        lefts = [option[n] for option, n in zip(options, choice)]
        spans = sorted(zip(lefts, widths))
        if all(a[0] + a[1] + 10 <= b[0] for a, b in zip(spans, spans[1:])):
            return [(left, 0) for left in lefts], 1
    ends: list[float] = []
    placed = []
    for option, w in zip(options, widths):
        row = next((r for r, end in enumerate(ends) if option[0] >= end + 10), len(ends))
        ends[row:row + 1] = [option[0] + w]
        placed.append((option[0], row))
    return placed, len(ends)


def tick_dates(first: date, last: date, axis: Axis, date_label=short_date) -> list[date]:
    """Dates for the axis: weekly, fortnightly or monthly from the span, never overlapping."""
    span = (last - first).days  # the plan's span plus the margins
    start = 0 if span <= 46 else 1 if span <= 100 else 2
    for unit, step in TICK_STEPS[start:]:
        days = every(unit, step, first, last)
        xs = [(axis.x(d), text_width(date_label(d))) for d in days]
        if all(b[0] - b[1] / 2 - (a[0] + a[1] / 2) >= 12 for a, b in zip(xs, xs[1:])):
            return days
    return [first]


def every(unit: str, step: int, first: date, last: date) -> list[date]:
    if unit == "week":
        day = first + timedelta(days=-first.weekday() % 7)
        return [day + timedelta(weeks=n) for n in range(0, (last - day).days // 7 + 1, step)]
    days, year, month = [], first.year, first.month
    while (year, month) <= (last.year, last.month):
        day = date(year, month, 1)
        if day >= first and (month - 1) % step == 0:
            days.append(day)
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return days


