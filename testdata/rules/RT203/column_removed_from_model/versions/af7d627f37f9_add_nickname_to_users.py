"""add nickname to users

Revision ID: af7d627f37f9
Revises: 550feb1baea6
Create Date: 2025-02-04 10:00:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'af7d627f37f9'
down_revision = '550feb1baea6'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column('users', sa.Column('nickname', sa.String(length=40), nullable=True))


def downgrade() -> None:
    op.drop_column('users', 'nickname')
