"""``attributions.parent``: the local id of the attribution whose content holds this one.

Idempotent like 0005. Attributions stored before this revision have no parent (none were nested).

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-07
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    columns = {c["name"] for c in sa.inspect(op.get_bind()).get_columns("attributions")}
    if "parent" not in columns:
        op.add_column("attributions", sa.Column("parent", sa.String(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("attributions") as batch:
        batch.drop_column("parent")
