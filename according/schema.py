"""Typed results of extraction: the versioned output schema every component shares.

Offsets are Python string (code point) offsets into ``Document.text``, end exclusive.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from typing import Any

SCHEMA_VERSION = 2
#: How every interface shows who gives a figure that no source is named for: the article itself.
ARTICLES_OWN = "the article's own"
#: Older versions ``Document.from_dict`` still reads (1: entities without ``kind``).
READABLE_SCHEMAS = (1, 2)

#: Attribution types: how the content is reported.
ATTRIBUTION_TYPES = ("direct", "indirect", "mixed", "according_to")
#: Entity types produced by speaker resolution.
ENTITY_TYPES = ("PERSON", "ORG", "GPE", "NORP", "GROUP", "OTHER")
#: What kind of source an entity is: named (a person, organisation or place the article
#: names), unnamed (anonymous: "officials", "a person familiar with"), group ("Republicans",
#: "critics") or document (a poll, report, statement, ad).
SOURCE_KINDS = ("named", "unnamed", "group", "document")
#: Qualifiers of a figure's value.
QUALIFIERS = ("exact", "approximately", "more_than", "less_than", "at_least", "up_to", "vague")
#: Metadata fields passed through from the input to the output.
META_FIELDS = ("title", "url", "published", "outlet")


def text_sha256(text: str) -> str:
    """Hex SHA-256 of the UTF-8 text: the article's identity for deduplication."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class Span:
    """A stretch of the article; ``spans`` lists the pieces when discontinuous."""

    start: int
    end: int
    text: str
    spans: tuple[tuple[int, int], ...] = ()

    @classmethod
    def from_pieces(cls, text: str, pieces: list[tuple[int, int]]) -> Span:
        """Build a span from (start, end) pieces of ``text`` (sorted, merged, pieces kept)."""
        pieces = sorted((int(s), int(e)) for s, e in pieces if e > s)
        if not pieces:
            raise ValueError("a span needs at least one non-empty piece")
        merged: list[tuple[int, int]] = []
        for s, e in pieces:
            if merged and s <= merged[-1][1]:
                merged[-1] = (merged[-1][0], max(e, merged[-1][1]))
            else:
                merged.append((s, e))
        start, end = merged[0][0], merged[-1][1]
        shown = " … ".join(text[s:e] for s, e in merged)
        return cls(start, end, shown, tuple(merged))

    @property
    def pieces(self) -> tuple[tuple[int, int], ...]:
        return self.spans or ((self.start, self.end),)

    def to_dict(self, with_spans: bool = False) -> dict[str, Any]:
        d: dict[str, Any] = {"start": self.start, "end": self.end, "text": self.text}
        if with_spans:
            d["spans"] = [list(p) for p in self.pieces]
        return d

    @classmethod
    def from_dict(cls, d: dict[str, Any] | None) -> Span | None:
        if not d:
            return None
        spans = tuple((int(s), int(e)) for s, e in d.get("spans") or ())
        return cls(int(d["start"]), int(d["end"]), d.get("text", ""), spans)


@dataclass
class Attribution:
    """One attributed statement: who (source) said (cue) what (content)."""

    id: str
    type: str
    source: Span | None
    cue: Span | None
    content: Span
    speaker: str | None = None
    confidence: float = 1.0
    #: The id of the attribution whose content holds this one ("I think …" inside a quotation).
    parent: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "type": self.type,
            "source": self.source.to_dict() if self.source else None,
            "cue": self.cue.to_dict() if self.cue else None,
            "content": self.content.to_dict(with_spans=True),
            "speaker": self.speaker,
            "confidence": round(float(self.confidence), 4),
            "parent": self.parent,
        }

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Attribution:
        content = Span.from_dict(d["content"])
        assert content is not None
        return cls(
            id=d["id"], type=d["type"], source=Span.from_dict(d.get("source")),
            cue=Span.from_dict(d.get("cue")), content=content,
            speaker=d.get("speaker"), confidence=float(d.get("confidence", 1.0)),
            parent=d.get("parent"),
        )


@dataclass
class Entity:
    """A source resolved across the article: every mention of one person or body that speaks
    or that a figure belongs to."""

    id: str
    name: str
    type: str
    mentions: list[tuple[int, int]] = field(default_factory=list)
    kind: str = "named"  # one of SOURCE_KINDS

    def to_dict(self) -> dict[str, Any]:
        return {"id": self.id, "name": self.name, "type": self.type, "kind": self.kind,
                "mentions": [list(m) for m in self.mentions]}

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Entity:
        kind = d.get("kind") or legacy_kind(d["type"])
        return cls(d["id"], d["name"], d["type"], [(int(s), int(e)) for s, e in d.get("mentions", [])],
                   kind)


def legacy_kind(type: str) -> str:
    """The source kind of an entity stored before kinds existed, from its type alone."""
    return {"GROUP": "group", "NORP": "group", "OTHER": "unnamed"}.get(type, "named")


@dataclass
class Figure:
    """A numeric claim and who reported it (``attribution``/``source_entity`` null when unsourced).

    ``agent`` is who or what the claim says caused the counted event ("gunmen", "air strikes"),
    when the sentence names one: the same toll with different agents is not a disagreement.
    ``place`` and ``period`` are the place and the time the figure's sentence names ("gaza",
    "2013"), lower case, null when it names none: the same count of two places or two years is
    not a disagreement either."""

    id: str
    start: int
    end: int
    text: str
    value: float | None
    low: float | None
    high: float | None
    qualifier: str
    counted: str | None
    predicate: str | None
    attribution: str | None
    source_entity: str | None
    agent: str | None = None
    place: str | None = None
    period: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {k: getattr(self, k) for k in self.__dataclass_fields__}

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Figure:
        return cls(**{k: d.get(k) for k in cls.__dataclass_fields__})


@dataclass
class Document:
    """An article with its attributions, speakers and figures (schema ``SCHEMA_VERSION``)."""

    id: str
    text: str
    attributions: list[Attribution] = field(default_factory=list)
    entities: list[Entity] = field(default_factory=list)
    figures: list[Figure] = field(default_factory=list)
    meta: dict[str, Any] = field(default_factory=dict)

    @property
    def text_sha256(self) -> str:
        return text_sha256(self.text)

    def entity(self, entity_id: str | None) -> Entity | None:
        """The entity with this id, or None."""
        return next((e for e in self.entities if e.id == entity_id), None)

    def to_dict(self) -> dict[str, Any]:
        d: dict[str, Any] = {"schema": SCHEMA_VERSION, "id": self.id, "text_sha256": self.text_sha256}
        for k in META_FIELDS:
            if self.meta.get(k) is not None:
                d[k] = self.meta[k]
        d["attributions"] = [a.to_dict() for a in self.attributions]
        d["entities"] = [e.to_dict() for e in self.entities]
        d["figures"] = [f.to_dict() for f in self.figures]
        d["text"] = self.text
        return d

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Document:
        if d.get("schema") not in READABLE_SCHEMAS:
            raise ValueError(f"unsupported schema version {d.get('schema')!r} (expected {SCHEMA_VERSION})")
        return cls(
            id=str(d["id"]), text=d["text"],
            attributions=[Attribution.from_dict(a) for a in d.get("attributions", [])],
            entities=[Entity.from_dict(e) for e in d.get("entities", [])],
            figures=[Figure.from_dict(f) for f in d.get("figures", [])],
            meta={k: d[k] for k in META_FIELDS if d.get(k) is not None},
        )
