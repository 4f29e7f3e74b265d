"""add phone to users

Revision ID: c9015ab44bd3
Revises: 6d99298a3b7a
Create Date: 2025-02-04 10:00:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'c9015ab44bd3'
down_revision = '6d99298a3b7a'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column('users', sa.Column('phone', sa.String(length=30), nullable=True))


def downgrade() -> None:
    op.drop_column('users', 'phone')
