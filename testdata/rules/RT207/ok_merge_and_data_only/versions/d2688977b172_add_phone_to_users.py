"""add phone to users

Revision ID: d2688977b172
Revises: 1273c1f2cfc1
Create Date: 2025-02-05 10:00:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'd2688977b172'
down_revision = '1273c1f2cfc1'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column('users', sa.Column('phone', sa.String(length=30), nullable=True))


def downgrade() -> None:
    op.drop_column('users', 'phone')
