"""feedback type on the feedback row: the model's type, or a person's correction, for the inbox filter

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-02 19:15:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("feedback", schema=None) as batch_op:
        batch_op.add_column(sa.Column("feedback_type", sa.String(length=16), nullable=True))
    # what the items already stored say: the model's type, then the newest correction of it
    op.execute(
        "UPDATE feedback SET feedback_type = "
        "(SELECT a.feedback_type FROM analysis a WHERE a.feedback_id = feedback.id)"
    )
    op.execute(
        "UPDATE feedback SET feedback_type = (SELECT c.value FROM correction c "
        "WHERE c.feedback_id = feedback.id AND c.field = 'type' ORDER BY c.id DESC LIMIT 1) "
        "WHERE EXISTS (SELECT 1 FROM correction c "
        "WHERE c.feedback_id = feedback.id AND c.field = 'type')"
    )


def downgrade() -> None:
    # A plain DROP COLUMN (SQLite >= 3.35 has it): batch mode would copy and drop the feedback
    # table, which the rows of analysis, correction and cases refer to.
    op.execute("ALTER TABLE feedback DROP COLUMN feedback_type")
