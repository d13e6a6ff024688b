"""Which stored figures disagree: two or more sources giving different values for one quantity.

A quantity is what is counted and the event (``counted``, ``predicate``), with who caused it,
where and when (``agent``, ``place``, ``period``) where the text says. Two reports clash when
they come from different sources, say different things (their stated intervals do not overlap:
"about 1,200" and "1,150" agree, "between 200 and 300" and "250" agree), are within an order
of magnitude of each other (16 deaths in a crash and 52,000 in a war are different tolls), and
nothing in their context sets them apart: no two different agents, places or years. Where the
counted word is only a unit (percent, dollars) or both reports are in one article, both must
name the same agent (elsewhere an unnamed agent may be any): "58 percent come" in one story and
"half come" in another, or two sums one article says were "raised", are different quantities
far more often than a disagreement. A group is a connected set of clashes, with its reason.
"""

from __future__ import annotations

import math
import re
from datetime import datetime, timedelta
from typing import Any

from according.extraction.numbers import CURRENCY_SYMBOLS
from according.schema import ARTICLES_OWN
from according.store.names import same_agent

#: "about"/"nearly" figures are taken to mean within this share of their value.
APPROXIMATE = 0.1
#: Values further apart than this factor measure different things.
MAX_RATIO = 10.0
#: Units that say how a figure is measured, not what: "48 percent" or "$2 billion" of something
#: unnamed is one quantity with another only when both name the same agent ("Apple holds").
UNITS = frozenset({"percent", "percentage points", "points", *CURRENCY_SYMBOLS.values()})
_YEAR = re.compile(r"\b(1[89]\d\d|20\d\d)\b")


def source_of(r: dict[str, Any]) -> str:
    """Who gives a report: its speaker, else the outlet (or article) in its own voice."""
    if r["speaker_id"] is not None:
        return f"speaker:{r['speaker_id']}"
    return f"outlet:{r['outlet']}" if r["outlet"] else f"document:{r['document_id']}"


def interval(r: dict[str, Any]) -> tuple[float, float]:
    """The values a report allows: its stated bounds ("more than 5,000" → 5,000 and up,
    "between 200 and 300"), its value give or take ``APPROXIMATE`` when approximate."""
    value, low, high = r["value"], r["low"], r["high"]
    if value is None or low is not None or high is not None:
        return (low if low is not None else -math.inf, high if high is not None else math.inf)
    qualifier = r["qualifier"]
    if qualifier in ("more_than", "at_least"):
        return (value, math.inf)
    if qualifier in ("less_than", "up_to"):
        return (-math.inf, value)
    spread = abs(value) * APPROXIMATE if qualifier == "approximately" else 0.0
    return (value - spread, value + spread)


def _midpoint(r: dict[str, Any]) -> float | None:
    if r["value"] is not None:
        return abs(r["value"])
    if r["low"] is not None and r["high"] is not None:
        return math.sqrt(abs(r["low"] * r["high"]))
    return r["low"] if r["low"] is not None else r["high"]


def _same_scale(x: dict[str, Any], y: dict[str, Any]) -> bool:
    a, b = _midpoint(x), _midpoint(y)
    if not a or not b:
        return a == b
    return max(a, b) / min(a, b) <= MAX_RATIO


def _years(period: str | None) -> set[str]:
    return set(_YEAR.findall(period or ""))


def _same_setting(x: dict[str, Any], y: dict[str, Any]) -> bool:
    """No two different agents, places or years (each compared where both are known). A
    quantity counted only in a unit (percent, dollars), or two reports in one article, must
    name the same agent on both sides."""
    ax, ay = x["agent"], y["agent"]
    if not same_agent(ax, ay):
        return False
    if (not ax or not ay) and (x["document_id"] == y["document_id"] or x["counted"] in UNITS):
        return False
    if x["place"] and y["place"] and not same_agent(x["place"], y["place"]):  # a shared word
        return False
    yx, yy = _years(x["period"]), _years(y["period"])
    return not (yx and yy and not yx & yy)


def clash(x: dict[str, Any], y: dict[str, Any]) -> bool:
    """Two reports of one quantity that disagree (see the module docstring)."""
    if source_of(x) == source_of(y):
        return False
    (lx, hx), (ly, hy) = interval(x), interval(y)
    if lx <= hy and ly <= hx:
        return False  # the stated values overlap
    return _same_scale(x, y) and _same_setting(x, y)


def contests(reports: list[dict[str, Any]], window: timedelta) -> list[list[dict[str, Any]]]:
    """The groups of clashing reports among ``reports`` (one counted/predicate pair): connected
    sets of clashes, dated reports compared only within ``window`` of each other."""
    parent = list(range(len(reports)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    linked: set[int] = set()
    for i, x in enumerate(reports):
        for j in range(i + 1, len(reports)):
            y = reports[j]
            tx, ty = x["published_at"], y["published_at"]
            if tx is not None and ty is not None and abs(tx - ty) > window:
                continue
            if clash(x, y):
                parent[find(i)] = find(j)
                linked |= {i, j}
    groups: dict[int, list[dict[str, Any]]] = {}
    for i in sorted(linked):
        groups.setdefault(find(i), []).append(reports[i])
    return list(groups.values())


def reason(group: list[dict[str, Any]]) -> str:
    """Why the reports were grouped, in words: the quantity, its setting, who says what, and
    how far apart the articles were published when every one is dated."""
    first = group[0]
    place = next((r["place"] for r in group if r["place"]), None)
    period = next((r["period"] for r in group if r["period"]), None)
    words = [first["counted"], first["predicate"], first["agent"] and f"by {first['agent']}",
             place and f"in {place}", period and f"({period})"]
    claims = "; ".join(f"{r['text']} ({r['speaker'] or ARTICLES_OWN})" for r in group[:6])
    sources = len({source_of(r) for r in group})
    text = f"{' '.join(w for w in words if w)}: {sources} sources, values that do not overlap: {claims}"
    dates: list[datetime] = [r["published_at"] for r in group if r["published_at"] is not None]
    if dates and len(dates) == len(group):
        days = (max(dates) - min(dates)).days
        text += f"; published {'the same day' if days == 0 else f'within {days} days'}"
    return text
