"""A measure as a chart and as a table: an SVG drawn by tws (no JavaScript, no library), with
a text alternative, and the data table that goes beside it.

Every piece of record text in the SVG is escaped for XML (and stripped of what XML cannot
hold), so a title such as ``</svg><script>`` stays text. Dates are spaced by time, not by
position in the list.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from dataclasses import dataclass
from html import escape

from trauma_ws.publishing.safe_text import printable
from trauma_ws.querying.registers import measure_row, values_by
from trauma_ws.record.registers import Measure

WIDTH, HEIGHT = 640, 320
_LEFT, _RIGHT, _TOP, _BOTTOM = 72, 24, 24, 56
_NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def number_text(value: float) -> str:
    """A figure as people write it: ``1,234``, ``12.5``; a whole float without ``.0``."""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return f"{value:,}"


def date_text(day: dt.date) -> str:
    """``31 December 2023``."""
    return f"{day.day} {day:%B %Y}"


def _x(text: str) -> str:
    """Record text for XML: one line, control characters shown escaped, markup escaped."""
    return escape(_NOT_XML.sub("", printable(" ".join(text.split()))), quote=True)


# --- the data table -----------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class MeasureTable:
    """The figures of one measure as a table: a caption, header cells and rows of text."""

    caption: str
    headers: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]


def measure_table(measure: Measure, *, as_of: dt.date | None = None) -> MeasureTable:
    """``measure``'s baseline, figures (those by ``as_of`` when given) and target as rows
    of (date, figure, what it is or where it comes from), oldest first."""
    rows: list[tuple[dt.date, int, tuple[str, ...]]] = []
    if measure.baseline is not None:
        b = measure.baseline
        rows.append((b.date, 0, (date_text(b.date), number_text(b.value), "Baseline")))
    shown = values_by(measure, as_of) if as_of is not None else measure.values
    for v in shown:
        rows.append((v.date, 1, (date_text(v.date), number_text(v.value), v.source)))
    if measure.target is not None:
        t = measure.target
        rows.append((t.date, 2, (date_text(t.date), number_text(t.value), "Target")))
    rows.sort(key=lambda r: (r[0], r[1]))
    return MeasureTable(
        caption=f"{measure.title} ({measure.unit})",
        headers=("Date", f"Figure ({measure.unit})", "Source"),
        rows=tuple(r[2] for r in rows),
    )


# --- the chart ----------------------------------------------------------------------------------


def nice_ticks(low: float, high: float, count: int = 5) -> list[float]:
    """Round values from at or below ``low`` to at or above ``high``, about ``count`` steps."""
    if high <= low:
        high = low + 1
    raw = (high - low) / count
    power = 10 ** math.floor(math.log10(raw))
    step = next(m * power for m in (1, 2, 2.5, 5, 10) if m * power >= raw)
    start, end = math.floor(low / step), math.ceil(high / step)
    return [round(i * step, 10) for i in range(start, end + 1)]


def _month_ticks(first: dt.date, last: dt.date) -> tuple[list[dt.date], bool]:
    """First days of months between ``first`` and ``last``, few enough to label; and
    whether the labels need only the year."""
    months = (last.year - first.year) * 12 + last.month - first.month
    for step in (1, 3, 6, 12, 24, 60, 120):
        if months // step <= 6:
            break
    ticks = []
    index = first.year * 12 + first.month  # the month after first's: its 1st is >= first
    if first.day == 1:
        index -= 1
    while True:
        year, month = divmod(index, 12)
        day = dt.date(year, month + 1, 1)
        if day > last:
            break
        if index % step == 0:
            ticks.append(day)
        index += 1
    return ticks, step >= 12


def measure_svg(
    measure: Measure, *, as_of: dt.date | None = None, width: int = WIDTH, height: int = HEIGHT
) -> str:
    """``measure`` as a standalone SVG line chart: the figures (those by ``as_of`` when given)
    joined by a line, the baseline as an open circle, the target as a dashed line with its
    date marked, axes with their labels, and ``<title>`` and ``<desc>`` as the text
    alternative (what it shows, in words: the latest figure, the target, how it stands).
    """
    shown = values_by(measure, as_of) if as_of is not None else list(measure.values)
    points = [(v.date, float(v.value)) for v in shown]
    extra = [(p.date, float(p.value)) for p in (measure.baseline, measure.target) if p]
    everything = points + extra
    plot_w, plot_h = width - _LEFT - _RIGHT, height - _TOP - _BOTTOM
    if everything:
        first = min(d for d, _ in everything)
        last = max(d for d, _ in everything)
        low = min(0.0, *(v for _, v in everything))
        high = max(v for _, v in everything)
    else:
        first = last = as_of or dt.date(2000, 1, 1)
        low, high = 0.0, 1.0
    if first == last:
        first, last = first - dt.timedelta(days=30), last + dt.timedelta(days=30)
    ticks = nice_ticks(low, high)
    y_low, y_high = ticks[0], ticks[-1]
    span = (last - first).days

    def x_at(day: dt.date) -> float:
        return round(_LEFT + plot_w * (day - first).days / span, 1)

    def y_at(value: float) -> float:
        return round(_TOP + plot_h * (1 - (value - y_low) / (y_high - y_low)), 1)

    title = f"{measure.title} ({measure.unit})"
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}" role="img" aria-labelledby="{_x(measure.id)}-title '
        f'{_x(measure.id)}-desc" font-family="sans-serif" font-size="12">',
        f'<title id="{_x(measure.id)}-title">{_x(title)}</title>',
        f'<desc id="{_x(measure.id)}-desc">{_x(describe(measure, as_of=as_of))}</desc>',
        f'<rect x="0" y="0" width="{width}" height="{height}" fill="#ffffff"/>',
    ]
    # The value axis: grid lines and labels, and the unit as its label.
    for tick in ticks:
        y = y_at(tick)
        out.append(
            f'<line x1="{_LEFT}" y1="{y}" x2="{_LEFT + plot_w}" y2="{y}" stroke="#dddddd"/>'
            f'<text x="{_LEFT - 8}" y="{y + 4}" text-anchor="end">{number_text(tick)}</text>'
        )
    middle = _TOP + plot_h / 2
    out.append(
        f'<text x="16" y="{middle}" text-anchor="middle" '
        f'transform="rotate(-90 16 {middle})">{_x(measure.unit)}</text>'
    )
    # The time axis: months or years, spaced by time.
    month_ticks, years_only = _month_ticks(first, last)
    base = _TOP + plot_h
    for day in month_ticks:
        x = x_at(day)
        label = str(day.year) if years_only else f"{_MONTHS[day.month - 1]} {day.year}"
        out.append(
            f'<line x1="{x}" y1="{base}" x2="{x}" y2="{base + 5}" stroke="#333333"/>'
            f'<text x="{x}" y="{base + 18}" text-anchor="middle">{label}</text>'
        )
    out.append(
        f'<line x1="{_LEFT}" y1="{base}" x2="{_LEFT + plot_w}" y2="{base}" stroke="#333333"/>'
        f'<line x1="{_LEFT}" y1="{_TOP}" x2="{_LEFT}" y2="{base}" stroke="#333333"/>'
        f'<text x="{_LEFT + plot_w / 2}" y="{height - 10}" text-anchor="middle">Date</text>'
    )
    # The target: a dashed line at its value, its date marked.
    if measure.target is not None:
        t = measure.target
        y, x = y_at(float(t.value)), x_at(t.date)
        label = f"Target {number_text(t.value)} by {date_text(t.date)}"
        out.append(
            f'<line x1="{_LEFT}" y1="{y}" x2="{_LEFT + plot_w}" y2="{y}" stroke="#b35900" '
            f'stroke-width="2" stroke-dasharray="6 4"/>'
            f'<path d="M {x - 6} {y - 6} L {x + 6} {y + 6} M {x - 6} {y + 6} L {x + 6} {y - 6}" '
            f'stroke="#b35900" stroke-width="2"/>'
            f'<text x="{_LEFT + 6}" y="{y - 6}" fill="#b35900">{_x(label)}</text>'
        )
    if measure.baseline is not None:
        b = measure.baseline
        out.append(
            f'<circle cx="{x_at(b.date)}" cy="{y_at(float(b.value))}" r="5" fill="#ffffff" '
            f'stroke="#1d4f91" stroke-width="2"><title>Baseline: {_x(number_text(b.value))} '
            f"on {date_text(b.date)}</title></circle>"
        )
    # The figures: a line through them, a point (with its own title) at each.
    if len(points) > 1:
        path = " ".join(f"{x_at(d)},{y_at(v)}" for d, v in points)
        out.append(f'<polyline points="{path}" fill="none" stroke="#1d4f91" stroke-width="2"/>')
    for value in shown:
        out.append(
            f'<circle cx="{x_at(value.date)}" cy="{y_at(float(value.value))}" r="4" '
            f'fill="#1d4f91"><title>{_x(number_text(value.value))} {_x(measure.unit)} on '
            f"{date_text(value.date)}</title></circle>"
        )
    if not shown:
        centre = _LEFT + plot_w / 2
        out.append(f'<text x="{centre}" y="{middle}" text-anchor="middle">No figures yet</text>')
    out.append("</svg>")
    return "\n".join(out) + "\n"


def describe(measure: Measure, *, as_of: dt.date | None = None) -> str:
    """The chart in words: how many figures, from when to when, the latest, the target."""
    shown = values_by(measure, as_of) if as_of is not None else list(measure.values)
    unit = measure.unit
    good = "higher" if measure.direction == "up" else "lower"
    parts = [f"{measure.title}, in {unit} ({good} is better)."]
    if not shown:
        parts.append("No figures yet.")
    else:
        latest = shown[-1]
        if len(shown) > 1:
            parts.append(
                f"{len(shown)} figures from {date_text(shown[0].date)} to "
                f"{date_text(latest.date)}; the first {number_text(shown[0].value)}."
            )
        parts.append(f"Latest: {number_text(latest.value)} on {date_text(latest.date)}.")
    if measure.baseline is not None:
        b = measure.baseline
        parts.append(f"Baseline: {number_text(b.value)} on {date_text(b.date)}.")
    if measure.target is not None:
        t = measure.target
        parts.append(f"Target: {number_text(t.value)} by {date_text(t.date)}.")
        status = measure_row(measure, as_of or shown[-1].date).status if shown else None
        if status is not None:
            parts.append(f"Status: {status}.")
    return " ".join(parts)
