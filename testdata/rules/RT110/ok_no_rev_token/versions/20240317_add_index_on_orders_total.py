"""add index on orders total

Revision ID: 2c7d4a8f5e03
Revises: f63b0d9e1a28
Create Date: 2024-10-27 14:55:34.716556

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '2c7d4a8f5e03'
down_revision = 'f63b0d9e1a28'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index('ix_orders_total', 'orders', ['total'])


def downgrade() -> None:
    op.drop_index('ix_orders_total', table_name='orders')
