"""reindex

Revision ID: ddb975ed9084
Revises: 3327ab4c8f64
Create Date: 2025-03-01 10:00:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'ddb975ed9084'
down_revision = '3327ab4c8f64'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.execute("REINDEX INDEX ix_users_email")


def downgrade() -> None:
    pass
