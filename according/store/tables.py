"""The corpus tables (SQLAlchemy Core), shared by SQLite and PostgreSQL.

Primary keys are store-internal integers; the ids inside a Document (``a1``, ``e1``) are kept
as ``local_id``.  Full-text search lives beside these tables and is dialect-specific: an FTS5
external-content table ``attributions_fts`` (SQLite) or the generated ``content_tsv`` column
with a GIN index (PostgreSQL); both are created by the migrations, not here.
"""

from __future__ import annotations

from sqlalchemy import (
    JSON,
    BigInteger,
    Column,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Text,
)

#: Integer primary keys: BIGINT on PostgreSQL, INTEGER (the rowid alias) on SQLite.
PK = BigInteger().with_variant(Integer(), "sqlite")
#: Largest value such a key holds on both back ends.
MAX_ROW_ID = 2**63 - 1


def row_id(ident: str) -> int | None:
    """The row an all-digit identifier names, or None for any other text.

    ValueError for digits that are not ASCII (``²``, Arabic-Indic ``٣``: never read as numbers)
    and for numbers past ``MAX_ROW_ID``, which no row can have (and no database column holds).
    """
    s = ident.strip()
    if not s.isdigit():  # str.isdigit is true for every Unicode digit, ASCII or not
        return None
    if not s.isascii():
        raise ValueError(f"{ident!r} is not an id: ids are written with the ASCII digits 0-9")
    n = int(s)
    if n > MAX_ROW_ID:
        raise ValueError(f"{ident!r} is not an id: ids are at most {MAX_ROW_ID}")
    return n

metadata = MetaData()

documents = Table(
    "documents", metadata,
    Column("id", PK, primary_key=True, autoincrement=True),
    Column("external_id", String, nullable=False),
    Column("text", Text, nullable=False),
    Column("text_sha256", String(64), nullable=False, unique=True),
    # NULLs never collide in a unique index (both back ends): unique when present.
    Column("url", String, unique=True),
    Column("title", String),
    Column("outlet", String),
    #: ``published`` as given in the input; ``published_at`` parsed (UTC, naive) for date filters.
    Column("published", String),
    Column("published_at", DateTime),
    Column("ingested_at", DateTime, nullable=False),
    Column("schema", Integer, nullable=False),
    Index("ix_documents_outlet", "outlet"),
    Index("ix_documents_published_at", "published_at"),
    Index("ix_documents_external_id", "external_id"),
)

speakers = Table(
    "speakers", metadata,
    Column("id", PK, primary_key=True, autoincrement=True),
    #: Normalised name (see ``according.store.names``): the speaker's stable identity.
    Column("key", String, nullable=False, unique=True),
    Column("name", String, nullable=False),
    Column("type", String, nullable=False),
    #: Surface names seen for this speaker, most frequent first.
    Column("aliases", JSON, nullable=False, default=list),
)

entities = Table(
    "entities", metadata,
    Column("id", PK, primary_key=True, autoincrement=True),
    Column("doc_id", PK, ForeignKey("documents.id", ondelete="CASCADE"), nullable=False),
    Column("local_id", String, nullable=False),
    Column("name", String, nullable=False),
    Column("type", String, nullable=False),
    Column("kind", String),  # schema.SOURCE_KINDS; null for entities stored before kinds
    Column("mentions", JSON, nullable=False),
    #: Normalised name, its kind ("full", "surname", "title") and last token (for surname links).
    Column("name_key", String),
    Column("key_kind", String),
    Column("surname", String),
    Column("speaker_id", PK, ForeignKey("speakers.id"), nullable=True),
    Index("ix_entities_doc", "doc_id"),
    # Covering: a name resolves to its speakers from the index alone, however often quoted.
    Index("ix_entities_name_key", "name_key", "key_kind", "speaker_id"),
    Index("ix_entities_surname", "surname", "key_kind", "speaker_id"),
    Index("ix_entities_speaker", "speaker_id"),
)

#: Normalised surface forms of each entity's mentions ("iran supreme leader"): title links.
entity_aliases = Table(
    "entity_aliases", metadata,
    Column("entity_id", PK, ForeignKey("entities.id", ondelete="CASCADE"), primary_key=True),
    Column("alias_key", String, primary_key=True),
    Index("ix_entity_aliases_key", "alias_key"),
)

