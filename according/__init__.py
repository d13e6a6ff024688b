"""according: who said what, according to whom — source-attributed records from news."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from typing import Any

from according.config import DEFAULT_SETTINGS, Settings
from according.schema import SCHEMA_VERSION, Attribution, Document, Entity, Figure, Span

__version__ = "0.1.0"
__all__ = [
    "SCHEMA_VERSION", "Attribution", "Document", "Entity", "Figure", "Settings", "Span",
    "extract", "extract_many", "__version__",
]


def extract(text: str, *, id: str = "doc", settings: Settings = DEFAULT_SETTINGS, **meta: Any) -> Document:
    """Extract every attribution, speaker and figure from one article's text.

    ``meta`` may hold ``title``, ``url``, ``published`` and ``outlet``, passed through.
    """
    from according.extraction.pipeline import get_pipeline

    return get_pipeline(settings)(text, id=id, **meta)


def extract_many(items: Iterable[str | dict[str, Any] | tuple[str, dict[str, Any]]], *,
                 n_process: int = 1, settings: Settings = DEFAULT_SETTINGS,
                 batch_size: int | None = None,
                 on_error: Callable[[str, str], None] | None = None) -> Iterator[Document]:
    """Extract from many articles (texts, ``{"id", "text", ...}`` dicts or (text, meta) pairs).

    Results come in input order; ``n_process`` > 1 (or -1 for every core) uses worker processes.
    An article the pipeline fails on goes to ``on_error(id, reason)`` and is skipped; without
    ``on_error`` it raises ``according.extraction.pipeline.ExtractionError``.
    """
    from according.extraction.parallel import extract_many as _many

    def normalise() -> Iterator[tuple[str, dict[str, Any]]]:
        for i, item in enumerate(items):
            if isinstance(item, str):
                yield item, {"id": f"doc{i + 1}"}
            elif isinstance(item, dict):
                meta = {k: v for k, v in item.items() if k != "text"}
                meta.setdefault("id", f"doc{i + 1}")
                yield item["text"], meta
            else:
                text, meta = item
                yield text, {"id": f"doc{i + 1}", **meta}

    return _many(normalise(), n_process=n_process, settings=settings, batch_size=batch_size,
                 on_error=on_error)
