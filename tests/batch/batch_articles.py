"""Generated news articles for the batch and Spark tests (no corpus text in the repo)."""

from __future__ import annotations

import json
from pathlib import Path

#: Extraction mode for these tests: the rule-based mode needs no trained model, so the
#: tests exercise the batch machinery whatever state the learned model is in.
MODE = "rules"

_PEOPLE = [("Maria Lopez", "the mayor"), ("John Smith", "the minister"), ("Aisha Khan", "the senator"),
           ("Peter Brown", "the spokesman"), ("Lena Weber", "the governor"), ("Tom Okafor", "the chief")]
_TOPICS = ["the harbour", "the new bridge", "the school budget", "the hospital", "the rail line",
           "the water supply", "the tax plan", "the election"]


def article_text(i: int) -> str:
    """A short English news article with quotes, reported speech and a figure."""
    name, role = _PEOPLE[i % len(_PEOPLE)]
    topic = _TOPICS[i % len(_TOPICS)]
    other, _ = _PEOPLE[(i + 1) % len(_PEOPLE)]
    return (
        f"{name}, {role}, spoke about {topic} on Monday in the city council.\n\n"
        f"\"We will finish the work on {topic} before the winter, and nobody will pay more for it,\" "
        f"{name} said. According to {other}, the plan will cost {120 + i} million dollars and "
        f"about {300 + 7 * i} workers will be needed over the next two years.\n\n"
        f"{other} told reporters that the council had not yet seen the final numbers for {topic}. "
        f"\"It is a good start, but we need to see the details,\" {other} said on Tuesday. "
        f"Officials said that at least {10 + i} families would have to move.\n"
    )


def write_folder(root: Path, n: int, nested: bool = True) -> list[str]:
    """``n`` articles as .txt files (every third one in a sub-folder); returns their ids."""
    ids = []
    for i in range(n):
        sub = Path("more") if nested and i % 3 == 2 else Path()
        path = root / sub / f"story{i:03d}.txt"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(article_text(i), encoding="utf-8")
        ids.append((sub / f"story{i:03d}").as_posix())
    return ids


def write_jsonl(path: Path, n: int, start: int = 0) -> list[str]:
    """``n`` articles as JSON lines with metadata; returns their ids."""
    rows = [{"id": f"j{i}", "text": article_text(i), "title": f"Story {i}",
             "url": f"https://example.org/{i}", "published": f"2024-{1 + i % 3:02d}-15",
             "outlet": "Example News"} for i in range(start, start + n)]
    path.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    return [r["id"] for r in rows]
