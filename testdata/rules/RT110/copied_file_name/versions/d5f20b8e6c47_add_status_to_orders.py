"""add status to orders

Revision ID: 3b8c6f1a0e29
Revises: a3e07c5d9f12
Create Date: 2024-10-14 19:09:28.055278

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '3b8c6f1a0e29'
down_revision = 'a3e07c5d9f12'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column('orders', sa.Column('status', sa.String(20), nullable=True))


def downgrade() -> None:
    op.drop_column('orders', 'status')
