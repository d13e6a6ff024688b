"""Quotes over time as a small inline SVG bar chart (no plotting library, no script)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from html import escape

from markupsafe import Markup

#: Most months drawn (the latest ones), and fewest (earlier empty months pad a short record).
MAX_MONTHS = 120
MIN_MONTHS = 12


def _month(key: str) -> dt.date | None:
    try:
        return dt.date(int(key[:4]), int(key[5:7]), 1)
    except (ValueError, IndexError):
        return None


def _months(first: dt.date, last: dt.date) -> list[dt.date]:
    out, cur = [], first
    while cur <= last:
        out.append(cur)
        cur = dt.date(cur.year + cur.month // 12, cur.month % 12 + 1, 1)
    return out


def timeline_svg(per_month: Mapping[str, int], width: int = 640, height: int = 170) -> Markup | None:
    """Bars of counts per ``YYYY-MM`` month, every month between the first and last; None if empty."""
    counts = {m: n for key, n in per_month.items() if (m := _month(key)) is not None and n > 0}
    if not counts:
        return None
    first, last = min(counts), max(counts)
    back = MIN_MONTHS - 1 - ((last.year - first.year) * 12 + last.month - first.month)
    if back > 0:
        index = first.year * 12 + first.month - 1 - back
        first = dt.date(index // 12, index % 12 + 1, 1)
    months = _months(first, last)[-MAX_MONTHS:]
    top = max(counts.values())
    left, bottom, pad = 34, 24, 8
    plot_w, plot_h = width - left - pad, height - bottom - pad
    step = plot_w / len(months)
    total = sum(counts.values())
    parts = [f'<svg class="plot" viewBox="0 0 {width} {height}" role="img" '
             f'aria-label="Quotes per month: {total} from {min(counts):%B %Y} to {last:%B %Y}">',
             f'<line class="axis" x1="{left}" y1="{pad + plot_h}" x2="{width - pad}" y2="{pad + plot_h}"/>',
             f'<line class="axis" x1="{left}" y1="{pad}" x2="{left}" y2="{pad + plot_h}"/>',
             f'<text x="{left - 5}" y="{pad + 9}" text-anchor="end">{top}</text>',
             f'<text x="{left - 5}" y="{pad + plot_h}" text-anchor="end">0</text>']
    label_every = max(1, -(-len(months) // 8))
    for i, m in enumerate(months):
        n = counts.get(m, 0)
        h = plot_h * n / top
        x = left + i * step
        label = f"{m:%b %Y}"
        parts.append(f'<rect class="bar" x="{x + step * 0.15:.1f}" y="{pad + plot_h - h:.1f}" '
                     f'width="{max(step * 0.7, 1):.1f}" height="{h:.1f}"><title>{escape(label)}: {n}'
                     f'</title></rect>')
        if (len(months) - 1 - i) % label_every == 0:  # counted from the latest month, always labelled
            parts.append(f'<text x="{x + step / 2:.1f}" y="{height - 7}" text-anchor="middle">'
                         f'{escape(label)}</text>')
    parts.append("</svg>")
    return Markup("".join(parts))
