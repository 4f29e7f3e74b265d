"""add index on orders total

Revision ID: 5a2e8d0f6b94
Revises: c91f4a7e2d60
Create Date: 2024-03-12 22:23:40.402177

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '5a2e8d0f6b94'
down_revision = 'c91f4a7e2d60'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index('ix_orders_total', 'orders', ['total'])


def downgrade() -> None:
    op.drop_index('ix_orders_total', table_name='orders')
