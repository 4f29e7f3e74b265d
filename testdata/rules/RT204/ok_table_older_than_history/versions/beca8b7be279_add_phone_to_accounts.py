"""add phone to accounts

Revision ID: beca8b7be279
Revises: 
Create Date: 2025-02-03 10:00:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'beca8b7be279'
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    # `accounts` was created before the project used Alembic.
    op.add_column('accounts', sa.Column('phone', sa.String(length=30), nullable=True))


def downgrade() -> None:
    op.drop_column('accounts', 'phone')
