"""add nickname to users

Revision ID: 60cb0155f1a9
Revises: 83fd06f94e5a
Create Date: 2025-02-04 10:00:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '60cb0155f1a9'
down_revision = '83fd06f94e5a'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column('users', sa.Column('nickname', sa.String(length=40), nullable=True))


def downgrade() -> None:
    op.drop_column('users', 'nickname')
