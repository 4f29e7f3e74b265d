"""references may repeat

Revision ID: c4b70e9d2a81
Revises: 1f6d8a3e5c02
Create Date: 2025-06-09 10:00:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'c4b70e9d2a81'
down_revision = '1f6d8a3e5c02'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.drop_constraint('uq_orders_reference', 'orders', type_='unique')


def downgrade() -> None:
    op.create_unique_constraint('uq_orders_reference', 'orders', ['reference'])
