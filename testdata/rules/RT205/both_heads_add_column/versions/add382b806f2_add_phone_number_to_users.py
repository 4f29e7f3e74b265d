"""add phone number to users

Revision ID: add382b806f2
Revises: 46b26dbca48c
Create Date: 2025-02-05 10:00:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'add382b806f2'
down_revision = '46b26dbca48c'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column('users', sa.Column('phone', sa.String(length=20), nullable=False, server_default=''))


def downgrade() -> None:
    op.drop_column('users', 'phone')
