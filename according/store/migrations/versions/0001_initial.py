"""Initial corpus schema: documents, attributions, entities, speakers, figures, corrections, FTS.

The baseline creates the tables from ``according.store.tables`` as they stand now, so every
later revision must be idempotent against it (see 0002): it brings databases created by an
older baseline to the same state, and is a no-op on new ones.

Revision ID: 0001
Revises:
Create Date: 2026-11-25
"""

from __future__ import annotations

from alembic import op

from according.store.tables import metadata

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None

_SQLITE_FTS = [
    "CREATE INDEX ix_attributions_speaker_date ON attributions (speaker_id, published_at, id)",
    """CREATE VIRTUAL TABLE attributions_fts USING fts5(
        content_text, content='attributions', content_rowid='id',
        tokenize='porter unicode61 remove_diacritics 2')""",
    """CREATE TRIGGER attributions_fts_ai AFTER INSERT ON attributions BEGIN
        INSERT INTO attributions_fts(rowid, content_text) VALUES (new.id, new.content_text);
    END""",
    """CREATE TRIGGER attributions_fts_ad AFTER DELETE ON attributions BEGIN
        INSERT INTO attributions_fts(attributions_fts, rowid, content_text)
        VALUES ('delete', old.id, old.content_text);
    END""",
    """CREATE TRIGGER attributions_fts_au AFTER UPDATE OF content_text ON attributions BEGIN
        INSERT INTO attributions_fts(attributions_fts, rowid, content_text)
        VALUES ('delete', old.id, old.content_text);
        INSERT INTO attributions_fts(rowid, content_text) VALUES (new.id, new.content_text);
    END""",
]

_POSTGRES_FTS = [
    # Scanned backwards this gives "published_at DESC NULLS LAST, id DESC" per speaker.
    """CREATE INDEX ix_attributions_speaker_date
        ON attributions (speaker_id, published_at NULLS FIRST, id)""",
    """ALTER TABLE attributions ADD COLUMN content_tsv tsvector
        GENERATED ALWAYS AS (to_tsvector('english', content_text)) STORED""",
    "CREATE INDEX ix_attributions_content_tsv ON attributions USING GIN (content_tsv)",
]


def upgrade() -> None:
    bind = op.get_bind()
    metadata.create_all(bind)
    for statement in _SQLITE_FTS if bind.dialect.name == "sqlite" else _POSTGRES_FTS:
        op.execute(statement)


def downgrade() -> None:
    bind = op.get_bind()
    if bind.dialect.name == "sqlite":
        op.execute("DROP TABLE IF EXISTS attributions_fts")
    metadata.drop_all(bind)
