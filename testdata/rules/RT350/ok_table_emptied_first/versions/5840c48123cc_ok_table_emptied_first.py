"""ok table emptied first

Revision ID: 5840c48123cc
Revises: 45f5675ed700
Create Date: 2025-03-01 10:00:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '5840c48123cc'
down_revision = '45f5675ed700'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.execute("DELETE FROM users")
    op.add_column("users", sa.Column("plan", sa.Text(), nullable=False))


def downgrade() -> None:
    pass
