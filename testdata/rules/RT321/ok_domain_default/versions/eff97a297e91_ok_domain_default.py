"""ok domain default

Revision ID: eff97a297e91
Revises: 9b9508a048e4
Create Date: 2025-03-01 10:00:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'eff97a297e91'
down_revision = '9b9508a048e4'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.execute("ALTER DOMAIN positive_int SET DEFAULT 1")


def downgrade() -> None:
    pass
