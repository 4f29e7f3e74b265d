"""domain with check

Revision ID: c0267c367113
Revises: 83001405a0ce
Create Date: 2025-03-01 10:00:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'c0267c367113'
down_revision = '83001405a0ce'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.execute("CREATE DOMAIN positive_int AS integer CHECK (VALUE > 0)")


def downgrade() -> None:
    pass
