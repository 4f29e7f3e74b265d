"""add nickname

Revision ID: 8b5e1d0c6a72
Revises: 3f2c9a7d4e10
Create Date: 2025-03-04 10:00:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '8b5e1d0c6a72'
down_revision = '3f2c9a7d4e10'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column('users', sa.Column('nickname', sa.String(length=40), nullable=True))
    op.create_index('ix_users_email', 'users', ['email'], unique=True)


def downgrade() -> None:
    op.drop_index('ix_users_email', table_name='users')
    op.drop_column('users', 'nickname')
