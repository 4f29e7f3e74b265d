"""ok reindex concurrently

Revision ID: c2c0c68ba1d0
Revises: 293a7f614db7
Create Date: 2025-03-01 10:00:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'c2c0c68ba1d0'
down_revision = '293a7f614db7'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.get_context().autocommit_block():
        op.execute("REINDEX INDEX CONCURRENTLY ix_users_email")


def downgrade() -> None:
    pass
