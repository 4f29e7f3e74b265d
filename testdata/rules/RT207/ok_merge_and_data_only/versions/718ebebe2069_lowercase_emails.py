"""lowercase emails

Revision ID: 718ebebe2069
Revises: 1273c1f2cfc1
Create Date: 2025-02-04 10:00:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '718ebebe2069'
down_revision = '1273c1f2cfc1'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.execute("UPDATE users SET email = lower(email)")


def downgrade() -> None:
    pass
