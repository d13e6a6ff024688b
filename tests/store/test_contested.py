"""When two stored reports of a quantity disagree (``according.store.contested``), on rows
written here."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest

from according.store.contested import clash, contests, interval, reason


def _report(id: int, value: float | None, *, low: float | None = None, high: float | None = None,
            qualifier: str = "exact", speaker: str | None = "Ann Lee", document: int | None = None,
            agent: str | None = None, counted: str = "people", published: datetime | None = None,
            text: str | None = None) -> dict:
    if qualifier == "exact" and value is not None and low is None and high is None:
        low = high = value
    return {"id": id, "value": value, "low": low, "high": high, "qualifier": qualifier,
            "counted": counted, "predicate": "killed", "agent": agent, "place": None, "period": None,
            "speaker_id": None if speaker is None else hash(speaker) % 1000, "speaker": speaker,
            "outlet": "AP", "document_id": id if document is None else document,
            "published_at": published, "text": text or str(value)}


@pytest.mark.parametrize("report, bounds", [
    (_report(1, 1200), (1200, 1200)),
    (_report(1, 1200, qualifier="approximately"), (1080, 1320)),
    (_report(1, 5000, low=5000, qualifier="more_than"), (5000, float("inf"))),
    (_report(1, None, low=200, high=300, qualifier="approximately"), (200, 300)),
    (_report(1, None, low=2000, high=9999, qualifier="vague"), (2000, 9999)),
])
def test_interval_of_a_report(report, bounds):
    assert interval(report) == pytest.approx(bounds)


@pytest.mark.parametrize("x, y", [
    (_report(1, 1200, qualifier="approximately"), _report(2, 1150, speaker="Bob Ray")),
    (_report(1, None, low=200, high=300, qualifier="approximately"), _report(2, 250, speaker="Bob Ray")),
    (_report(1, 5000, low=5000, qualifier="more_than"), _report(2, 6000, speaker="Bob Ray")),
])
def test_overlapping_values_agree(x, y):
    assert not clash(x, y)


def test_different_values_from_different_sources_clash():
    assert clash(_report(1, 1200), _report(2, 1500, speaker="Bob Ray"))
    assert not clash(_report(1, 1200), _report(2, 1500))  # one source revising itself


def test_a_group_is_a_connected_set_of_clashes():
    reports = [_report(1, 100), _report(2, 120, speaker="Bob Ray"),
               _report(3, 5000, speaker="Cy Doe", agent="storm"),
               _report(4, 6000, speaker="Di Ma", agent="storm")]
    groups = contests(reports, timedelta(days=31))
    assert sorted(sorted(r["value"] for r in g) for g in groups) == [[100, 120], [5000, 6000]]


def test_reason_names_the_quantity_and_dates_only_when_known():
    undated = [_report(1, 100, text="100"), _report(2, 120, speaker="Bob Ray", text="120")]
    text = reason(undated)
    assert text.startswith("people killed") and "100 (Ann Lee)" in text and "120 (Bob Ray)" in text
    assert "published" not in text
    day = datetime(2024, 5, 1)
    dated = [_report(1, 100, published=day),
             _report(2, 120, speaker="Bob Ray", published=day + timedelta(days=3))]
    assert reason(dated).endswith("published within 3 days")
    unsourced = [_report(1, 100), _report(2, 120, speaker=None)]
    assert "120 (the article's own)" in reason(unsourced)
