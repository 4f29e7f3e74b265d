"""add nickname to users

Revision ID: a1716172bbac
Revises: 6d99298a3b7a
Create Date: 2025-02-05 10:00:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'a1716172bbac'
down_revision = '6d99298a3b7a'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column('users', sa.Column('nickname', sa.String(length=40), nullable=True))


def downgrade() -> None:
    op.drop_column('users', 'nickname')
