"""Quotes over time as a small inline SVG bar chart (no plotting library, no script)."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterable
from html import escape

from markupsafe import Markup


def _month(value: object) -> dt.date | None:
    if isinstance(value, dt.datetime | dt.date):
        return dt.date(value.year, value.month, 1)
    if isinstance(value, str) and len(value) >= 7:
        try:
            return dt.date(int(value[:4]), int(value[5:7]), 1)
        except ValueError:
            return None
    return None


def _months(first: dt.date, last: dt.date) -> list[dt.date]:
    out, cur = [], first
    while cur <= last:
        out.append(cur)
        cur = dt.date(cur.year + cur.month // 12, cur.month % 12 + 1, 1)
    return out


def timeline_svg(dates: Iterable[object], width: int = 640, height: int = 160) -> Markup | None:
    """Bars of quotes per month (every month between the first and last shown); None without dates."""
    counts = Counter(m for m in map(_month, dates) if m is not None)
    if not counts:
        return None
    months = _months(min(counts), max(counts))[-120:]
    top = max(counts.values())
    left, bottom, pad = 28, 22, 6
    plot_w, plot_h = width - left - pad, height - bottom - pad
    step = plot_w / len(months)
    parts = [f'<svg class="plot" viewBox="0 0 {width} {height}" role="img" '
             f'aria-label="Quotes per month, {sum(counts.values())} in all">',
             f'<line class="axis" x1="{left}" y1="{pad + plot_h}" x2="{width - pad}" y2="{pad + plot_h}"/>',
             f'<text x="{left - 4}" y="{pad + 9}" text-anchor="end">{top}</text>',
             f'<text x="{left - 4}" y="{pad + plot_h}" text-anchor="end">0</text>']
    label_every = max(1, len(months) // 8)
    for i, m in enumerate(months):
        n = counts.get(m, 0)
        h = plot_h * n / top
        x = left + i * step
        label = m.strftime("%b %Y")
        parts.append(f'<rect class="bar" x="{x + step * 0.15:.1f}" y="{pad + plot_h - h:.1f}" '
                     f'width="{step * 0.7:.1f}" height="{h:.1f}"><title>{escape(label)}: {n}</title></rect>')
        if i % label_every == 0:
            parts.append(f'<text x="{x + step / 2:.1f}" y="{height - 6}" text-anchor="middle">'
                         f'{escape(label)}</text>')
    parts.append("</svg>")
    return Markup("".join(parts))
