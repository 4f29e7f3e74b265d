"""duplicate assignment

Revision ID: fed0a5794fcf
Revises: d4d0b2e8ba7a
Create Date: 2025-03-01 10:00:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'fed0a5794fcf'
down_revision = 'd4d0b2e8ba7a'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.execute("UPDATE users SET score = 0, score = 1")


def downgrade() -> None:
    pass
