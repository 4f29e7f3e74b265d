"""concurrently in sql

Revision ID: 84c9475a9887
Revises: 6d4d36a74cd2
Create Date: 2025-03-01 10:00:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '84c9475a9887'
down_revision = '6d4d36a74cd2'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.execute("CREATE INDEX CONCURRENTLY ix_users_name ON users (name)")


def downgrade() -> None:
    pass
