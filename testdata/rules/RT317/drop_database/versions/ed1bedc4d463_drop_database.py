"""drop database

Revision ID: ed1bedc4d463
Revises: 82dc7d9502c3
Create Date: 2025-03-01 10:00:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'ed1bedc4d463'
down_revision = '82dc7d9502c3'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.execute("DROP DATABASE analytics")


def downgrade() -> None:
    pass
