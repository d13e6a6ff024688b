"""Speaker resolution within an article. PLACEHOLDER: being written."""

from __future__ import annotations

from spacy.tokens import Doc

from according.schema import Attribution, Entity


def resolve_speakers(doc: Doc, attributions: list[Attribution]) -> list[Entity]:
    """Group attribution sources into entities; sets ``Attribution.speaker``."""
    entities: dict[str, Entity] = {}
    for a in attributions:
        if a.source is None:
            continue
        key = a.source.text.lower()
        if key not in entities:
            entities[key] = Entity(f"e{len(entities) + 1}", a.source.text, "OTHER", [])
        entities[key].mentions.append((a.source.start, a.source.end))
        a.speaker = entities[key].id
    return list(entities.values())
