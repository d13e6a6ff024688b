"""Fixtures for training tests: a tiny PolNeAR-layout corpus written to a temporary directory."""

from __future__ import annotations

from pathlib import Path

import pytest

TEXTS = {
    "a": ('The minister said the port would reopen on Monday. "We are ready," she added.\n\n'
          'According to officials, 40 ships are waiting.'),
    "b": ('"Prices will fall," the governor told reporters, "but not soon."\n\n'
          'Critics claim the plan is unfunded.'),
}


def _span(text: str, needle: str, nth: int = 0) -> tuple[int, int]:
    start = -1
    for _ in range(nth + 1):
        start = text.index(needle, start + 1)
    return start, start + len(needle)


def _ann(text: str, rows: list[dict[str, list[str | tuple[str, int]]]]) -> str:
    lines, t = [], 0
    for e, row in enumerate(rows, 1):
        args = []
        for role in ("Source", "Cue", "Content"):
            if role not in row:
                continue
            pieces = [_span(text, *p) if isinstance(p, tuple) else _span(text, p) for p in row[role]]
            t += 1
            offs = ";".join(f"{s} {x}" for s, x in pieces)
            lines.append(f"T{t}\t{role} {offs}\t{' '.join(text[s:x] for s, x in pieces)}")
            args.append(f"{role}:T{t}")
        t += 1
        cue = row["Cue"][0]
        s, x = _span(text, *cue) if isinstance(cue, tuple) else _span(text, cue)
        lines.append(f"T{t}\tAttribution {s} {x}\t{text[s:x]}")
        lines.append(f"E{e}\tAttribution:T{t} " + " ".join(args))
    return "\n".join(lines) + "\n"


GOLD = {
    "a": [
        {"Source": ["The minister"], "Cue": ["said"], "Content": ["the port would reopen on Monday"]},
        {"Source": ["she"], "Cue": ["added"], "Content": ['"We are ready,"']},
        {"Source": ["officials"], "Cue": ["According to"], "Content": ["40 ships are waiting"]},
    ],
    "b": [
        {"Source": ["the governor"], "Cue": ["told"],
         "Content": ['"Prices will fall,"', '"but not soon."']},
        {"Source": ["Critics"], "Cue": ["claim"], "Content": ["the plan is unfunded"]},
    ],
}


@pytest.fixture(scope="session")
def tiny_polnear(tmp_path_factory) -> Path:
    """Two annotated articles in PolNeAR layout (text/ + attributions/NAME_<annotator>.ann)."""
    root = tmp_path_factory.mktemp("polnear")
    (root / "text").mkdir()
    (root / "attributions").mkdir()
    for name, text in TEXTS.items():
        (root / "text" / f"{name}.txt").write_text(text, encoding="utf-8")
        (root / "attributions" / f"{name}_x1.ann").write_text(_ann(text, GOLD[name]), encoding="utf-8")
    return root
