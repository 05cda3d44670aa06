"""corrections take effect: an aspect correction carries a polarity or removes the aspect, and an
item's aspect rows say which a person set

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-02 18:20:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("correction", schema=None) as batch_op:
        batch_op.add_column(sa.Column("polarity", sa.String(length=16), nullable=True))
        batch_op.add_column(
            sa.Column("is_removal", sa.Boolean(), server_default=sa.false(), nullable=False)
        )
    with op.batch_alter_table("feedback_aspect", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("is_corrected", sa.Boolean(), server_default=sa.false(), nullable=False)
        )


def downgrade() -> None:
    with op.batch_alter_table("feedback_aspect", schema=None) as batch_op:
        batch_op.drop_column("is_corrected")
    with op.batch_alter_table("correction", schema=None) as batch_op:
        batch_op.drop_column("is_removal")
        batch_op.drop_column("polarity")
