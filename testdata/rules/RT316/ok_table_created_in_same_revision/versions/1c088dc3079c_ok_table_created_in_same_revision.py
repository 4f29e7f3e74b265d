"""ok table created in same revision

Revision ID: 1c088dc3079c
Revises: 12432065bf1e
Create Date: 2025-03-01 10:00:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '1c088dc3079c'
down_revision = '12432065bf1e'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "events",
        sa.Column("id", sa.BigInteger(), sa.Identity(), primary_key=True),
        sa.Column("kind", sa.Text(), nullable=False),
    )
    op.alter_column("events", "kind", existing_type=sa.Text(), nullable=True)


def downgrade() -> None:
    pass
