"""``entities.kind``: named, unnamed, group or document source (``schema.SOURCE_KINDS``).

Idempotent like 0003. Entities stored before this revision keep a null kind; queries read a
null kind from the entity's type (``schema.legacy_kind``) until their articles are ingested again.

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-07
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    columns = {c["name"] for c in sa.inspect(op.get_bind()).get_columns("entities")}
    if "kind" not in columns:
        op.add_column("entities", sa.Column("kind", sa.String(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("entities") as batch:
        batch.drop_column("kind")
