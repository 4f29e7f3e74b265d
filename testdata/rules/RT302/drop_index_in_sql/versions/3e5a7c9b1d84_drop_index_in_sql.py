"""drop index written in SQL

Revision ID: 3e5a7c9b1d84
Revises: 576e2b6894c8
Create Date: 2025-03-01 10:00:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '3e5a7c9b1d84'
down_revision = '576e2b6894c8'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.execute("DROP INDEX ix_users_email")


def downgrade() -> None:
    pass
