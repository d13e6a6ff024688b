"""``figures.place`` and ``figures.period``: where and when a figure's sentence sets it.

Idempotent like 0003: a database created by today's baseline already has the columns. Figures
stored before this revision keep them null (unknown) until their articles are ingested again.

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-07
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None

COLUMNS = ("place", "period")


def upgrade() -> None:
    present = {c["name"] for c in sa.inspect(op.get_bind()).get_columns("figures")}
    for name in COLUMNS:
        if name not in present:
            op.add_column("figures", sa.Column(name, sa.String(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("figures") as batch:
        for name in COLUMNS:
            batch.drop_column(name)
