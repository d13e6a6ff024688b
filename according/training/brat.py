"""Reading PolNeAR (BRAT standoff) attributions: ``text/NAME.txt`` + ``attributions/NAME_<ann>.ann``."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from according.errors import InputError

Pieces = list[tuple[int, int]]
ROLES = ("source", "cue", "content")


@dataclass
class GoldAttribution:
    """One gold attribution: character pieces per role (None when the role is absent)."""

    content: Pieces
    cue: Pieces | None = None
    source: Pieces | None = None


@dataclass
class GoldDoc:
    """A text and its gold attributions (from the first annotator file, as the scorer does)."""

    name: str
    text: str
    attributions: list[GoldAttribution] = field(default_factory=list)


def parse_ann(path: Path) -> list[GoldAttribution]:
    """Attribution events of one .ann file (events without content are skipped)."""
    ents: dict[str, Pieces] = {}
    events: list[dict[str, str]] = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.startswith("T"):
            parts = line.split("\t")
            if len(parts) < 2:
                continue
            head = parts[1].split(" ", 1)
            if len(head) < 2:
                continue
            pieces = []
            for seg in head[1].split(";"):
                a, b = seg.split()
                pieces.append((int(a), int(b)))
            ents[parts[0]] = pieces
        elif line.startswith("E"):
            parts = line.split("\t")
            if len(parts) < 2:
                continue
            events.append(dict(a.split(":", 1) for a in parts[1].split() if ":" in a))
    out = []
    for args in events:
        if "Attribution" not in args:
            continue
        roles = {r: ents.get(args.get(r.capitalize(), "")) for r in ROLES}
        if not roles["content"]:
            continue
        out.append(GoldAttribution(content=roles["content"], cue=roles["cue"], source=roles["source"]))
    return out


def read_dir(data_dir: str | Path) -> list[GoldDoc]:
    """Every annotated document of a PolNeAR-layout directory, sorted by name."""
    root = Path(data_dir)
    text_dir, ann_dir = root / "text", root / "attributions"
    if not text_dir.is_dir() or not ann_dir.is_dir():
        raise InputError(str(root), "not a PolNeAR directory (needs text/ and attributions/)")
    docs = []
    for tpath in sorted(text_dir.glob("*.txt")):
        anns = sorted(ann_dir.glob(tpath.stem + "_*.ann"))
        if not anns:
            continue
        docs.append(GoldDoc(tpath.stem, tpath.read_text(encoding="utf-8"), parse_ann(anns[0])))
    if not docs:
        raise InputError(str(root), "no annotated documents found")
    return docs
