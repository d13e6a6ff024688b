"""Figures (numeric claims) tied to who reported them. PLACEHOLDER: being written."""

from __future__ import annotations

from spacy.tokens import Doc

from according.schema import Attribution, Entity, Figure


def extract_figures(doc: Doc, attributions: list[Attribution], entities: list[Entity]) -> list[Figure]:
    """Every numeric claim in ``doc`` with its attribution and source entity (or null)."""
    return []
