"""add phone to users

Revision ID: f18d3c6b20e9
Revises: 93b6e1f0a4d7
Create Date: 2024-08-15 22:54:16.969314

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'f18d3c6b20e9'
down_revision = '0e5c2a9f7b13'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column('users', sa.Column('phone', sa.String(32), nullable=True))


def downgrade() -> None:
    op.drop_column('users', 'phone')
