"""Reading PolNeAR-layout data: ``DIR/text/NAME.txt`` and ``DIR/attributions/NAME_<annotator>.ann`` (BRAT).

Only ``E`` events of type Attribution are attributions; when several annotators annotated an
article, the first ``.ann`` in sorted order is used (as the reference scorer does).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

Pieces = list[tuple[int, int]]


@dataclass
class GoldAttribution:
    """One annotated attribution: character pieces per role (None when absent)."""

    source: Pieces | None
    cue: Pieces | None
    content: Pieces | None


@dataclass
class GoldDocument:
    name: str
    text: str
    attributions: list[GoldAttribution]


def parse_ann(text: str) -> list[GoldAttribution]:
    """Attributions of one BRAT standoff file's contents."""
    spans: dict[str, Pieces] = {}
    events: list[dict[str, str]] = []
    for line in text.splitlines():
        fields = line.split("\t")
        if line.startswith("T") and len(fields) >= 2:
            label_offsets = fields[1].split(" ", 1)
            if len(label_offsets) < 2:
                continue
            pieces = []
            for seg in label_offsets[1].split(";"):
                start, end = seg.split()
                pieces.append((int(start), int(end)))
            spans[fields[0]] = pieces
        elif line.startswith("E") and len(fields) >= 2:
            events.append(dict(arg.split(":", 1) for arg in fields[1].split()))
    out = []
    for ev in events:
        if "Attribution" not in ev:
            continue
        out.append(GoldAttribution(*(spans.get(ev.get(k, "")) for k in ("Source", "Cue", "Content"))))
    return out


def annotation_files(gold_dir: Path, name: str) -> list[Path]:
    return sorted((gold_dir / "attributions").glob(f"{name}_*.ann"))


def read_polnear(gold_dir: str | Path) -> Iterator[GoldDocument]:
    """Every annotated article of a PolNeAR-layout directory, in name order."""
    gold_dir = Path(gold_dir)
    text_dir = gold_dir / "text"
    if not text_dir.is_dir():
        from according.errors import InputError

        raise InputError(str(gold_dir), "not a PolNeAR-layout directory (no text/ folder)")
    for tpath in sorted(text_dir.glob("*.txt")):
        name = tpath.stem
        anns = annotation_files(gold_dir, name)
        if not anns:
            continue
        yield GoldDocument(name, tpath.read_text(encoding="utf-8"),
                           parse_ann(anns[0].read_text(encoding="utf-8")))
