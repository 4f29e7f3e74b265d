"""add index on orders total

Revision ID: 0d94e6b2a7f1
Revises: 7e51d9a0c3b8
Create Date: 2024-10-19 01:44:50.275704

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0d94e6b2a7f1'
down_revision = '7e51d9a0c3b8'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index('ix_orders_total', 'orders', ['total'])


def downgrade() -> None:
    op.drop_index('ix_orders_total', table_name='orders')
