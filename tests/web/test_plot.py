"""The speaker timeline SVG and the quote-mark filter used by the pages."""

from __future__ import annotations

import re

from according.web.pages import quoted, safe_url
from according.web.plot import timeline_svg


def bars(svg: str) -> list[float]:
    return [float(h) for h in re.findall(r'<rect class="bar"[^>]* height="([\d.]+)"', svg)]


def test_timeline_fills_gaps_between_months():
    svg = str(timeline_svg({"2023-01": 2, "2023-04": 4}))
    heights = bars(svg)
    assert len(heights) == 12  # padded back to a year, gaps drawn as empty months
    assert heights[-1] == max(heights) and heights[-4] == max(heights) / 2
    assert heights.count(0.0) == 10
    assert "Jan 2023: 2" in svg and "Apr 2023: 4" in svg


def test_timeline_keeps_the_latest_ten_years():
    svg = str(timeline_svg({"2000-01": 1, "2020-06": 3}))
    assert len(bars(svg)) == 120


def test_timeline_without_dates_is_none():
    assert timeline_svg({}) is None
    assert timeline_svg({"unknown": 3, "2023-13": 1}) is None


def test_timeline_escapes_nothing_it_did_not_make():
    svg = str(timeline_svg({"2023-01<script>": 1}))
    assert "<script>" not in svg


def test_quoted_adds_marks_only_when_missing():
    assert quoted("the port will reopen") == "“the port will reopen”"
    assert quoted("“We won,” he said") == "“We won,” he said"


def test_safe_url_refuses_scripts():
    assert safe_url("https://example.org/a") == "https://example.org/a"
    for bad in ("javascript:alert(1)", " JavaScript:alert(1)", "data:text/html,x", "//evil", None, 5):
        assert safe_url(bad) is None
