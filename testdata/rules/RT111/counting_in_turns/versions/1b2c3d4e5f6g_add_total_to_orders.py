"""add total to orders

Revision ID: 1b2c3d4e5f6g
Revises: a5b4c3d2e1f0
Create Date: 2024-05-02 10:00:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '1b2c3d4e5f6g'
down_revision = 'a5b4c3d2e1f0'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column('orders', sa.Column('total', sa.Numeric(10, 2), nullable=True))


def downgrade() -> None:
    op.drop_column('orders', 'total')