attributions = Table(
    "attributions", metadata,
    Column("id", PK, primary_key=True, autoincrement=True),
    Column("doc_id", PK, ForeignKey("documents.id", ondelete="CASCADE"), nullable=False),
    Column("local_id", String, nullable=False),
    Column("type", String, nullable=False),
    Column("confidence", Float, nullable=False),
    Column("source_start", Integer), Column("source_end", Integer), Column("source_text", Text),
    Column("cue_start", Integer), Column("cue_end", Integer), Column("cue_text", Text),
    Column("content_start", Integer, nullable=False), Column("content_end", Integer, nullable=False),
    Column("content_text", Text, nullable=False),
    #: Pieces of a discontinuous content span, ``[[start, end], ...]``.
    Column("content_spans", JSON, nullable=False),
    #: ``local_id`` of the attribution whose content holds this one (``Attribution.parent``).
    Column("parent", String),
    #: The speaker entity within the document and its canonical cross-document speaker.
    Column("entity_id", PK, ForeignKey("entities.id", ondelete="SET NULL")),
    Column("speaker_id", PK, ForeignKey("speakers.id")),
    #: The document's ``published_at``, copied so a speaker's quotes come newest first off one
    #: index (``ix_attributions_speaker_date``, created per dialect by the migrations).
    Column("published_at", DateTime),
    Index("ix_attributions_doc", "doc_id"),
    Index("ix_attributions_entity", "entity_id"),
)

figures = Table(
    "figures", metadata,
    Column("id", PK, primary_key=True, autoincrement=True),
    Column("doc_id", PK, ForeignKey("documents.id", ondelete="CASCADE"), nullable=False),
    Column("local_id", String, nullable=False),
    Column("start", Integer, nullable=False), Column("end", Integer, nullable=False),
    Column("text", Text, nullable=False),
    Column("value", Float), Column("low", Float), Column("high", Float),
    Column("qualifier", String, nullable=False),
    Column("counted", String), Column("predicate", String),
    #: Who or what the figure says caused the counted event (``Figure.agent``).
    Column("agent", String),
    #: Where and when the figure's sentence sets it (``Figure.place``, ``Figure.period``).
    Column("place", String), Column("period", String),
    #: Document-local ids as in the schema, plus the store rows they point to.
    Column("attribution", String), Column("source_entity", String),
    Column("attribution_id", PK, ForeignKey("attributions.id", ondelete="SET NULL")),
    Column("entity_id", PK, ForeignKey("entities.id", ondelete="SET NULL")),
    Column("speaker_id", PK, ForeignKey("speakers.id")),
    Index("ix_figures_doc", "doc_id"),
    Index("ix_figures_quantity", "counted", "predicate", "value"),
    Index("ix_figures_speaker", "speaker_id"),
)

#: Quotes and articles per speaker and outlet ("" when unknown), kept current by every write
#: and relink, so ``Store.speakers`` ranks speakers without counting every attribution.
speaker_outlets = Table(
    "speaker_outlets", metadata,
    Column("speaker_id", PK, ForeignKey("speakers.id", ondelete="CASCADE"), primary_key=True),
    Column("outlet", String, primary_key=True),
    Column("quotes", Integer, nullable=False),
    Column("documents", Integer, nullable=False),
    Index("ix_speaker_outlets_outlet", "outlet", "quotes"),
)

#: User corrections to speaker linking, replayed in order on every relink.
speaker_corrections = Table(
    "speaker_corrections", metadata,
    Column("id", PK, primary_key=True, autoincrement=True),
    #: "merge" (``key`` joins ``target_key``) or "split" (``key`` is broken up again).
    Column("action", String, nullable=False),
    Column("key", String, nullable=False),
    Column("target_key", String),
    Column("created_at", DateTime, nullable=False),
)

#: Tables in dependency order (export, stats).
TABLES = (documents, speakers, entities, entity_aliases, attributions, figures, speaker_outlets,
          speaker_corrections)
