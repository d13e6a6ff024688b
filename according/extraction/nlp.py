"""Loading the spaCy English pipeline once per process (offline, from the pinned package)."""

from __future__ import annotations

from collections.abc import Iterable
from functools import lru_cache

import numpy as np
import spacy
from spacy.language import Language
from spacy.tokens import Doc

PARAGRAPHS = "according_paragraphs"
_TEXT = "according.text"


def doc_text(doc: Doc) -> str:
    """``doc.text``, built once per Doc: spaCy rebuilds it from every token on each access,
    and extraction reads it in several places (about 1 ms per article each time)."""
    text = doc.user_data.get(_TEXT)
    if text is None:
        text = doc.user_data[_TEXT] = doc.text
    return text


def tokens_where(doc: Doc, attr: str, values: Iterable[str]) -> list[int]:
    """Indices of the tokens whose ``attr`` ("ORTH", "LOWER", "DEP", ...) is one of ``values``,
    read from ``Doc.to_array``: a loop over tokens builds a Token object for every word."""
    ids = [doc.vocab.strings.add(v) for v in values]
    return np.flatnonzero(np.isin(doc.to_array(attr), ids)).tolist()


@Language.component(PARAGRAPHS)
def mark_paragraphs(doc: Doc) -> Doc:
    """Start a sentence after every paragraph break, before the parser runs.

    The small English parser often runs a headline or a paragraph into the next one, which
    then links a quote to the wrong speaker. A blank line always breaks; a single newline
    breaks unless the next line starts in lower case (a hard-wrapped sentence).
    """
    for tok in doc[:-1]:
        if tok.is_space and "\n" in tok.text:
            nxt = doc[tok.i + 1]
            if "\n\n" in tok.text or not nxt.text[:1].islower():
                nxt.is_sent_start = True
    return doc


@lru_cache(maxsize=4)
def load_nlp(name: str, paragraphs: bool = True) -> Language:
    """The spaCy pipeline ``name`` (package or path), cached per process.

    With ``paragraphs``, paragraph breaks start sentences (``mark_paragraphs``).
    """
    nlp = spacy.load(name)
    nlp.max_length = max(nlp.max_length, 6_000_000)
    if paragraphs and "parser" in nlp.pipe_names and PARAGRAPHS not in nlp.pipe_names:
        nlp.add_pipe(PARAGRAPHS, before="parser")
    return nlp
