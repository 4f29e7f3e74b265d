"""ok nullable then backfill

Revision ID: 96497bbf3ce3
Revises: eecf6a7e8c28
Create Date: 2025-03-01 10:00:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '96497bbf3ce3'
down_revision = 'eecf6a7e8c28'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("users", sa.Column("plan", sa.Text(), nullable=True))
    op.execute("UPDATE users SET plan = 'free' WHERE plan IS NULL")


def downgrade() -> None:
    pass
