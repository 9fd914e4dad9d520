"""Horizontal bar charts of the portfolio report, drawn here as inline SVG.

No script and no stylesheet: presentation attributes only, a ``<title>`` and
a ``<desc>`` read by screen readers (the same numbers are in the table under
each chart), every bar labelled with its value in text so colour never
carries the meaning alone. Bars start at zero: negative values (dates that
moved earlier) grow to the left.
"""

from __future__ import annotations

from html import escape

from generator.record import Record

SERIES_COLOURS = ("#1d5fa7", "#a6420f")
"""Blue for the first series, rust for the second: both 4.5:1 on white."""
TEXT = "#1f2933"
GRID = "#8a99a8"
BAR_H = 16
GAP = 10
LABEL_W = 190
VALUE_W = 100
"""Room beside a bar for its value, such as "+1200 days"."""
FONT = "system-ui, -apple-system, 'Segoe UI', Roboto, 'DejaVu Sans', sans-serif"


class Bar(Record):
    """One bar: its value and which series it belongs to."""

    value: float
    series: int = 0
    text: str = ""
    """The value as written beside the bar (default: the value with the unit)."""


def bar_chart(chart_id: str, title: str, description: str, rows: list[tuple[str, list[Bar]]],
              unit: str, legend: tuple[str, ...] = (), width: int = 720) -> str:
    """An ``<svg>`` with one group of bars per ``(label, bars)`` row."""
    values = [bar.value for _, bars in rows for bar in bars] or [0]
    low, high = min(min(values), 0), max(max(values), 0)
    span = (high - low) or 1
    plot_w = width - LABEL_W - VALUE_W * (2 if low < 0 else 1)
    zero = LABEL_W + (VALUE_W if low < 0 else 0) + plot_w * (-low / span)
    top = 8 + (24 if legend else 0)
    parts, y = [], top
    for label, bars in rows:
        group_h = len(bars) * BAR_H
        parts.append(_text(LABEL_W - 8, y + group_h / 2 + 4, label, anchor="end"))
        for bar in bars:
            parts.append(_bar(bar, zero, y, plot_w / span, unit))
            y += BAR_H
        y += GAP
    height = y + 4
    axis = (f'<line x1="{zero:.1f}" y1="{top - 4}" x2="{zero:.1f}" y2="{height - 4}" '
            f'stroke="{GRID}" stroke-width="1"/>')
    return (f'<svg xmlns="http://www.w3.org/2000/svg" role="img" width="{width}" '
            f'height="{height:.0f}" viewBox="0 0 {width} {height:.0f}" '
            f'aria-labelledby="{chart_id}-title {chart_id}-desc" font-family="{escape(FONT)}" '
            f'font-size="12">'
            f'<title id="{chart_id}-title">{escape(title)}</title>'
            f'<desc id="{chart_id}-desc">{escape(description)}</desc>'
            f'{_legend(legend)}{axis}{"".join(parts)}</svg>')


def _bar(bar: Bar, zero: float, y: float, scale: float, unit: str) -> str:
    length = abs(bar.value) * scale
    x = zero if bar.value >= 0 else zero - length
    text = bar.text or f"{bar.value:g} {unit}"
    text_x, anchor = (x + length + 4, "start") if bar.value >= 0 else (x - 4, "end")
    colour = SERIES_COLOURS[bar.series % len(SERIES_COLOURS)]
    return (f'<rect x="{x:.1f}" y="{y + 1:.1f}" width="{max(length, 1):.1f}" '
            f'height="{BAR_H - 2}" fill="{colour}"/>'
            + _text(text_x, y + BAR_H - 4, text, anchor=anchor))


def _legend(names: tuple[str, ...]) -> str:
    parts, x = [], LABEL_W
    for series, name in enumerate(names):
        parts.append(f'<rect x="{x}" y="6" width="12" height="12" '
                     f'fill="{SERIES_COLOURS[series % len(SERIES_COLOURS)]}"/>')
        parts.append(_text(x + 18, 16, name))
        x += 30 + 7 * len(name)
    return "".join(parts)


def _text(x: float, y: float, content: str, anchor: str = "start") -> str:
    return (f'<text x="{x:.1f}" y="{y:.1f}" fill="{TEXT}" text-anchor="{anchor}">'
            f'{escape(content)}</text>')
