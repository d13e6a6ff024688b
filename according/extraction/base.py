"""The contract between the pipeline and extractor modes."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

from spacy.tokens import Doc

Pieces = list[tuple[int, int]]


@dataclass
class Candidate:
    """An attribution found by an extractor: character pieces of each role, and a confidence."""

    content: Pieces
    cue: Pieces | None = None
    source: Pieces | None = None
    confidence: float = 1.0


class Extractor(Protocol):
    """Finds attributions in parsed documents. Registered in ``according.registry.extractors``."""

    name: str

    def extract(self, docs: list[Doc]) -> list[list[Candidate]]:
        """One list of candidates per document, in document order."""
        ...
