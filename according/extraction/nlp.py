"""Loading the spaCy English pipeline once per process (offline, from the pinned package)."""

from __future__ import annotations

from functools import lru_cache

import spacy
from spacy.language import Language


@lru_cache(maxsize=4)
def load_nlp(name: str) -> Language:
    """The spaCy pipeline ``name`` (package or path), cached per process."""
    nlp = spacy.load(name)
    nlp.max_length = max(nlp.max_length, 6_000_000)
    return nlp
