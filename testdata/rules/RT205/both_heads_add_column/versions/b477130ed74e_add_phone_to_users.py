"""add phone to users

Revision ID: b477130ed74e
Revises: 46b26dbca48c
Create Date: 2025-02-04 10:00:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'b477130ed74e'
down_revision = '46b26dbca48c'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column('users', sa.Column('phone', sa.String(length=30), nullable=True))


def downgrade() -> None:
    op.drop_column('users', 'phone')
