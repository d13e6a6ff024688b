"""Per speaker and outlet counts (``speaker_outlets``) and covering name indexes on entities.

Written to be idempotent: a database created at 0001 by today's ``create_all`` baseline
already has both, one created by an earlier 0001 gets them here (counts filled in).

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-25
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from according.store.linking import refresh_counts
from according.store.tables import entities, speaker_outlets

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

_INDEXES = {"ix_entities_name_key": ["name_key", "key_kind", "speaker_id"],
            "ix_entities_surname": ["surname", "key_kind", "speaker_id"]}


def upgrade() -> None:
    bind = op.get_bind()
    inspector = sa.inspect(bind)
    if not inspector.has_table("speaker_outlets"):
        speaker_outlets.create(bind)
        refresh_counts(bind)
    present = {ix["name"]: ix["column_names"] for ix in inspector.get_indexes("entities")}
    for index in entities.indexes:
        if index.name in _INDEXES and present.get(index.name) != _INDEXES[index.name]:
            if index.name in present:
                op.drop_index(index.name, table_name="entities")
            index.create(bind)


def downgrade() -> None:
    op.drop_table("speaker_outlets")
