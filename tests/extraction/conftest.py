"""Fixtures for extraction tests: the spaCy pipeline and a helper that builds attributions."""

from __future__ import annotations

import re
from collections.abc import Callable

import pytest
from spacy.language import Language
from spacy.tokens import Doc

from according.schema import Attribution, Span


def _find(text: str, needle: str, nth: int = 0) -> tuple[int, int]:
    hits = [m.start() for m in re.finditer(r"(?<!\w)" + re.escape(needle) + r"(?!\w)", text)]
    start = hits[nth]
    return start, start + len(needle)


@pytest.fixture(scope="session")
def attribute(nlp: Language) -> Callable[..., tuple[Doc, list[Attribution]]]:
    """Parse ``text`` and build attributions from (source, content) strings.

    A source or content given as ``(string, n)`` means the n-th whole-word occurrence.
    """

    def build(text: str, pairs: list[tuple[str | tuple[str, int], str | tuple[str, int]]]
              ) -> tuple[Doc, list[Attribution]]:
        doc = nlp(text)
        out = []
        for i, (src, content) in enumerate(pairs):
            s, e = _find(text, *src) if isinstance(src, tuple) else _find(text, src)
            cs, ce = _find(text, *content) if isinstance(content, tuple) else _find(text, content)
            out.append(Attribution(f"a{i + 1}", "indirect", Span(s, e, text[s:e]), None,
                                   Span(ce - (ce - cs), ce, text[cs:ce])))
        return doc, out

    return build
