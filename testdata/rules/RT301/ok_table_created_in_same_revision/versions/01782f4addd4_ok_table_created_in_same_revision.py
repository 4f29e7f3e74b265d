"""ok table created in same revision

Revision ID: 01782f4addd4
Revises: 3af54d7df190
Create Date: 2025-03-01 10:00:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '01782f4addd4'
down_revision = '3af54d7df190'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "events",
        sa.Column("id", sa.BigInteger(), sa.Identity(), primary_key=True),
        sa.Column("kind", sa.Text(), nullable=True),
    )
    op.create_index("ix_events_kind", "events", ["kind"])


def downgrade() -> None:
    pass
