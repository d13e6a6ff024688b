"""``figures.agent``: who or what a figure says caused the counted event.

Idempotent like 0002: a database created by today's baseline already has the column. Figures
stored before this revision keep a null agent (unknown), so they compare as before until their
articles are ingested again.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-30
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    columns = {c["name"] for c in sa.inspect(op.get_bind()).get_columns("figures")}
    if "agent" not in columns:
        op.add_column("figures", sa.Column("agent", sa.String(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("figures") as batch:
        batch.drop_column("agent")
