"""A small inline SVG bar chart of an entity's mentions over time, drawn at build time."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from datetime import datetime

from markupsafe import Markup, escape

WIDTH, HEIGHT, LABEL = 600, 120, 18
MONTHS_LIMIT = 48  # beyond four years of months, bars are per year


def periods(dates: Sequence[datetime]) -> tuple[str, list[tuple[str, int]]]:
    """('month' or 'year', [(label, count)]) covering every period from the first to the last."""
    if not dates:
        return "month", []
    first, last = min(dates), max(dates)
    span = (last.year - first.year) * 12 + last.month - first.month + 1
    if span <= MONTHS_LIMIT:
        counts = Counter((d.year, d.month) for d in dates)
        keys = [(first.year + (first.month - 1 + i) // 12, (first.month - 1 + i) % 12 + 1) for i in range(span)]
        return "month", [(datetime(y, m, 1).strftime("%b %Y"), counts[(y, m)]) for y, m in keys]
    counts_y = Counter(d.year for d in dates)
    return "year", [(str(y), counts_y[y]) for y in range(first.year, last.year + 1)]


def mentions_chart(dates: Sequence[datetime], chart_id: str) -> Markup:
    """An accessible inline SVG; the title states the range and the peak for screen readers."""
    unit, bars = periods(dates)
    if not bars:
        return Markup("")
    peak_label, peak = max(bars, key=lambda b: b[1])
    title = (
        f"Mentions per {unit}, {bars[0][0]} to {bars[-1][0]}: "
        f"{sum(c for _, c in bars)} in all, most in {peak_label} ({peak})"
    )
    step = WIDTH / len(bars)
    gap = min(2.0, step / 4)
    plot = HEIGHT - LABEL
    rects = []
    for i, (label, count) in enumerate(bars):
        height = round(plot * count / peak, 1) if peak else 0
        rects.append(
            f'<rect x="{i * step + gap / 2:.1f}" y="{plot - height:.1f}" width="{max(step - gap, 1):.1f}" '
            f'height="{height}"><title>{escape(label)}: {count}</title></rect>'
        )
    svg = (
        f'<svg class="chart" viewBox="0 0 {WIDTH} {HEIGHT}" role="img" aria-labelledby="{chart_id}" '
        'focusable="false">'
        f'<title id="{chart_id}">{escape(title)}</title>'
        f'<line class="axis" x1="0" y1="{plot}" x2="{WIDTH}" y2="{plot}"/>'
        + "".join(rects)
        + f'<text x="0" y="{HEIGHT - 3}">{escape(bars[0][0])}</text>'
        + f'<text x="{WIDTH}" y="{HEIGHT - 3}" text-anchor="end">{escape(bars[-1][0])}</text>'
        + "</svg>"
    )
    return Markup(svg)
