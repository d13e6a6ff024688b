"""Corpus fixtures: every store test runs on SQLite and, when ACCORDING_TEST_PG_URL is set
(``source .ci/postgres.sh``), on PostgreSQL — each test in a schema of its own."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

from according.schema import Attribution, Document, Entity, Figure, Span

PG_URL = os.environ.get("ACCORDING_TEST_PG_URL")


def _pg_schema_url(schema: str) -> str:
    sep = "&" if "?" in PG_URL else "?"
    return f"{PG_URL}{sep}options=-csearch_path%3D{schema}"


@pytest.fixture(params=["sqlite", "postgresql"])
def target(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """A fresh, empty corpus target on each back end."""
    if request.param == "sqlite":
        yield str(tmp_path / "corpus.db")
        return
    if not PG_URL:
        pytest.skip("ACCORDING_TEST_PG_URL not set (source .ci/postgres.sh)")
    from sqlalchemy import create_engine, text

    schema = f"t_{uuid.uuid4().hex[:12]}"
    admin = create_engine(PG_URL.replace("postgresql://", "postgresql+psycopg://", 1))
    with admin.begin() as conn:
        conn.execute(text(f"CREATE SCHEMA {schema}"))
    try:
        yield _pg_schema_url(schema)
    finally:
        with admin.begin() as conn:
            conn.execute(text(f"DROP SCHEMA {schema} CASCADE"))
        admin.dispose()


@pytest.fixture
def store(target: str):
    from according.store import open_store

    s = open_store(target)
    yield s
    s.close()


def make_document(doc_id: str, quotes: list[tuple[str, str]], *, outlet: str | None = None,
                  published: str | None = None, url: str | None = None,
                  figures: list[tuple] = (),
                  extra_mentions: dict[str, list[str]] | None = None) -> Document:
    """A small article built straight from the schema (no parsing).

    ``quotes``: (speaker name, what they said) pairs → "NAME said CONTENT." sentences, one
    entity per distinct name. ``figures``: (number text, value, counted, predicate, speaker[,
    agent[, place, period]]).
    ``extra_mentions``: more surface forms per speaker name, appended as sentences.
    """
    parts: list[str] = [f"[{doc_id}]"]
    pos = len(parts[0]) + 1
    ents: dict[str, Entity] = {}
    atts: list[Attribution] = []

    def add(s: str) -> int:
        nonlocal pos
        start = pos
        parts.append(s)
        pos += len(s) + 1
        return start

    for name, content in quotes:
        ent = ents.setdefault(name, Entity(f"e{len(ents) + 1}", name, "PERSON", []))
        start = add(f"{name} said {content}.")
        src = Span(start, start + len(name), name)
        cue = Span(src.end + 1, src.end + 5, "said")
        body = Span(cue.end + 1, cue.end + 1 + len(content), content)
        ent.mentions.append((src.start, src.end))
        atts.append(Attribution(f"a{len(atts) + 1}", "indirect", src, cue, body, ent.id, 0.9))
    for name, forms in (extra_mentions or {}).items():
        for form in forms:
            start = add(f"{form} spoke.")
            ents[name].mentions.append((start, start + len(form)))
    figs = []
    for i, (number, value, counted, predicate, speaker, *agent) in enumerate(figures, 1):
        start = add(f"{speaker} put it at {number} {counted} {predicate or ''}.")
        nstart = start + len(speaker) + len(" put it at ")
        ent = ents.setdefault(speaker, Entity(f"e{len(ents) + 1}", speaker, "PERSON", []))
        ent.mentions.append((start, start + len(speaker)))
        figs.append(Figure(f"f{i}", nstart, nstart + len(number), number, value, None, None,
                           "exact", counted, predicate, None, ent.id, *agent))
    meta = {k: v for k, v in {"outlet": outlet, "published": published, "url": url}.items() if v}
    return Document(doc_id, " ".join(parts), atts, list(ents.values()), figs, meta)


@pytest.fixture
def make_doc():
    return make_document
